import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { get, post } from '../../api.ts';
import { usePageTitle, useResource } from '../../hooks.ts';
import { RecordPending } from '../../components/RecordPending.tsx';
import { ReportChart } from './ReportChart.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { cellKind, describeSource, showCell, type DrillPage, type ReportRun, type ReportTable } from './model.ts';

interface Drill {
  drill: number;
  what: string;
}

/** A run: its progress while it runs, then its tables, charts, downloads, print view and drill-down. */
export function ReportRunPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const [run, setRun] = useState<ReportRun | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [drill, setDrill] = useState<Drill | null>(null);
  const heading = usePageTitle(run ? run.name : 'Report');

  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      get<ReportRun>(`/api/v1/reports/runs/${id}`).then(
        (r) => {
          if (stop) return;
          setRun(r);
          if (r.status === 'queued' || r.status === 'running') timer = setTimeout(load, 700);
        },
        (e: Error) => !stop && setError(e),
      );
    setRun(null);
    setDrill(null);
    void load();
    return () => {
      stop = true;
      if (timer) clearTimeout(timer);
    };
  }, [id]);

  if (!run) return <RecordPending noun="report" error={error ?? undefined} loaded={false} heading={heading} />;
  const running = run.status === 'queued' || run.status === 'running';
  const scope = [run.params.agencyIds?.length ? `${run.params.agencyIds.length} agency` : null, run.params.projectIds?.length ? `${run.params.projectIds.length} project` : null].filter(Boolean).join(', ');
  return (
    <>
      <p className="breadcrumb no-print">
        <Link to="/reports">Reports</Link> › <Link to={`/reports/${run.kind}`}>{run.name}</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {run.name}
      </h1>
      <p>
        {formatDate(run.params.startDate)} to {formatDate(run.params.endDate)}
        {scope ? ` · ${scope}` : ' · everything you may report on'}
        {run.finishedAt ? ` · computed ${formatDateTime(run.finishedAt)}` : ''}
      </p>
      {running && (
        <div className="report-progress">
          <label htmlFor="report-progress">{run.progressNote ?? 'Waiting to start'}</label>
          <progress id="report-progress" max={100} value={run.progress}>
            {run.progress}%
          </progress>
          <p role="status">Running: {run.progress}% done. You can leave this page: you will be notified when a long report is ready.</p>
        </div>
      )}
      {run.status === 'failed' && <p role="alert">The report failed: {run.error}</p>}
      {run.status === 'done' && run.result && (
        <>
          <p role="status">{describeSource(run.source)}</p>
          <div className="report-actions no-print">
            <a className="button" href={`/api/v1/reports/runs/${run.id}/download?format=csv`} download>
              Download CSV (zip)
            </a>
            <a className="button" href={`/api/v1/reports/runs/${run.id}/download?format=xlsx`} download>
              Download XLSX
            </a>
            <button type="button" onClick={() => window.print()}>
              Print
            </button>
            <button type="button" onClick={() => void post<{ id: string }>(`/api/v1/reports/runs/${run.id}/rerun`).then((r) => navigate(`/reports/runs/${r.id}`), setError)}>
              Run again
            </button>
          </div>
          {drill && <DrillPanel runId={run.id} drill={drill} onClose={() => setDrill(null)} />}
          {run.result.tables.map((t) => (
            <ReportTableView key={t.id} table={t} onDrill={setDrill} />
          ))}
        </>
      )}
    </>
  );
}

function ReportTableView({ table, onDrill }: { table: ReportTable; onDrill: (d: Drill) => void }) {
  const id = `table-${table.id}`;
  return (
    <section className="report-table" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        {/^Q\d/.test(table.id) ? `${table.id}: ` : ''}
        {table.title}
      </h2>
      {table.note && <p className="note">{table.note}</p>}
      {table.chart && <ReportChart table={table} />}
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{table.title}</caption>
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th key={c.key} scope="col">
                  {c.label.trim() || <span className="visually-hidden">Row</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r) => (
              <tr key={r.key}>
                {r.cells.map((v, i) => {
                  const kind = cellKind(table, r, i);
                  const text = showCell(v, kind);
                  if (i === 0) {
                    return (
                      <th key={i} scope="row">
                        {text}
                      </th>
                    );
                  }
                  const d = r.drill[i];
                  return (
                    <td key={i} className={kind === 'text' || kind === 'date' ? undefined : 'num'}>
                      {d && typeof v === 'number' && v > 0 ? (
                        <button type="button" className="link-button" onClick={() => onDrill({ drill: d, what: `${table.title} — ${String(r.cells[0])} — ${table.columns[i]!.label}` })}>
                          {text}
                          <span className="visually-hidden"> (show the list)</span>
                        </button>
                      ) : v === null ? (
                        <span aria-label="blank">–</span>
                      ) : (
                        text
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const linkOf = (i: DrillPage['items'][number]): { to: string; label: string } | null => {
  if (typeof i.info.referralId === 'string') return { to: `/referrals/${i.info.referralId}`, label: String(i.info.referral ?? 'Referral') };
  if (typeof i.info.enrollmentId === 'string') return { to: `/enrollments/${i.info.enrollmentId}`, label: 'Enrollment' };
  return null;
};

function DrillPanel({ runId, drill, onClose }: { runId: string; drill: Drill; onClose: () => void }) {
  const page = useResource<DrillPage>(`/api/v1/reports/runs/${runId}/drill/${drill.drill}?limit=200`);
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), [drill.drill]);
  const items = page.data?.items ?? [];
  const keys = [...new Set(items.flatMap((i) => Object.keys(i.info)))].filter((k) => !['referralId', 'enrollmentId', 'projectId'].includes(k));
  return (
    <section className="drill-panel" aria-labelledby="drill-title">
      <h2 id="drill-title" ref={ref} tabIndex={-1}>
        The records behind: {drill.what}
      </h2>
      <button type="button" onClick={onClose} className="no-print">
        Close the list
      </button>
      {page.loading && <p role="status">Loading…</p>}
      {page.data && (
        <>
          <p role="status">
            {page.data.total} {page.data.total === 1 ? 'record' : 'records'}
            {page.data.notVisible > 0 ? `; ${page.data.notVisible} more you may not see now` : ''}
            {page.data.total > items.length ? ` (the first ${items.length} shown)` : ''}.
          </p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">The records behind the cell</caption>
              <thead>
                <tr>
                  <th scope="col">Client</th>
                  <th scope="col">Record</th>
                  {keys.map((k) => (
                    <th key={k} scope="col">
                      {k}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {items.map((i) => {
                  const link = linkOf(i);
                  return (
                    <tr key={`${i.kind}:${i.id}`}>
                      <td>{i.clientId ? <Link to={`/clients/${i.clientId}`}>{i.clientName ?? 'Client'}</Link> : '—'}</td>
                      <td>{link ? <Link to={link.to}>{link.label}</Link> : i.kind}</td>
                      {keys.map((k) => (
                        <td key={k}>{i.info[k] === null || i.info[k] === undefined ? '' : String(i.info[k])}</td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
