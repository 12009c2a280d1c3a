import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { post } from '../../api.ts';
import { useMe } from '../../auth.tsx';
import { usePageTitle, useResource } from '../../hooks.ts';
import { ErrorSummary, errorsOf, SelectField, TextField, type Errors } from '../admin/form.tsx';
import { cocToday, formatDate, formatDateTime } from '../../format.ts';
import type { ReportKindInfo, ReportRun } from './model.ts';

interface Project {
  id: string;
  name: string;
  agencyId: string;
}
interface Agency {
  id: string;
  name: string;
}

/** The reports the signed-in user may run, and their recent runs. */
export function ReportsPage() {
  const heading = usePageTitle('Reports');
  const me = useMe();
  const kinds = useResource<{ items: ReportKindInfo[] }>('/api/v1/reports');
  const runs = useResource<{ items: ReportRun[] }>('/api/v1/reports/runs');
  const mayAudit = me.navigation.includes('audit');
  const items = (kinds.data?.items ?? []).filter((k) => k.kind !== 'access-audit' || mayAudit);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Reports
      </h1>
      <p>Reports answer live from Hearth's records, over what you may see: your projects, or the whole CoC for the HMIS lead and the matching team.</p>
      <ul className="report-cards">
        {items.map((k) => (
          <li key={k.kind}>
            <h2>
              <Link to={`/reports/${k.kind}`}>{k.name}</Link>
            </h2>
            <p>{k.description}</p>
          </li>
        ))}
      </ul>
      <RunList runs={runs.data?.items ?? []} title="Your recent runs" />
    </>
  );
}

export function RunList({ runs, title }: { runs: ReportRun[]; title: string }) {
  if (runs.length === 0) return null;
  return (
    <section aria-labelledby="report-runs">
      <h2 id="report-runs">{title}</h2>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Report</th>
              <th scope="col">Period</th>
              <th scope="col">Started</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/reports/runs/${r.id}`}>{r.name}</Link>
                </td>
                <td>
                  {formatDate(r.params.startDate)} to {formatDate(r.params.endDate)}
                </td>
                <td>{formatDateTime(r.createdAt)}</td>
                <td>{r.status === 'running' ? `running (${r.progress}%)` : r.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** One report: its filters, the run's progress, then its result page. */
export function ReportFormPage() {
  const { kind = '' } = useParams();
  const kinds = useResource<{ items: ReportKindInfo[] }>('/api/v1/reports');
  const info = kinds.data?.items.find((k) => k.kind === kind);
  const heading = usePageTitle(info?.name ?? 'Report');
  const navigate = useNavigate();
  const projects = useResource<{ items: Project[] }>('/api/v1/projects');
  const agencies = useResource<{ items: Agency[] }>('/api/v1/agencies');
  const users = useResource<{ items: { id: string; username: string; displayName: string }[] }>(kind === 'access-audit' ? '/api/v1/users' : null);
  const runs = useResource<{ items: ReportRun[] }>(`/api/v1/reports/runs?kind=${encodeURIComponent(kind)}`);
  const today = cocToday();
  // The last twelve months by default (a HUD submission picks its own period).
  const yearAgo = new Date(Date.parse(today) - 364 * 86_400_000).toISOString().slice(0, 10);
  const [startDate, setStart] = useState(kind === 'access-audit' ? today : yearAgo);
  const [endDate, setEnd] = useState(today);
  const [agencyId, setAgency] = useState<string | null>(null);
  const [projectId, setProject] = useState<string | null>(null);
  const [clientId, setClient] = useState('');
  const [userId, setUser] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => setError(null), [kind]);

  async function run(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = {
        startDate,
        endDate,
        ...(agencyId ? { agencyIds: [agencyId] } : {}),
        ...(projectId ? { projectIds: [projectId] } : {}),
        ...(kind === 'access-audit' && clientId.trim() ? { clientId: clientId.trim() } : {}),
        ...(kind === 'access-audit' && userId ? { userId } : {}),
      };
      const started = await post<{ id: string }>(`/api/v1/reports/${kind}/runs`, body);
      navigate(`/reports/runs/${started.id}`);
    } catch (err) {
      const p = errorsOf(err);
      setError(p.message);
      setFields(p.fields);
      setBusy(false);
    }
  }

  const visibleProjects = (projects.data?.items ?? []).filter((p) => !agencyId || p.agencyId === agencyId);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/reports">Reports</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {info?.name ?? 'Report'}
      </h1>
      {info && <p>{info.description}</p>}
      <form onSubmit={run} noValidate className="report-form">
        <ErrorSummary message={error} fields={fields} prefix="report" />
        <TextField prefix="report" pointer="/startDate" label="Start date" type="date" value={startDate} onChange={setStart} errors={fields} required />
        <TextField prefix="report" pointer="/endDate" label="End date" type="date" value={endDate} onChange={setEnd} errors={fields} required />
        {kind !== 'access-audit' && (
          <>
            <SelectField<string> prefix="report" pointer="/agencyIds" label="Agency" value={agencyId} onChange={(v) => (setAgency(v), setProject(null))} errors={fields} empty="All you may report on" options={(agencies.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))} />
            <SelectField<string> prefix="report" pointer="/projectIds" label="Project" value={projectId} onChange={setProject} errors={fields} empty="All you may report on" options={visibleProjects.map((p) => ({ value: p.id, label: p.name }))} />
          </>
        )}
        {kind === 'access-audit' && (
          <>
            <TextField prefix="report" pointer="/clientId" label="Client ID" value={clientId} onChange={setClient} errors={fields} />
            <SelectField<string> prefix="report" pointer="/userId" label="User" value={userId} onChange={setUser} errors={fields} empty="(or choose a user)" options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))} />
          </>
        )}
        <button type="submit" disabled={busy}>
          Run report
        </button>
      </form>
      <RunList runs={runs.data?.items ?? []} title="Earlier runs of this report" />
    </>
  );
}
