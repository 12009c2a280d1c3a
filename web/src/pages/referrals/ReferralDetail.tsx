import { useId, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { post } from '../../api.ts';
import { usePageTitle, useResource } from '../../hooks.ts';
import { ErrorSummary, errorsOf, fieldId, type Errors } from '../admin/form.tsx';
import { CONTACT_METHODS, CONTACT_OUTCOMES, STEP_STATE_LABELS, formatDue, type ContactMethod, type ContactOutcome, type ReferralDetail } from './model.ts';
import { cocInputValue, days, formatDate, formatDateTime, fromCocInputValue } from '../../format.ts';

function InlineError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <span id={id} className="field-error">
      {message}
    </span>
  ) : null;
}

function ContactAttemptForm({ referral, onDone }: { referral: ReferralDetail; onDone: (msg: string) => void }) {
  const prefix = 'attempt';
  const [at, setAt] = useState(() => cocInputValue());
  const [method, setMethod] = useState<ContactMethod>('phone');
  const [outcome, setOutcome] = useState<ContactOutcome>('no_answer');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setFields({});
    const when = fromCocInputValue(at);
    if (!when) {
      setError('Check the form.');
      setFields({ '/at': 'Enter the date and time of the attempt.' });
      return;
    }
    setBusy(true);
    try {
      await post(`/api/v1/referrals/${referral.id}/contact-attempts`, { at: when, method, outcome, note: note.trim() || null });
      setNote('');
      setAt(cocInputValue());
      onDone('Contact attempt logged.');
    } catch (err) {
      const p = errorsOf(err);
      setError(p.message);
      setFields(p.fields);
    } finally {
      setBusy(false);
    }
  }
  const aid = fieldId(prefix, '/at');
  return (
    <form onSubmit={submit} className="card" noValidate aria-labelledby="attempt-form-title">
      <h3 id="attempt-form-title">Log a contact attempt</h3>
      <ErrorSummary message={error} fields={fields} prefix={prefix} />
      <div className="field">
        <label htmlFor={aid}>Date and time</label>
        <input id={aid} type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} aria-invalid={Boolean(fields['/at'])} aria-describedby={fields['/at'] ? `${aid}-error` : undefined} required />
        <InlineError id={`${aid}-error`} message={fields['/at']} />
      </div>
      <div className="field">
        <label htmlFor={fieldId(prefix, '/method')}>Method</label>
        <select id={fieldId(prefix, '/method')} value={method} onChange={(e) => setMethod(e.target.value as ContactMethod)}>
          {Object.entries(CONTACT_METHODS).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={fieldId(prefix, '/outcome')}>Outcome</label>
        <select id={fieldId(prefix, '/outcome')} value={outcome} onChange={(e) => setOutcome(e.target.value as ContactOutcome)}>
          {Object.entries(CONTACT_OUTCOMES).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={fieldId(prefix, '/note')}>Note (optional)</label>
        <textarea id={fieldId(prefix, '/note')} value={note} onChange={(e) => setNote(e.target.value)} rows={2} />
      </div>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Log attempt
        </button>
      </div>
    </form>
  );
}

function StatusForm({ referral, onDone }: { referral: ReferralDetail; onDone: (msg: string) => void }) {
  const prefix = 'status';
  const [status, setStatus] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const chosen = referral.allowedStatuses.find((s) => s.code === status);
  const correcting = referral.capabilities.canCorrect;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setFields({});
    const local: Errors = {};
    if (!chosen) local['/status'] = 'Choose the new status.';
    if (chosen?.requiresNote && !note.trim()) local['/note'] = correcting ? 'Say why the status is being corrected.' : `“${chosen.label}” needs a note.`;
    if (Object.keys(local).length > 0) {
      setError('Check the form.');
      setFields(local);
      return;
    }
    setBusy(true);
    try {
      await post(`/api/v1/referrals/${referral.id}/status`, { status, note: note.trim() || null, version: referral.version });
      setStatus('');
      setNote('');
      onDone(correcting ? 'Status corrected.' : 'Status changed.');
    } catch (err) {
      const p = errorsOf(err);
      setError(p.message);
      setFields(p.fields);
    } finally {
      setBusy(false);
    }
  }
  const sid = fieldId(prefix, '/status');
  const nid = fieldId(prefix, '/note');
  return (
    <form onSubmit={submit} className="card" noValidate aria-labelledby="status-form-title">
      <h2 id="status-form-title">{correcting ? 'Correct the status' : 'Change the status'}</h2>
      {correcting && <p className="notice">This referral has ended. As an HMIS administrator you may correct a status set by mistake; the note is kept in the history.</p>}
      <ErrorSummary message={error} fields={fields} prefix={prefix} />
      <div className="field">
        <label htmlFor={sid}>New status</label>
        <select id={sid} value={status} onChange={(e) => setStatus(e.target.value)} aria-invalid={Boolean(fields['/status'])} aria-describedby={fields['/status'] ? `${sid}-error` : undefined}>
          <option value="">Choose…</option>
          {referral.allowedStatuses.map((s) => (
            <option key={s.code} value={s.code}>
              {s.label}
            </option>
          ))}
        </select>
        <InlineError id={`${sid}-error`} message={fields['/status']} />
      </div>
      <div className="field">
        <label htmlFor={nid}>Note{chosen?.requiresNote ? ' (required)' : ' (optional)'}</label>
        <textarea
          id={nid}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          rows={3}
          required={chosen?.requiresNote ?? false}
          aria-invalid={Boolean(fields['/note'])}
          aria-describedby={fields['/note'] ? `${nid}-error` : undefined}
        />
        <InlineError id={`${nid}-error`} message={fields['/note']} />
      </div>
      <div className="actions">
        <button type="submit" disabled={busy}>
          {correcting ? 'Correct status' : 'Change status'}
        </button>
      </div>
    </form>
  );
}

export function ReferralDetailPage() {
  const { id } = useParams();
  const referral = useResource<ReferralDetail>(`/api/v1/referrals/${id}`);
  const r = referral.data;
  const heading = usePageTitle(r ? `Referral ${r.number}` : 'Referral');
  const [notice, setNotice] = useState<string | null>(null);
  const hid = useId();
  const done = (msg: string) => {
    setNotice(msg);
    referral.reload();
  };
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {r ? `Referral ${r.number}` : 'Referral'}
      </h1>
      <p role="status" className="success">
        {notice ?? ''}
      </p>
      {referral.error && (
        <p role="alert" className="error">
          {referral.error.message}
        </p>
      )}
      {r && (
        <>
          <section className="card" aria-labelledby={`${hid}-summary`}>
            <h2 id={`${hid}-summary`}>Summary</h2>
            <dl className="profile-facts">
              <dt>Status</dt>
              <dd>
                <strong>{r.status.label}</strong>
                {r.overdue && <span className="badge badge-overdue">Overdue</span>}
              </dd>
              <dt>Receiving project</dt>
              <dd>{r.projectName}</dd>
              <dt>Referral date</dt>
              <dd>
                {formatDate(r.referralDate)} ({days(r.daysSinceReferral)} ago)
              </dd>
              <dt>Household</dt>
              <dd>
                {r.householdSize} {r.householdSize === 1 ? 'person' : 'people'}
              </dd>
              <dt>Client</dt>
              <dd>{r.clientVisible ? <Link to={`/clients/${r.clientId}`}>{r.headName ?? 'Open the client record'}</Link> : 'You may not see this client’s record.'}</dd>
              {r.capabilities.canEnroll && (
                <>
                  <dt>Enrollment</dt>
                  <dd>
                    <Link to={`/enrollments/new?referralId=${r.id}`}>Enroll this household</Link> (sets the referral to CES: Enrolled)
                  </dd>
                </>
              )}
              {r.flaggedSteps.length > 0 && (
                <>
                  <dt>Flagged</dt>
                  <dd>Missed: {r.flaggedSteps.join(', ')}</dd>
                </>
              )}
              {r.note && (
                <>
                  <dt>Matching note</dt>
                  <dd>{r.note}</dd>
                </>
              )}
            </dl>
          </section>

          <section aria-labelledby={`${hid}-deadlines`}>
            <h2 id={`${hid}-deadlines`}>Deadlines</h2>
            {r.deadlines.length === 0 ? (
              <p>This referral is outside the timeliness standards.</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <caption>Timeliness standards for this referral</caption>
                  <thead>
                    <tr>
                      <th scope="col">Step</th>
                      <th scope="col">Due</th>
                      <th scope="col">State</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.deadlines.map((d) => (
                      <tr key={d.step} className={d.state === 'overdue' ? 'overdue-row' : undefined}>
                        <th scope="row">{d.step}</th>
                        <td>{formatDue(d)}</td>
                        <td>
                          <span className={`badge badge-${d.state}`}>{STEP_STATE_LABELS[d.state]}</span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section aria-labelledby={`${hid}-history`}>
            <h2 id={`${hid}-history`}>Status history</h2>
            <ol className="referral-timeline">
              {r.history.map((h) => (
                <li key={h.id}>
                  <p className="note-meta">
                    {formatDateTime(h.at)} · {h.bySystem ? 'System' : (h.by ?? 'Unknown user')}
                    {h.correction && <span className="badge">Correction</span>}
                  </p>
                  <p className="timeline-status">{h.label}</p>
                  {h.note && <p className="note-body">{h.note}</p>}
                </li>
              ))}
            </ol>
          </section>

          <section aria-labelledby={`${hid}-attempts`}>
            <h2 id={`${hid}-attempts`}>Contact attempts</h2>
            {r.contactAttempts.length === 0 ? (
              <p>No contact attempts logged yet.</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <caption>Contact attempts ({r.contactAttempts.length})</caption>
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Method</th>
                      <th scope="col">Outcome</th>
                      <th scope="col">Note</th>
                      <th scope="col">By</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.contactAttempts.map((a) => (
                      <tr key={a.id}>
                        <th scope="row">{formatDateTime(a.at)}</th>
                        <td>{CONTACT_METHODS[a.method]}</td>
                        <td>{CONTACT_OUTCOMES[a.outcome]}</td>
                        <td>{a.note}</td>
                        <td>{a.recordedBy}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {r.capabilities.canLogContact && <ContactAttemptForm referral={r} onDone={done} />}
          </section>

          {r.capabilities.canChangeStatus && (
            <section aria-label="Status">
              <StatusForm key={r.version} referral={r} onDone={done} />
            </section>
          )}
        </>
      )}
    </>
  );
}
