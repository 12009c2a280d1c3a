/** A project's caseload (issue 16): the provider's households, sorted, filtered, searched and paged (components/lists.tsx). */
import { useId, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { ListStatus, Pager, SortHeader, useListPage, useListView } from '../../components/lists.tsx';
import { formatDate } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';

interface NextDue {
  kind: 'missing_data' | 'annual' | 'reevaluation';
  label: string;
  dueDate: string;
  overdue: boolean;
  upcoming: boolean;
}
interface CaseloadItem {
  enrollmentId: string;
  householdId: string;
  clientId: string;
  headName: string;
  householdSize: number;
  entryDate: string;
  moveInDate: string | null;
  exitDate: string | null;
  daysEnrolled: number;
  nextDue: NextDue | null;
}
interface CaseloadPageData {
  project: { id: string; name: string; projectType: number; takesMoveIn: boolean };
  items: CaseloadItem[];
  total: number;
  nextCursor: string | null;
}

const PAGE_SIZE = 50;

function nextDueText(d: NextDue | null) {
  if (!d) return '—';
  if (d.kind === 'missing_data') return d.label;
  return `${d.label}: ${d.overdue ? 'overdue since' : d.upcoming ? 'window opens' : 'due by'} ${formatDate(d.dueDate)}`;
}

export function CaseloadPage() {
  const { id } = useParams();
  const ids = useId();
  const view = useListView('headName');
  const status = view.param('status', 'active');
  const query: Record<string, string> = { status, sort: `${view.sort.descending ? '-' : ''}${view.sort.column}`, limit: String(PAGE_SIZE) };
  for (const k of ['exitedFrom', 'exitedTo', 'notHoused', 'annualDue']) if (view.param(k)) query[k] = view.param(k);
  if (status !== 'exited') {
    delete query.exitedFrom;
    delete query.exitedTo;
  }
  const { page, error, loading } = useListPage<CaseloadItem>(`/api/v1/projects/${id}/caseload`, query, view.cursor, { path: `/api/v1/projects/${id}/caseload/search`, name: view.name });
  const data = page as CaseloadPageData | undefined;
  const heading = usePageTitle(data ? `Caseload: ${data.project.name}` : 'Caseload');
  const [name, setName] = useState(view.name);
  const search = (e: FormEvent) => {
    e.preventDefault();
    view.setName(name.trim());
  };
  const takesMoveIn = data?.project.takesMoveIn ?? true;
  const showExit = status !== 'active';
  const filtered = status !== 'active' || view.param('notHoused') || view.param('annualDue') || view.name;
  return (
    <>
      <p>
        <Link to="/projects">Back to the projects</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {data ? `Caseload: ${data.project.name}` : 'Caseload'}
      </h1>
      <form className="card list-filters" onSubmit={search} role="search" aria-label="Search and filter the caseload">
        <div className="field">
          <label htmlFor={`${ids}-name`}>Head of household's name</label>
          <input id={`${ids}-name`} type="search" autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <button type="submit">Search</button>
        <div className="field">
          <label htmlFor={`${ids}-status`}>Households</label>
          <select id={`${ids}-status`} value={status} onChange={(e) => view.setParams({ status: e.target.value === 'active' ? null : e.target.value })}>
            <option value="active">Active (not exited)</option>
            <option value="exited">Exited</option>
            <option value="all">All</option>
          </select>
        </div>
        {status === 'exited' && (
          <>
            <div className="field">
              <label htmlFor={`${ids}-from`}>Exited from</label>
              <input id={`${ids}-from`} type="date" value={view.param('exitedFrom')} onChange={(e) => view.setParams({ exitedFrom: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={`${ids}-to`}>Exited to</label>
              <input id={`${ids}-to`} type="date" value={view.param('exitedTo')} onChange={(e) => view.setParams({ exitedTo: e.target.value })} />
            </div>
          </>
        )}
        {takesMoveIn && (
          <div className="field">
            <label className="choice" htmlFor={`${ids}-housed`}>
              <input id={`${ids}-housed`} type="checkbox" checked={view.param('notHoused') === 'true'} onChange={(e) => view.setParams({ notHoused: e.target.checked ? 'true' : null })} />
              Not yet housed
            </label>
          </div>
        )}
        <div className="field">
          <label className="choice" htmlFor={`${ids}-annual`}>
            <input id={`${ids}-annual`} type="checkbox" checked={view.param('annualDue') === 'true'} onChange={(e) => view.setParams({ annualDue: e.target.checked ? 'true' : null })} />
            Annual assessment due
          </label>
        </div>
        {filtered && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setName('');
              view.clear();
            }}
          >
            Clear the filters
          </button>
        )}
      </form>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <ListStatus loading={loading} page={page} pageSize={PAGE_SIZE} pageIndex={view.pageIndex} noun="household" />
      <div className="table-wrap">
        <table className="caseload-table">
          <caption>Households{view.name ? ' matching the name searched for' : ''}</caption>
          <thead>
            <tr>
              <SortHeader label="Head of household" column="headName" view={view} />
              <SortHeader label="Household size" column="householdSize" view={view} />
              <SortHeader label="Project start" column="entryDate" view={view} />
              {takesMoveIn && <SortHeader label="Housing move-in date" column="moveInDate" view={view} />}
              {showExit && <SortHeader label="Exit date" column="exitDate" view={view} />}
              <SortHeader label="Days enrolled" column="daysEnrolled" view={view} />
              <SortHeader label="Next due" column="nextDue" view={view} />
            </tr>
          </thead>
          <tbody>
            {data?.items.map((h) => (
              <tr key={h.enrollmentId}>
                <th scope="row">
                  <Link to={`/enrollments/${h.enrollmentId}`}>{h.headName}</Link>
                </th>
                <td>{h.householdSize}</td>
                <td>{formatDate(h.entryDate)}</td>
                {takesMoveIn && <td>{h.moveInDate ? formatDate(h.moveInDate) : h.exitDate ? '—' : <span className="badge due-soon">Not yet housed</span>}</td>}
                {showExit && <td>{formatDate(h.exitDate, 'Active')}</td>}
                <td>{h.daysEnrolled}</td>
                <td>{h.nextDue?.overdue ? <span className="error">{nextDueText(h.nextDue)}</span> : nextDueText(h.nextDue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {data && data.total === 0 && <p className="empty-state">{filtered ? 'No household matches these filters.' : 'No household is enrolled in this project.'}</p>}
      </div>
      <Pager view={view} page={page} noun="households" />
    </>
  );
}
