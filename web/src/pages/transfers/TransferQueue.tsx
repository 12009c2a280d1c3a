/**
 * The transfer queue (issue 8): for the matching team every transfer — awaiting approval, awaiting
 * acknowledgement, overdue ones highlighted; for providers the transfers of their projects, both sides.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import { usePageTitle, useResource } from '../../hooks.ts';
import { useMe } from '../../auth.tsx';
import { deadlineText, householdLabel, KIND_LABELS, type TransferList, type TransferState } from './model.ts';

const FILTERS: { value: string; label: string }[] = [
  { value: 'queue', label: 'Needs CES action (approval or acknowledgement)' },
  { value: 'overdue', label: 'Overdue or filed late' },
  { value: 'awaiting_approval', label: 'Awaiting approval' },
  { value: 'awaiting_completion', label: 'Awaiting completion' },
  { value: 'completed', label: 'Completed, awaiting acknowledgement' },
  { value: 'approved', label: 'Approved' },
  { value: 'denied', label: 'Denied' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: 'all', label: 'All' },
];

export function TransferQueuePage() {
  const me = useMe();
  const matching = me.navigation.includes('transfers.log');
  const heading = usePageTitle(matching ? 'Transfer queue' : 'Transfers');
  const [filter, setFilter] = useState(matching ? 'queue' : 'all');
  const path = filter === 'overdue' ? '/api/v1/transfers?overdue=true' : filter === 'queue' || filter === 'all' ? '/api/v1/transfers' : `/api/v1/transfers?state=${filter}`;
  const list = useResource<TransferList>(path, 30_000);
  const needsCes = (s: TransferState, approval: boolean) => s === 'awaiting_approval' || (!approval && (s === 'awaiting_completion' || s === 'completed'));
  const items = (list.data?.items ?? []).filter((t) => filter !== 'queue' || needsCes(t.state, t.approvalRequired));
  const counts = list.data?.counts;
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {matching ? 'Transfer queue' : 'Transfers'}
      </h1>
      {matching && (
        <p>
          <Link to="/transfers/log">Transfer log</Link>
        </p>
      )}
      {counts && (
        <ul className="transfer-counts" aria-label="Transfer counts">
          <li>
            <strong>{counts.awaitingApproval}</strong> awaiting approval
          </li>
          <li>
            <strong>{counts.awaitingAcknowledgement}</strong> awaiting acknowledgement
          </li>
          <li className={counts.overdue > 0 ? 'overdue' : undefined}>
            <strong>{counts.overdue}</strong> acknowledgements overdue
          </li>
          <li>
            <strong>{counts.filedLate}</strong> notifications filed late
          </li>
        </ul>
      )}
      <div className="field">
        <label htmlFor="transfer-filter">Show</label>
        <select id="transfer-filter" value={filter} onChange={(e) => setFilter(e.target.value)}>
          {FILTERS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
      </div>
      {list.error && (
        <p role="alert" className="error">
          {list.error.message}
        </p>
      )}
      {list.loading && !list.data ? (
        <p role="status">Loading the transfers…</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>Transfers ({items.length})</caption>
            <thead>
              <tr>
                <th scope="col">Transfer</th>
                <th scope="col">Household</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col">Kind</th>
                <th scope="col">Status</th>
                <th scope="col">Deadline</th>
              </tr>
            </thead>
            <tbody>
              {items.length === 0 && (
                <tr>
                  <td colSpan={7}>No transfers here.</td>
                </tr>
              )}
              {items.map((t) => (
                <tr key={t.id} className={t.overdue || t.filedLate ? 'overdue-row' : undefined}>
                  <th scope="row">
                    <Link to={`/transfers/${t.id}`}>{t.number}</Link>
                  </th>
                  <td>{householdLabel(t)}</td>
                  <td>{t.fromProject.name}</td>
                  <td>{t.targetProject.name}</td>
                  <td>
                    {KIND_LABELS[t.kind]}
                    {t.approvalRequired ? '' : ', no approval needed'}
                  </td>
                  <td>{t.stateLabel}</td>
                  <td>
                    {t.overdue && <span className="badge overdue">Overdue</span>} {deadlineText(t)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
