/**
 * Request a transfer (issue 8): the target project, the reason, the date of the decision and the members
 * who move. The server derives the kind and whether CES approval is needed; the choice list says it ahead.
 */
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { post } from '../../api.ts';
import { usePageTitle, useResource } from '../../hooks.ts';
import { CheckField, ErrorSummary, SelectField, TextField, errorsOf, fieldId, type Errors } from '../admin/form.tsx';
import type { EnrollmentDetail } from '../enrollments/model.ts';
import type { TransferTarget } from './model.ts';
import { cocToday } from '../../format.ts';

export function TransferRequestPage() {
  const [params] = useSearchParams();
  const enrollmentId = params.get('enrollmentId');
  const heading = usePageTitle('Request a transfer');
  const navigate = useNavigate();
  const enrollment = useResource<EnrollmentDetail>(enrollmentId ? `/api/v1/enrollments/${encodeURIComponent(enrollmentId)}` : null);
  const targets = useResource<{ items: TransferTarget[] }>(enrollmentId ? `/api/v1/transfers/targets?enrollmentId=${encodeURIComponent(enrollmentId)}` : null);
  const [targetId, setTargetId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [decidedOn, setDecidedOn] = useState(cocToday());
  const [moves, setMoves] = useState(false);
  const [excluded, setExcluded] = useState<string[]>([]);
  const [error, setError] = useState<{ message: string; fields: Errors } | null>(null);
  const [busy, setBusy] = useState(false);

  const e = enrollment.data;
  const openMembers = (e?.members ?? []).filter((m) => m.exitDate === null);
  const target = targets.data?.items.find((t) => t.id === targetId);
  const fields = error?.fields ?? {};

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!e) return;
    // The obvious gaps are named before asking the server (which checks everything again).
    const missing: Errors = {};
    if (!targetId) missing['/targetProjectId'] = 'Choose the project the household moves to.';
    if (!reason.trim()) missing['/reason'] = 'Say why the household transfers.';
    if (!decidedOn) missing['/decidedOn'] = 'Give the date the transfer was decided.';
    if (Object.keys(missing).length > 0) {
      setError({ message: 'Some answers are missing.', fields: missing });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const created = await post<{ id: string }>('/api/v1/transfers', {
        enrollmentId: e.id,
        targetProjectId: targetId ?? '',
        reason,
        decidedOn,
        memberClientIds: openMembers.map((m) => m.clientId).filter((c) => !excluded.includes(c)),
        householdMoves: moves,
      });
      void navigate(`/transfers/${created.id}`);
    } catch (err) {
      setError(errorsOf(err));
    } finally {
      setBusy(false);
    }
  };

  const reasonId = fieldId('transfer', '/reason');
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Request a transfer
      </h1>
      {!enrollmentId && <p role="alert" className="error">Open the household’s enrollment and choose “Request a transfer” there.</p>}
      {(enrollment.error ?? targets.error) && (
        <p role="alert" className="error">
          {(enrollment.error ?? targets.error)!.message}
        </p>
      )}
      {e && (
        <>
          <p>
            <Link to={`/enrollments/${e.id}`}>Back to the enrollment</Link>
          </p>
          <p>
            Household of {e.displayName} in {e.projectName}. Within the agency, a transfer to the same program model (or between Safe Haven and PSH) needs no CES approval: you complete it yourself and this request is
            the transfer notification, due within 2 business days of the decision. Every other transfer waits for the matching team’s approval; the household stays enrolled where it is until then.
          </p>
          <form onSubmit={(ev) => void submit(ev)} noValidate aria-label="Transfer request">
            <ErrorSummary message={error?.message ?? null} fields={fields} prefix="transfer" />
            <SelectField
              prefix="transfer"
              pointer="/targetProjectId"
              label="Target project"
              value={targetId}
              empty="Choose a project"
              options={(targets.data?.items ?? [])
                .filter((t) => t.available)
                .map((t) => ({ value: t.id, label: `${t.name} — ${t.agencyName} (${t.programModel}; ${t.kind}, ${t.approvalRequired ? 'CES approval needed' : 'no approval needed'})` }))}
              onChange={setTargetId}
              errors={fields}
            />
            {target && (
              <p role="status" className="hint">
                {target.approvalRequired ? 'This transfer needs CES approval: it goes to the matching team’s queue.' : 'No CES approval needed: complete the transfer once the household starts in the new project.'}
              </p>
            )}
            <div className="field">
              <label htmlFor={reasonId}>Reason for the transfer</label>
              <textarea
                id={reasonId}
                value={reason}
                maxLength={2000}
                rows={3}
                aria-invalid={Boolean(fields['/reason'])}
                {...(fields['/reason'] ? { 'aria-describedby': `${reasonId}-error` } : {})}
                onChange={(ev) => setReason(ev.target.value)}
              />
              {fields['/reason'] && (
                <span id={`${reasonId}-error`} className="field-error">
                  {fields['/reason']}
                </span>
              )}
            </div>
            <TextField prefix="transfer" pointer="/decidedOn" label="Date of the decision" type="date" value={decidedOn} onChange={setDecidedOn} errors={fields} />
            <fieldset id={fieldId('transfer', '/memberClientIds')}>
              <legend>Members who move</legend>
              {openMembers.map((m) => (
                <CheckField
                  key={m.clientId}
                  label={m.displayName}
                  checked={!excluded.includes(m.clientId)}
                  onChange={(on) => setExcluded((x) => (on ? x.filter((c) => c !== m.clientId) : [...x, m.clientId]))}
                />
              ))}
              {fields['/memberClientIds'] && <p className="field-error">{fields['/memberClientIds']}</p>}
            </fieldset>
            <CheckField label="The household moves to another unit" checked={moves} onChange={setMoves} hint="If the household was housed and stays in its unit, the new move-in date is the new start date." />
            <button type="submit" disabled={busy}>
              Request the transfer
            </button>
          </form>
        </>
      )}
    </>
  );
}
