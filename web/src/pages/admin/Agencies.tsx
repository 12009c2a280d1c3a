import { useState, type FormEvent } from 'react';
import { patch, post } from '../../api.ts';
import { useMe } from '../../auth.tsx';
import { usePageTitle, useResource } from '../../hooks.ts';
import type { Agency } from '../../types.ts';
import { CheckField, ErrorSummary, errorsOf, TextField, type Errors } from './form.tsx';

function AgencyForm({ agency, onDone, onCancel }: { agency: Agency | null; onDone: (message: string) => void; onCancel?: () => void }) {
  const [name, setName] = useState(agency?.name ?? '');
  const [vsp, setVsp] = useState(agency?.victimServiceProvider ?? false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const prefix = agency ? `agency-${agency.id}` : 'agency-new';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setFields({});
    try {
      if (agency) await patch(`/api/v1/agencies/${agency.id}`, { name, victimServiceProvider: vsp, version: agency.version });
      else await post('/api/v1/agencies', { name, victimServiceProvider: vsp });
      onDone(agency ? `Agency “${name}” saved.` : `Agency “${name}” created.`);
      if (!agency) {
        setName('');
        setVsp(false);
      }
    } catch (err) {
      const p = errorsOf(err);
      setError(p.message);
      setFields(p.fields);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="card" noValidate aria-label={agency ? `Edit ${agency.name}` : 'New agency'}>
      <h2>{agency ? `Edit ${agency.name}` : 'New agency'}</h2>
      <ErrorSummary message={error} fields={fields} prefix={prefix} />
      <TextField prefix={prefix} pointer="/name" label="Agency name" errors={fields} value={name} onChange={setName} required />
      <CheckField label="Victim service provider (2.01.3)" checked={vsp} onChange={setVsp} hint="Victim service providers do not enter client data in the HMIS." />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {agency ? 'Save agency' : 'Create agency'}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

export function AdminAgenciesPage() {
  const heading = usePageTitle('Agencies');
  const me = useMe();
  const agencies = useResource<{ items: Agency[] }>('/api/v1/agencies');
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const isAdmin = me.memberships.some((m) => m.role === 'hmis_admin');
  const done = (message: string) => {
    setNotice(message);
    setEditing(null);
    agencies.reload();
  };
  const current = agencies.data?.items.find((a) => a.id === editing) ?? null;
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Agencies
      </h1>
      <p role="status" className="success">
        {notice ?? ''}
      </p>
      {agencies.error && (
        <p role="alert" className="error">
          {agencies.error.message}
        </p>
      )}
      <div className="table-wrap">
        <table>
          <caption>Agencies of the Continuum of Care</caption>
          <thead>
            <tr>
              <th scope="col">Agency</th>
              <th scope="col">Victim service provider</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {agencies.data?.items.map((a) => (
              <tr key={a.id}>
                <th scope="row">{a.name}</th>
                <td>{a.victimServiceProvider ? 'Yes' : 'No'}</td>
                <td>
                  {a.capabilities.canEdit && (
                    <button type="button" className="secondary" onClick={() => setEditing(a.id)} aria-label={`Edit ${a.name}`}>
                      Edit
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {current && <AgencyForm key={current.id + current.version} agency={current} onDone={done} onCancel={() => setEditing(null)} />}
      {isAdmin && <AgencyForm agency={null} onDone={done} />}
    </>
  );
}
