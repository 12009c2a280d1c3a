import { useState, type FormEvent } from 'react';
import { post } from '../../../api.ts';
import { useResource } from '../../../hooks.ts';
import { ErrorSummary, SelectField, TextField, errorsOf, type Errors } from '../../admin/form.tsx';
import { CONSENT_STATE, SHARING, SIGNED_BY, type ClientTab, type ClientTabProps, type Consent, type ConsentState } from '../model.ts';
import { cocToday, formatDate } from '../../../format.ts';

const STATUS: Record<Consent['status'], string> = { current: 'In effect', expired: 'Expired', revoked: 'Revoked', future: 'Not started' };

function ConsentTab({ client, reload }: ClientTabProps) {
  const consents = useResource<{ state: ConsentState; items: Consent[]; capabilities: { canManageConsent: boolean } }>(`/api/v1/clients/${client.id}/consents`);
  const [adding, setAdding] = useState(false);
  const [f, setF] = useState({ sharing: client.anonymous ? 'none' : 'full', startDate: cocToday(), endDate: '', signedBy: 'self', signerName: '', witness: '' });
  const [revoking, setRevoking] = useState<string | null>(null);
  const [revokeReason, setRevokeReason] = useState('');
  const [error, setError] = useState<{ message: string; fields: Errors } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const set = <K extends keyof typeof f>(k: K) => (v: (typeof f)[K]) => setF((s) => ({ ...s, [k]: v }));

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await post(`/api/v1/clients/${client.id}/consents`, {
        sharing: f.sharing,
        startDate: f.startDate,
        ...(f.endDate ? { endDate: f.endDate } : {}),
        signedBy: f.signedBy,
        ...(f.signerName ? { signerName: f.signerName } : {}),
        ...(f.witness ? { witness: f.witness } : {}),
      });
      setAdding(false);
      setMessage('The release was recorded.');
      consents.reload();
      reload();
    } catch (err) {
      setError(errorsOf(err));
    }
  };
  const revoke = async (e: FormEvent) => {
    e.preventDefault();
    if (!revoking) return;
    setError(null);
    try {
      await post(`/api/v1/clients/${client.id}/consents/${revoking}/revoke`, revokeReason ? { reason: revokeReason } : {});
      setRevoking(null);
      setRevokeReason('');
      setMessage('The release was revoked. The record is now visible to the owning agency only.');
      consents.reload();
      reload();
    } catch (err) {
      setError(errorsOf(err));
    }
  };
  const fields = error?.fields ?? {};
  const canManage = consents.data?.capabilities.canManageConsent ?? false;
  return (
    <section className="card" aria-labelledby="consent-heading">
      <h2 id="consent-heading">Release of information</h2>
      <p>
        Current state: <strong>{consents.data ? CONSENT_STATE[consents.data.state] : '…'}</strong>. A release lasts three years unless it says otherwise; a revoked
        release stops sharing from now on.
      </p>
      {message && (
        <p role="status" className="success">
          {message}
        </p>
      )}
      <ErrorSummary message={error?.message ?? null} fields={fields} prefix="consent" />
      {consents.data && (
        <div className="table-wrap">
          <table>
            <caption>Releases, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Sharing</th>
                <th scope="col">From</th>
                <th scope="col">Until</th>
                <th scope="col">Signed by</th>
                <th scope="col">Witness</th>
                <th scope="col">Status</th>
                {canManage && <th scope="col">Action</th>}
              </tr>
            </thead>
            <tbody>
              {consents.data.items.map((k) => (
                <tr key={k.id}>
                  <th scope="row">{SHARING[k.sharing]}</th>
                  <td>{formatDate(k.startDate)}</td>
                  <td>{formatDate(k.endDate)}</td>
                  <td>
                    {SIGNED_BY[k.signedBy] ?? k.signedBy}
                    {k.signerName ? ` (${k.signerName})` : ''}
                  </td>
                  <td>{k.witness ?? '—'}</td>
                  <td>
                    {STATUS[k.status]}
                    {k.revokedAt ? ` on ${formatDate(k.revokedAt)}${k.revokeReason ? `: ${k.revokeReason}` : ''}` : ''}
                  </td>
                  {canManage && (
                    <td>
                      {!k.revokedAt && k.sharing !== 'none' && (
                        <button type="button" className="secondary small" onClick={() => setRevoking(k.id)}>
                          Revoke release from {formatDate(k.startDate)}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {revoking && (
        <form onSubmit={revoke} className="card" aria-labelledby="revoke-heading">
          <h3 id="revoke-heading">Revoke the release</h3>
          <TextField prefix="revoke" pointer="/reason" label="Reason (optional)" value={revokeReason} onChange={setRevokeReason} errors={{}} />
          <div className="actions">
            <button type="submit" className="danger">
              Revoke
            </button>
            <button type="button" className="secondary" onClick={() => setRevoking(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {canManage && !adding && (
        <div className="actions">
          <button type="button" onClick={() => setAdding(true)}>
            Record a new release
          </button>
        </div>
      )}
      {adding && (
        <form onSubmit={add} noValidate className="card" aria-labelledby="new-consent-heading">
          <h3 id="new-consent-heading">New release</h3>
          <div className="grid-3">
            <SelectField<string>
              prefix="consent"
              pointer="/sharing"
              label="Sharing"
              value={f.sharing}
              options={Object.entries(SHARING)
                .filter(([v]) => (client.anonymous ? v === 'none' : v !== 'none'))
                .map(([value, label]) => ({ value, label }))}
              onChange={(v) => set('sharing')(v ?? 'full')}
              errors={fields}
            />
            <TextField prefix="consent" pointer="/startDate" label="Start date" type="date" value={f.startDate} onChange={set('startDate')} errors={fields} />
            <TextField prefix="consent" pointer="/endDate" label="End date" type="date" hint="Leave empty: three years after the start." value={f.endDate} onChange={set('endDate')} errors={fields} />
            <SelectField<string>
              prefix="consent"
              pointer="/signedBy"
              label="Signed by"
              value={f.signedBy}
              options={Object.entries(SIGNED_BY).map(([value, label]) => ({ value, label }))}
              onChange={(v) => set('signedBy')(v ?? 'self')}
              errors={fields}
            />
            <TextField prefix="consent" pointer="/signerName" label="Name of the person who signed" value={f.signerName} onChange={set('signerName')} errors={fields} />
            <TextField prefix="consent" pointer="/witness" label="Witness" value={f.witness} onChange={set('witness')} errors={fields} />
          </div>
          <div className="actions">
            <button type="submit">Save release</button>
            <button type="button" className="secondary" onClick={() => setAdding(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

export const tab: ClientTab = { key: 'consent', label: 'Consent', order: 20, Component: ConsentTab };
