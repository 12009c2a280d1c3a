import { useEffect, useId, useState } from 'react';
import { Link } from 'react-router';
import { get } from '../../api.ts';
import { usePageTitle, useResource } from '../../hooks.ts';
import type { Project } from '../../types.ts';
import { STEP_STATE_LABELS, formatDue, type ReferralListItem } from './model.ts';

interface Page {
  items: ReferralListItem[];
  total: number;
  nextCursor: string | null;
}

export function ReferralListPage() {
  const heading = usePageTitle('Referrals');
  const ids = useId();
  const projects = useResource<{ items: Project[] }>('/api/v1/projects');
  const [projectId, setProjectId] = useState('');
  const [state, setState] = useState<'open' | 'closed' | 'all'>('open');
  const [overdue, setOverdue] = useState(false);
  const [items, setItems] = useState<ReferralListItem[]>([]);
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  const query = (c: string | null) => {
    const q = new URLSearchParams({ state, limit: '50' });
    if (projectId) q.set('projectId', projectId);
    if (overdue) q.set('overdue', 'true');
    if (c) q.set('cursor', c);
    return `/api/v1/referrals?${q.toString()}`;
  };

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    get<Page>(query(null)).then(
      (p) => {
        if (cancelled) return;
        setItems(p.items);
        setTotal(p.total);
        setCursor(p.nextCursor);
        setError(null);
        setLoading(false);
      },
      (e: Error) => {
        if (!cancelled) {
          setError(e.message);
          setLoading(false);
        }
      },
    );
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [projectId, state, overdue]);

  async function more() {
    if (!cursor) return;
    try {
      const p = await get<Page>(query(cursor));
      setItems((x) => [...x, ...p.items]);
      setCursor(p.nextCursor);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const receiving = (projects.data?.items ?? []).filter((p) => p.receivesReferrals);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Referrals
      </h1>
      <form className="card referral-filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter referrals">
        <div className="field">
          <label htmlFor={`${ids}-project`}>Project</label>
          <select id={`${ids}-project`} value={projectId} onChange={(e) => setProjectId(e.target.value)}>
            <option value="">All projects I can see</option>
            {receiving.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-state`}>Referrals</label>
          <select id={`${ids}-state`} value={state} onChange={(e) => setState(e.target.value as 'open' | 'closed' | 'all')}>
            <option value="open">Open</option>
            <option value="closed">Closed</option>
            <option value="all">All</option>
          </select>
        </div>
        <div className="field">
          <label className="choice" htmlFor={`${ids}-overdue`}>
            <input id={`${ids}-overdue`} type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} />
            Overdue only
          </label>
        </div>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p role="status" className="search-status">
        {loading ? 'Loading referrals…' : `${total} referral${total === 1 ? '' : 's'}`}
      </p>
      <div className="table-wrap">
        <table className="referral-table">
          <caption>Referrals{overdue ? ' (overdue only)' : ''}</caption>
          <thead>
            <tr>
              <th scope="col">Referral</th>
              <th scope="col">Head of household</th>
              <th scope="col">Client ID</th>
              <th scope="col">Household</th>
              <th scope="col">Project</th>
              <th scope="col">Status</th>
              <th scope="col">Days since referral</th>
              <th scope="col">Next due</th>
              <th scope="col">Timeliness</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id} className={r.overdue ? 'overdue-row' : undefined}>
                <th scope="row">
                  <Link to={`/referrals/${r.id}`}>{r.number}</Link>
                </th>
                <td>{r.headName ?? <span className="muted">Not visible</span>}</td>
                <td className="mono">{r.clientId.slice(0, 8)}</td>
                <td>{r.householdSize}</td>
                <td>{r.projectName}</td>
                <td>{r.status.label}</td>
                <td>{r.daysSinceReferral}</td>
                <td>{r.nextDue ? `${r.nextDue.step}: ${formatDue(r.nextDue)}` : '—'}</td>
                <td>
                  {r.overdue ? (
                    <span className="badge badge-overdue">Overdue</span>
                  ) : r.nextDue ? (
                    <span className={`badge badge-${r.nextDue.state}`}>{STEP_STATE_LABELS[r.nextDue.state]}</span>
                  ) : (
                    '—'
                  )}
                  {r.flaggedSteps.length > 0 && <span className="badge badge-flag">Flagged: {r.flaggedSteps.join(', ')}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {cursor && (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => void more()}>
            Show more referrals
          </button>
        </div>
      )}
    </>
  );
}
