import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { post } from '../api.ts';
import { useMe } from '../auth.tsx';
import { usePageTitle, useResource } from '../hooks.ts';
import type { Project } from '../types.ts';
import { ErrorSummary, errorsOf, SelectField, TextField, type Errors } from './admin/form.tsx';
import { describeRange, describeStatus, nameInSentence, REFRESH_MS, tileLabel, type CountsReport, type DateRange, type StatusFilter } from './counts-reports/model.ts';

type RangeChoice = 'all' | 'thisQuarter' | 'thisMonth' | 'custom';

/** "Add a counts report": name, one receiving project, a referral-date range and a status filter. */
function AddCountsReport({ projects, onAdded }: { projects: Project[]; onAdded: (name: string) => void }) {
  const [name, setName] = useState('Outstanding Incoming Referrals');
  const [projectId, setProjectId] = useState<string | null>(projects[0]?.id ?? null);
  const [range, setRange] = useState<RangeChoice>('all');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [status, setStatus] = useState<'open' | 'all'>('open');
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const prefix = 'counts-new';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setFields({});
    try {
      const missing: Errors = {};
      if (!projectId) missing['/projectId'] = 'Choose a project.';
      if (range === 'custom' && !from) missing['/dateRange/from'] = 'Enter the first referral date.';
      if (range === 'custom' && !to) missing['/dateRange/to'] = 'Enter the last referral date.';
      if (Object.keys(missing).length > 0) {
        setError('Some answers are missing.');
        setFields(missing);
        return;
      }
      const dateRange: DateRange = range === 'custom' ? { from, to } : range;
      await post('/api/v1/counts-reports', { name, projectId, dateRange, statusFilter: status });
      onAdded(name);
    } catch (err) {
      const p = errorsOf(err);
      setError(p.message);
      setFields(p.fields);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="card counts-form" noValidate aria-labelledby="add-counts-title">
      <h2 id="add-counts-title">Add a counts report</h2>
      <ErrorSummary message={error} fields={fields} prefix={prefix} />
      <TextField prefix={prefix} pointer="/name" label="Name" errors={fields} value={name} onChange={setName} />
      <SelectField prefix={prefix} pointer="/projectId" label="Project" errors={fields} value={projectId} onChange={setProjectId} options={projects.map((p) => ({ value: p.id, label: p.name }))} />
      <SelectField
        prefix={prefix}
        pointer="/dateRange"
        label="Referral date"
        errors={fields}
        value={range}
        onChange={(v) => setRange(v ?? 'all')}
        options={[
          { value: 'all', label: 'All dates' },
          { value: 'thisQuarter', label: 'This quarter' },
          { value: 'thisMonth', label: 'This month' },
          { value: 'custom', label: 'Custom range' },
        ]}
      />
      {range === 'custom' && (
        <>
          <TextField prefix={prefix} pointer="/dateRange/from" label="From" type="date" errors={fields} value={from} onChange={setFrom} />
          <TextField prefix={prefix} pointer="/dateRange/to" label="To" type="date" errors={fields} value={to} onChange={setTo} />
        </>
      )}
      <SelectField
        prefix={prefix}
        pointer="/statusFilter"
        label="Statuses"
        errors={fields}
        value={status}
        onChange={(v) => setStatus(v ?? 'open')}
        options={[
          { value: 'open', label: 'Open referrals only' },
          { value: 'all', label: 'All statuses' },
        ]}
      />
      <div className="actions">
        <button type="submit" disabled={busy}>
          Add counts report
        </button>
      </div>
    </form>
  );
}

/** The provider's home: counts reports (tiles) that refresh on their own, each opening its referral list. */
export function DashboardPage() {
  const me = useMe();
  const heading = usePageTitle('Dashboard');
  const tiles = useResource<{ items: CountsReport[] }>('/api/v1/counts-reports', REFRESH_MS);
  const projects = useResource<{ items: Project[] }>('/api/v1/projects');
  const [announcement, setAnnouncement] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const previous = useRef<Map<string, number> | null>(null);

  // Tell screen reader users, politely, when a count changes (not on the first load).
  useEffect(() => {
    const items = tiles.data?.items;
    if (!items) return;
    const before = previous.current;
    const changes: string[] = [];
    if (before) {
      for (const t of items) {
        const was = before.get(t.id);
        if (was !== undefined && was !== t.count) changes.push(tileLabel(t));
      }
    }
    previous.current = new Map(items.map((t) => [t.id, t.count]));
    if (changes.length > 0) setAnnouncement(`Updated: ${changes.join('; ')}.`);
  }, [tiles.data]);

  const isCocWide = me.memberships.some((m) => m.role === 'hmis_admin' || m.role === 'ces_matcher');
  const covered = (p: Project) =>
    p.receivesReferrals &&
    (isCocWide || me.memberships.some((m) => ((m.role === 'case_manager' || m.role === 'agency_admin') && m.projectIds.includes(p.id)) || (m.role === 'agency_admin' && m.agencyId === p.agencyId)));
  const choices = (projects.data?.items ?? []).filter(covered);
  const items = tiles.data?.items ?? [];
  const caseloads = (projects.data?.items ?? []).filter((p) => p.capabilities.canViewCaseload && p.projectType !== 14);

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Welcome, {me.user.displayName}
      </h1>
      <div className="visually-hidden" role="status" aria-live="polite" data-testid="counts-live">
        {announcement}
      </div>
      <section aria-labelledby="counts-title">
        <h2 id="counts-title">Counts reports</h2>
        <p className="hint">Counts refresh every {REFRESH_MS / 1000} seconds. Open a count to see its referrals.</p>
        {tiles.error && (
          <p role="alert" className="error">
            {tiles.error.message}
          </p>
        )}
        {!tiles.data && tiles.loading && <p role="status">Loading your counts…</p>}
        {tiles.data && items.length === 0 && <p>You have no counts reports yet.{choices.length > 0 ? ' Add one below.' : ''}</p>}
        <ul className="tiles counts-tiles">
          {items.map((t) => (
            <li key={t.id} className="card counts-tile">
              {/* The link's name is its text: "Project: N outstanding incoming referrals, M overdue"; the big number is decoration. */}
              <Link to={`/counts-reports/${t.id}`} className="counts-link" data-label={tileLabel(t)}>
                <span className="counts-number" aria-hidden="true" data-testid={`count-${t.id}`}>
                  {t.count}
                </span>
                <span className="counts-text">
                  <span className="counts-project">{t.projectName}</span>: {t.count} {nameInSentence(t.name)},{' '}
                  <strong className={t.overdueCount > 0 ? 'counts-overdue-text' : undefined}>{t.overdueCount} overdue</strong>
                </span>
              </Link>
              <p className="counts-filter">
                {describeStatus(t.statusFilter as StatusFilter)}, {describeRange(t.dateRange)}
              </p>
            </li>
          ))}
        </ul>
        <p role="status" className="success">
          {notice ?? ''}
        </p>
        {choices.length > 0 &&
          (adding ? (
            <AddCountsReport
              projects={choices}
              onAdded={(name) => {
                setNotice(`Counts report “${name}” added.`);
                setAdding(false);
                tiles.reload();
              }}
            />
          ) : (
            <div className="actions">
              <button type="button" onClick={() => setAdding(true)}>
                Add a counts report
              </button>
            </div>
          ))}
      </section>
      {!isCocWide && caseloads.length > 0 && (
        <section aria-labelledby="caseloads-title" className="card">
          <h2 id="caseloads-title">Caseloads</h2>
          <ul>
            {caseloads.map((p) => (
              <li key={p.id}>
                <Link to={`/projects/${p.id}/caseload`}>{p.name}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      {me.navigation.includes('ce-list') && (
        <section aria-labelledby="matching-title" className="card">
          <h2 id="matching-title">Matching</h2>
          <ul>
            <li>
              <Link to="/openings">Openings</Link>: find a household for each open unit or slot.
            </li>
            <li>
              <Link to="/ce-list">CE list</Link>: the prioritized list of households waiting for housing.
            </li>
            <li>
              <Link to="/rematch-queue">Rematch queue</Link>: openings waiting for new referrals.
            </li>
          </ul>
        </section>
      )}
    </>
  );
}
