/** One transfer with its timeline, deadlines and the actions the caller may take (issue 8). */
import { RecordPending } from '../../components/RecordPending.tsx';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, post } from '../../api.ts';
import { usePageTitle, useResource } from '../../hooks.ts';
import { CheckField, ErrorSummary, TextField, errorsOf, fieldId, type Errors } from '../admin/form.tsx';
import { DESTINATION_LABELS, EVENT_LABELS, KIND_LABELS, SUBSIDY_LABELS, deadlineText, householdLabel, type TransferDetail } from './model.ts';
import { cocToday, formatDate, formatDateTime } from '../../format.ts';

type Err = { message: string; fields: Errors } | null;

/** `reload` also announces what was done: the form that did it may disappear with the new state. */
function useAction(reload: (done: string) => void) {
  const [error, setError] = useState<Err>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<unknown>, done: string) => {
    setError(null);
    setMessage(null);
    setBusy(true);
    try {
      await fn();
      setMessage(done);
      reload(done);
    } catch (err) {
      setError(errorsOf(err));
    } finally {
      setBusy(false);
    }
  };
  return { error, message, busy, run, fields: error?.fields ?? {} };
}

function CompleteForm({ t, reload }: { t: TransferDetail; reload: (done: string) => void }) {
  const a = useAction(reload);
  const [entryDate, setEntryDate] = useState(cocToday());
  const [moves, setMoves] = useState(t.householdMoves);
  const approved = t.state === 'approved';
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    void a.run(() => post(`/api/v1/transfers/${t.id}/complete`, approved ? {} : { entryDate, householdMoves: moves }), 'The transfer was completed.');
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Complete the transfer">
      <ErrorSummary message={a.error?.message ?? null} fields={a.fields} prefix="complete" />
      {approved ? (
        <p>{t.targetProject.name} has enrolled the household from the referral: completing exits the old enrollment on the new start date.</p>
      ) : (
        <>
          <p>Completing exits the household from {t.fromProject.name} and enrolls it in {t.targetProject.name} on the same day, in one step.</p>
          <TextField prefix="complete" pointer="/entryDate" label="Start in the new project (also the exit date)" type="date" value={entryDate} onChange={setEntryDate} errors={a.fields} />
          <CheckField label="The household moves to another unit" checked={moves} onChange={setMoves} hint="A housed household that stays in its unit gets the new start date as its move-in date." />
        </>
      )}
      <button type="submit" disabled={a.busy}>
        Complete the transfer
      </button>
    </form>
  );
}

function DenyForm({ t, reload }: { t: TransferDetail; reload: (done: string) => void }) {
  const a = useAction(reload);
  const [reason, setReason] = useState('');
  const id = fieldId('deny', '/reason');
  const error = a.fields['/reason'];
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (!reason.trim()) {
      void a.run(() => Promise.reject(new ApiError(422, { detail: 'Say why the transfer is denied.', errors: [{ pointer: '/reason', message: 'Say why the transfer is denied.' }] })), '');
      return;
    }
    void a.run(() => post(`/api/v1/transfers/${t.id}/deny`, { reason }), 'The transfer was denied.');
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Deny the transfer">
      <ErrorSummary message={a.error?.message ?? null} fields={a.fields} prefix="deny" />
      <div className="field">
        <label htmlFor={id}>Reason for the denial</label>
        <textarea id={id} rows={2} maxLength={2000} value={reason} aria-invalid={Boolean(error)} {...(error ? { 'aria-describedby': `${id}-error` } : {})} onChange={(e) => setReason(e.target.value)} />
        {error && (
          <span id={`${id}-error`} className="field-error">
            {error}
          </span>
        )}
      </div>
      <button type="submit" className="secondary" disabled={a.busy}>
        Deny the transfer
      </button>
    </form>
  );
}

function SimpleAction({ label, path, done, reload }: { label: string; path: string; done: string; reload: (done: string) => void }) {
  const a = useAction(reload);
  return (
    <div>
      {a.error && (
        <p role="alert" className="error">
          {a.error.message}
        </p>
      )}
      <button type="button" disabled={a.busy} onClick={() => void a.run(() => post(path, {}), done)}>
        {label}
      </button>
    </div>
  );
}

export function TransferDetailPage() {
  const { id } = useParams();
  const res = useResource<TransferDetail>(`/api/v1/transfers/${id}`);
  const [announce, setAnnounce] = useState<string | null>(null);
  const reload = (done: string) => {
    setAnnounce(done || null);
    res.reload();
  };
  const t = res.data;
  const heading = usePageTitle(t ? `Transfer ${t.number}` : 'Transfer');
  if (res.error || !t) return <RecordPending noun="transfer" error={res.error} loaded={Boolean(t)} heading={heading} />;
  const c = t.capabilities;
  const d = t.deadlines;
  return (
    <>
      {announce && (
        <p role="status" className="success">
          {announce}
        </p>
      )}
      <p>
        <Link to="/transfers">Back to the transfers</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        Transfer {t.number}
      </h1>
      <p>
        <span className={`badge transfer-state transfer-${t.state}`}>{t.stateLabel}</span>
        {(d.acknowledgementOverdue || d.notifiedOnTime === false) && <span className="badge overdue"> {deadlineText(t)}</span>}
      </p>
      <dl className="summary-list">
        <dt>Household</dt>
        <dd>{householdLabel(t)}</dd>
        <dt>From</dt>
        <dd>
          <Link to={`/enrollments/${t.enrollmentId}`}>{t.fromProject.name}</Link>
        </dd>
        <dt>To</dt>
        <dd>{t.targetProject.name}</dd>
        <dt>Kind</dt>
        <dd>
          {KIND_LABELS[t.kind]}; {t.approvalRequired ? 'CES approval needed' : 'no CES approval needed'}
        </dd>
        <dt>Reason</dt>
        <dd>{t.reason}</dd>
        <dt>Decided on</dt>
        <dd>{formatDate(t.decidedOn)}</dd>
        <dt>Requested</dt>
        <dd>{formatDate(d.notifiedOn)}</dd>
        {d.notificationDue && (
          <>
            <dt>Transfer notification</dt>
            <dd className={d.notifiedOnTime === false ? 'error' : undefined}>
              due {formatDate(d.notificationDue.dueDate)}: {d.notifiedOnTime ? 'filed on time' : 'filed late'}
            </dd>
          </>
        )}
        {d.acknowledgementDue && (
          <>
            <dt>CES acknowledgement</dt>
            <dd className={d.acknowledgementOverdue ? 'error' : undefined}>
              {t.state === 'acknowledged' ? 'recorded' : d.acknowledgementOverdue ? 'overdue' : 'due'} — due {formatDate(d.acknowledgementDue.dueDate)}
            </dd>
          </>
        )}
        {t.denyReason && (
          <>
            <dt>Reason for the denial</dt>
            <dd>{t.denyReason}</dd>
          </>
        )}
        {t.completedEntryDate && (
          <>
            <dt>Started in the new project</dt>
            <dd>
              {formatDate(t.completedEntryDate)}
              {t.newEnrollmentIds[0] && (
                <>
                  {' '}
                  (<Link to={`/enrollments/${t.newEnrollmentIds[0]}`}>new enrollment</Link>)
                </>
              )}
            </dd>
          </>
        )}
        {t.oldExit && (
          <>
            <dt>Exit from the old project</dt>
            <dd>
              {DESTINATION_LABELS[t.oldExit.destination] ?? t.oldExit.destination}
              {t.oldExit.destinationSubsidyType !== null ? ` — ${SUBSIDY_LABELS[t.oldExit.destinationSubsidyType] ?? t.oldExit.destinationSubsidyType}` : ''}
            </dd>
            <dt>New housing move-in date</dt>
            <dd>{formatDate(t.newMoveInDate, 'Recorded when the household moves in')}</dd>
          </>
        )}
        {t.referral && (
          <>
            <dt>Referral</dt>
            <dd>
              <Link to={`/referrals/${t.referral.id}`}>{t.referral.number}</Link>: {t.referral.status.label}
              {t.referral.outsideTimeliness ? ' (outside the timeliness standards)' : ''}
            </dd>
          </>
        )}
      </dl>

      {(c.canApprove || c.canDeny || c.canComplete || c.canAcknowledge) && (
        <section className="card" aria-labelledby="actions-heading">
          <h2 id="actions-heading">Actions</h2>
          {c.canApprove && <SimpleAction label="Approve and send a referral" path={`/api/v1/transfers/${t.id}/approve`} done="The transfer was approved." reload={reload} />}
          {c.canDeny && <DenyForm t={t} reload={reload} />}
          {c.canComplete && <CompleteForm t={t} reload={reload} />}
          {c.canAcknowledge && <SimpleAction label="Acknowledge and record the referral" path={`/api/v1/transfers/${t.id}/acknowledge`} done="The transfer was acknowledged." reload={reload} />}
        </section>
      )}

      <section className="card" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <ol className="transfer-timeline">
          {t.timeline.map((e) => (
            <li key={e.id}>
              <strong>{EVENT_LABELS[e.kind] ?? e.kind}</strong> — {formatDateTime(e.at)}
              {e.by ? ` by ${e.by}` : ''}
              {e.note ? `: ${e.note}` : ''}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
