import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { post } from '../../../api.ts';
import { useResource } from '../../../hooks.ts';
import { ErrorSummary, SelectField, TextField, errorsOf, type Errors } from '../../admin/form.tsx';
import { CONSENT_STATE, RELATIONSHIP, options, type ClientTab, type ClientTabProps, type ConsentState, type Household } from '../model.ts';
import { cocToday, formatDate } from '../../../format.ts';

type Action = { kind: 'add' } | { kind: 'leave'; clientId: string; name: string } | { kind: 'head'; clientId: string; name: string } | null;

function HouseholdTab({ client }: ClientTabProps) {
  const res = useResource<{ household: Household | null }>(`/api/v1/clients/${client.id}/household`);
  const [action, setAction] = useState<Action>(null);
  const [f, setF] = useState({ clientId: '', relationshipToHoH: 2 as number | null, date: cocToday(), formerHeadRelationship: 3 as number | null });
  const [error, setError] = useState<{ message: string; fields: Errors } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const set = <K extends keyof typeof f>(k: K) => (v: (typeof f)[K]) => setF((s) => ({ ...s, [k]: v }));
  const h = res.data?.household ?? null;

  const run = async (fn: () => Promise<unknown>, done: string) => {
    setError(null);
    try {
      await fn();
      setAction(null);
      setMessage(done);
      res.reload();
    } catch (err) {
      setError(errorsOf(err));
    }
  };
  const startHousehold = () => run(() => post('/api/v1/households', { members: [{ clientId: client.id, relationshipToHoH: 1, joinedOn: cocToday() }] }), 'The household was created with this client as head.');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!h || !action) return;
    if (action.kind === 'add') void run(() => post(`/api/v1/households/${h.id}/members`, { clientId: f.clientId.trim(), relationshipToHoH: f.relationshipToHoH ?? 99, joinedOn: f.date }), 'The member was added.');
    if (action.kind === 'leave') void run(() => post(`/api/v1/households/${h.id}/members/${action.clientId}/leave`, { leftOn: f.date }), `${action.name} left the household.`);
    if (action.kind === 'head') void run(() => post(`/api/v1/households/${h.id}/head`, { clientId: action.clientId, effectiveOn: f.date, formerHeadRelationship: f.formerHeadRelationship ?? 99 }), `${action.name} is now the head of household.`);
  };
  const fields = error?.fields ?? {};
  const current = h?.members.filter((m) => m.current) ?? [];
  const past = h?.members.filter((m) => !m.current) ?? [];

  return (
    <section className="card" aria-labelledby="household-heading">
      <h2 id="household-heading">Household</h2>
      {message && (
        <p role="status" className="success">
          {message}
        </p>
      )}
      <ErrorSummary message={error?.message ?? null} fields={fields} prefix="household" />
      {res.loading && !res.data && <p role="status">Loading the household…</p>}
      {res.data && !h && (
        <>
          <p>This client is not in a household (a single adult).</p>
          <button type="button" className="secondary" onClick={() => void startHousehold()}>
            Start a household with this client as head
          </button>
        </>
      )}
      {h && (
        <>
          <div className="table-wrap">
            <table>
              <caption>Current members</caption>
              <thead>
                <tr>
                  <th scope="col">Member</th>
                  <th scope="col">Relationship to head</th>
                  <th scope="col">Date of birth</th>
                  <th scope="col">Joined</th>
                  <th scope="col">Consent</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {current.map((m) => (
                  <tr key={m.membershipId}>
                    <th scope="row">{m.clientId === client.id ? m.displayName : <Link to={`/clients/${m.clientId}`}>{m.displayName}</Link>}</th>
                    <td>{RELATIONSHIP[m.relationshipToHoH] ?? m.relationshipToHoH}</td>
                    <td>{m.dateOfBirth ?? '—'}</td>
                    <td>{formatDate(m.joinedOn)}</td>
                    <td>{CONSENT_STATE[m.consentState as ConsentState] ?? m.consentState}</td>
                    <td className="row-actions">
                      {m.relationshipToHoH !== 1 && (
                        <button type="button" className="secondary small" onClick={() => setAction({ kind: 'head', clientId: m.clientId, name: m.displayName })}>
                          Make {m.displayName} head
                        </button>
                      )}
                      {(m.relationshipToHoH !== 1 || current.length === 1) && (
                        <button type="button" className="secondary small" onClick={() => setAction({ kind: 'leave', clientId: m.clientId, name: m.displayName })}>
                          {m.displayName} leaves
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {past.length > 0 && (
            <div className="table-wrap">
              <table>
                <caption>Membership history</caption>
                <thead>
                  <tr>
                    <th scope="col">Member</th>
                    <th scope="col">Relationship to head</th>
                    <th scope="col">From</th>
                    <th scope="col">Until</th>
                  </tr>
                </thead>
                <tbody>
                  {past.map((m) => (
                    <tr key={m.membershipId}>
                      <th scope="row">{m.displayName}</th>
                      <td>{RELATIONSHIP[m.relationshipToHoH] ?? m.relationshipToHoH}</td>
                      <td>{formatDate(m.joinedOn)}</td>
                      <td>{formatDate(m.leftOn)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {!action && (
            <div className="actions">
              <button type="button" className="secondary" onClick={() => setAction({ kind: 'add' })}>
                Add a member
              </button>
            </div>
          )}
          {action && (
            <form onSubmit={submit} noValidate className="card" aria-labelledby="household-action-heading">
              <h3 id="household-action-heading">
                {action.kind === 'add' ? 'Add a member' : action.kind === 'leave' ? `${action.name} leaves the household` : `Make ${action.name} the head of household`}
              </h3>
              <div className="grid-3">
                {action.kind === 'add' && (
                  <>
                    <TextField prefix="household" pointer="/clientId" label="Client ID" hint="Find the client first; the ID is on their profile." value={f.clientId} onChange={set('clientId')} errors={fields} />
                    <SelectField prefix="household" pointer="/relationshipToHoH" label="Relationship to the head" value={f.relationshipToHoH} options={options(RELATIONSHIP).filter((o) => o.value !== 1)} onChange={set('relationshipToHoH')} errors={fields} />
                  </>
                )}
                {action.kind === 'head' && (
                  <SelectField prefix="household" pointer="/formerHeadRelationship" label="The former head’s relationship to the new head" value={f.formerHeadRelationship} options={options(RELATIONSHIP).filter((o) => o.value !== 1)} onChange={set('formerHeadRelationship')} errors={fields} />
                )}
                <TextField
                  prefix="household"
                  pointer={action.kind === 'add' ? '/joinedOn' : action.kind === 'leave' ? '/leftOn' : '/effectiveOn'}
                  label={action.kind === 'add' ? 'Joined on' : action.kind === 'leave' ? 'Left on' : 'From'}
                  type="date"
                  value={f.date}
                  onChange={set('date')}
                  errors={fields}
                />
              </div>
              <div className="actions">
                <button type="submit">Save</button>
                <button type="button" className="secondary" onClick={() => setAction(null)}>
                  Cancel
                </button>
              </div>
            </form>
          )}
        </>
      )}
    </section>
  );
}

export const tab: ClientTab = { key: 'household', label: 'Household', order: 30, Component: HouseholdTab };
