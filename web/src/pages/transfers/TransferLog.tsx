/** The transfer log (issue 8): by kind and outcome, time to decision — for the matching team and administrators. */
import { useState } from 'react';
import { Link } from 'react-router';
import { usePageTitle, useResource } from '../../hooks.ts';
import { KIND_LABELS } from './model.ts';
import { formatDate } from '../../format.ts';

type Outcome = 'pending' | 'approved' | 'denied' | 'completed' | 'acknowledged';
const OUTCOMES: Outcome[] = ['pending', 'approved', 'denied', 'completed', 'acknowledged'];
const OUTCOME_LABELS: Record<Outcome, string> = { pending: 'Pending', approved: 'Approved', denied: 'Denied', completed: 'Completed', acknowledged: 'Acknowledged' };

interface Log {
  total: number;
  byKind: { kind: 'internal' | 'external'; total: number; outcomes: Record<Outcome, number> }[];
  byOutcome: Record<Outcome, number>;
  medianBusinessDaysToDecision: number | null;
  decided: number;
  medianBusinessDaysToAcknowledgement: number | null;
  acknowledged: number;
  filedLate: number;
  acknowledgedLate: number;
  items: { id: string; number: string; kind: 'internal' | 'external'; state: string; outcome: Outcome; fromProjectName: string; targetProjectName: string; requestedOn: string; decidedOn: string; businessDaysToDecision: number | null }[];
}

const days = (n: number | null) => (n === null ? '—' : `${n} business day${n === 1 ? '' : 's'}`);

export function TransferLogPage() {
  const heading = usePageTitle('Transfer log');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const q = new URLSearchParams();
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  const log = useResource<Log>(`/api/v1/transfers/log${q.size ? `?${q}` : ''}`);
  const l = log.data;
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Transfer log
      </h1>
      <div className="filters">
        <div className="field">
          <label htmlFor="log-from">Requested from</label>
          <input id="log-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="log-to">Requested to</label>
          <input id="log-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
      </div>
      {log.error && (
        <p role="alert" className="error">
          {log.error.message}
        </p>
      )}
      {l && (
        <>
          <dl className="summary-list">
            <dt>Transfers</dt>
            <dd>{l.total}</dd>
            <dt>Median time to CES decision</dt>
            <dd>
              {days(l.medianBusinessDaysToDecision)} ({l.decided} decided)
            </dd>
            <dt>Median time to CES acknowledgement</dt>
            <dd>
              {days(l.medianBusinessDaysToAcknowledgement)} ({l.acknowledged} acknowledged, {l.acknowledgedLate} late)
            </dd>
            <dt>Notifications filed late</dt>
            <dd>{l.filedLate}</dd>
          </dl>
          <div className="table-wrap">
            <table>
              <caption>Transfers by kind and outcome</caption>
              <thead>
                <tr>
                  <th scope="col">Kind</th>
                  {OUTCOMES.map((o) => (
                    <th scope="col" key={o}>
                      {OUTCOME_LABELS[o]}
                    </th>
                  ))}
                  <th scope="col">Total</th>
                </tr>
              </thead>
              <tbody>
                {l.byKind.map((k) => (
                  <tr key={k.kind}>
                    <th scope="row">{KIND_LABELS[k.kind]}</th>
                    {OUTCOMES.map((o) => (
                      <td key={o}>{k.outcomes[o]}</td>
                    ))}
                    <td>{k.total}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="table-wrap">
            <table>
              <caption>Every transfer request</caption>
              <thead>
                <tr>
                  <th scope="col">Transfer</th>
                  <th scope="col">Requested</th>
                  <th scope="col">From</th>
                  <th scope="col">To</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Time to decision</th>
                </tr>
              </thead>
              <tbody>
                {l.items.length === 0 && (
                  <tr>
                    <td colSpan={7}>No transfers in this period.</td>
                  </tr>
                )}
                {l.items.map((i) => (
                  <tr key={i.id}>
                    <th scope="row">
                      <Link to={`/transfers/${i.id}`}>{i.number}</Link>
                    </th>
                    <td>{formatDate(i.requestedOn)}</td>
                    <td>{i.fromProjectName}</td>
                    <td>{i.targetProjectName}</td>
                    <td>{KIND_LABELS[i.kind]}</td>
                    <td>{OUTCOME_LABELS[i.outcome]}</td>
                    <td>{days(i.businessDaysToDecision)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
