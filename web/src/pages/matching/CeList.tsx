import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { post } from '../../api.ts';
import { usePageTitle, useResource } from '../../hooks.ts';
import type { Project } from '../../types.ts';
import { errorsOf } from '../admin/form.tsx';
import { describeOpening, HOUSEHOLD_TYPE_LABELS, POPULATION_LABELS, type CeListRow, type Opening } from './model.ts';
import { formatDate } from '../../format.ts';

interface ListPage {
  items: CeListRow[];
  total: number;
  nextCursor: string | null;
}

/**
 * The prioritized CE list. With `?openingId=` it shows only households eligible for that opening, and
 * each row has a one-click "Refer" to it.
 */
export function CeListPage() {
  const [params, setParams] = useSearchParams();
  const openingId = params.get('openingId');
  const heading = usePageTitle('CE list');
  const query = new URLSearchParams();
  for (const k of ['openingId', 'projectId', 'population', 'householdType', 'includeInactive']) {
    const v = params.get(k);
    if (v) query.set(k, v);
  }
  query.set('limit', params.get('limit') ?? '100');
  const list = useResource<ListPage>(`/api/v1/ce-list?${query.toString()}`);
  const opening = useResource<Opening>(openingId ? `/api/v1/openings/${openingId}` : null);
  const projects = useResource<{ items: Project[] }>('/api/v1/projects');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  async function refer(row: CeListRow) {
    if (!openingId) return;
    setBusy(row.clientId);
    setError(null);
    setNotice(null);
    try {
      const r = await post<{ id: string; number: string }>(`/api/v1/openings/${openingId}/refer`, { clientId: row.clientId });
      setNotice(`Referred ${row.name ?? 'the household'} (rank ${row.rank}) to ${opening.data?.projectName ?? 'the project'}: referral ${r.number}.`);
      list.reload();
      opening.reload();
    } catch (err) {
      setError(errorsOf(err).message);
    } finally {
      setBusy(null);
    }
  }

  const o = opening.data;
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        CE list
      </h1>
      {o && (
        <section className="card" aria-labelledby="opening-context">
          <h2 id="opening-context">
            Finding a household for {o.projectName}
          </h2>
          <p>
            {describeOpening(o)}; available {formatDate(o.availableOn)}. {o.openReferrals} open referral{o.openReferrals === 1 ? '' : 's'} for this opening.
          </p>
          <p>
            <Link to="/openings">Back to openings</Link>
          </p>
        </section>
      )}
      <form className="card filters" aria-label="Filter the CE list" onSubmit={(e) => e.preventDefault()}>
        {!openingId && (
          <div className="field">
            <label htmlFor="ce-project">Eligible for project</label>
            <select id="ce-project" value={params.get('projectId') ?? ''} onChange={(e) => setFilter('projectId', e.target.value)}>
              <option value="">Any project</option>
              {(projects.data?.items ?? [])
                .filter((p) => p.receivesReferrals)
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="ce-population">Population</label>
          <select id="ce-population" value={params.get('population') ?? ''} onChange={(e) => setFilter('population', e.target.value)}>
            <option value="">All</option>
            {Object.entries(POPULATION_LABELS).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ce-household">Household type</label>
          <select id="ce-household" value={params.get('householdType') ?? ''} onChange={(e) => setFilter('householdType', e.target.value)}>
            <option value="">All</option>
            {Object.entries(HOUSEHOLD_TYPE_LABELS).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="choice">
            <input type="checkbox" checked={params.get('includeInactive') === 'true'} onChange={(e) => setFilter('includeInactive', e.target.checked ? 'true' : '')} />
            Include inactive households (no contact for a long time)
          </label>
        </div>
      </form>
      <p role="status" className="success">
        {notice ?? ''}
      </p>
      {(error ?? list.error) && (
        <p role="alert" className="error">
          {error ?? list.error!.message}
        </p>
      )}
      {list.loading && !list.data ? (
        <p role="status">Loading the CE list…</p>
      ) : (
        <div className="table-wrap">
          <table className="ce-list">
            <caption>
              {o ? `Households eligible for this opening, highest priority first (${list.data?.total ?? 0})` : `Prioritized households, highest priority first (${list.data?.total ?? 0})`}
            </caption>
            <thead>
              <tr>
                <th scope="col">Rank</th>
                <th scope="col">Head of household</th>
                <th scope="col">Household</th>
                <th scope="col">Chronic</th>
                <th scope="col">Score</th>
                <th scope="col">Assessed</th>
                <th scope="col">Last contact</th>
                <th scope="col">Why this rank</th>
                {o && <th scope="col">Action</th>}
              </tr>
            </thead>
            <tbody>
              {list.data?.items.length === 0 && (
                <tr>
                  <td colSpan={o ? 9 : 8}>No household matches these filters.</td>
                </tr>
              )}
              {list.data?.items.map((r) => {
                const who = r.name ?? `client ${r.clientId.slice(0, 8)}`;
                return (
                  <tr key={r.clientId}>
                    <td>{r.rank}</td>
                    <th scope="row">
                      <Link to={`/clients/${r.clientId}`}>{who}</Link>
                      {r.inactive && <span className="badge"> inactive</span>}
                    </th>
                    <td>
                      {r.householdSize} · {HOUSEHOLD_TYPE_LABELS[r.householdType]}
                    </td>
                    <td>{r.chronic ? 'Yes' : 'No'}</td>
                    <td>{r.score ?? '—'}</td>
                    <td>{formatDate(r.assessmentDate)}</td>
                    <td>{r.lastContact}</td>
                    <td>
                      <ul className="reasons">
                        {r.reasons.map((x, i) => (
                          <li key={i}>{x}</li>
                        ))}
                      </ul>
                    </td>
                    {o && (
                      <td>
                        {o.capabilities.canRefer && (
                          <button type="button" onClick={() => void refer(r)} disabled={busy !== null} aria-label={`Refer ${who} (rank ${r.rank})`}>
                            Refer
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
