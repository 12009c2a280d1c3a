import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { get } from '../../api.ts';
import { usePageTitle, useResource } from '../../hooks.ts';
import { describeRange, describeStatus, type CountsReport, type TileReferral } from './model.ts';
import { formatDate } from '../../format.ts';

interface Page {
  items: TileReferral[];
  total: number;
  nextCursor: string | null;
}

/** A counts report's referrals: what its count counts. Each row opens the client profile. */
export function CountsReportReferralsPage() {
  const { id = '' } = useParams();
  const tile = useResource<CountsReport>(`/api/v1/counts-reports/${id}`);
  const first = useResource<Page>(`/api/v1/counts-reports/${id}/referrals?limit=50`);
  const [more, setMore] = useState<TileReferral[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = usePageTitle(tile.data ? `${tile.data.name} — ${tile.data.projectName}` : 'Counts report');
  useEffect(() => {
    setMore([]);
    setCursor(first.data?.nextCursor ?? null);
  }, [first.data]);

  async function loadMore() {
    if (!cursor) return;
    setBusy(true);
    try {
      const page = await get<Page>(`/api/v1/counts-reports/${id}/referrals?limit=50&cursor=${encodeURIComponent(cursor)}`);
      setMore((m) => [...m, ...page.items]);
      setCursor(page.nextCursor);
    } finally {
      setBusy(false);
    }
  }

  const rows = [...(first.data?.items ?? []), ...more];
  const t = tile.data;
  return (
    <>
      <p>
        <Link to="/">Back to the dashboard</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {t ? `${t.name} — ${t.projectName}` : 'Counts report'}
      </h1>
      {t && (
        <p className="client-summary">
          {describeStatus(t.statusFilter)}, {describeRange(t.dateRange)}; {first.data?.total ?? t.count} referrals, {t.overdueCount} overdue.
        </p>
      )}
      {(tile.error ?? first.error) && (
        <p role="alert" className="error">
          {(tile.error ?? first.error)!.message}
        </p>
      )}
      {first.loading && !first.data ? (
        <p role="status">Loading referrals…</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>Referrals counted by this report</caption>
            <thead>
              <tr>
                <th scope="col">Client ID</th>
                <th scope="col">Name</th>
                <th scope="col">Household size</th>
                <th scope="col">Status</th>
                <th scope="col">Days since referral</th>
                <th scope="col">Next due</th>
                <th scope="col">Overdue</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={7}>No referrals.</td>
                </tr>
              )}
              {rows.map((r) => (
                <tr key={r.referralId} className={r.overdue ? 'overdue-row' : undefined}>
                  <th scope="row">
                    <Link to={`/clients/${r.clientId}`}>
                      <span className="mono">{r.clientId.slice(0, 8)}</span>
                      <span className="visually-hidden">
                        {' '}
                        — profile of {r.name ?? 'the client'}, referral {r.number}
                      </span>
                    </Link>
                  </th>
                  <td>{r.name ?? <span className="hint">Not shown</span>}</td>
                  <td>{r.householdSize}</td>
                  <td>{r.status.label}</td>
                  <td>{r.daysSinceReferral}</td>
                  <td>{r.nextDue ? `${r.nextDue.step}: ${formatDate(r.nextDue.dueDate)}` : '—'}</td>
                  <td>{r.overdue ? <span className="badge counts-overdue">Overdue</span> : 'No'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <div className="actions">
          <button type="button" onClick={() => void loadMore()} disabled={busy}>
            Show more
          </button>
        </div>
      )}
    </>
  );
}
