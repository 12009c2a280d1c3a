import { useState, type FormEvent } from 'react';
import { get } from '../api.ts';
import { usePageTitle, useResource } from '../hooks.ts';
import { ErrorSummary, errorsOf, SelectField, TextField, type Errors } from './admin/form.tsx';
import type { AdminUser, AuditItem } from './admin/model.ts';
import { formatDateTime } from '../format.ts';

interface Filters {
  userId: string | null;
  clientId: string;
  from: string;
  to: string;
  action: string;
}

/** Before/after values folded away: a project's descriptors are long. */
function Json({ value, label }: { value: unknown; label: string }) {
  if (value === null || value === undefined) return null;
  return (
    <details>
      <summary>{label}</summary>
      <pre className="json">{JSON.stringify(value, null, 1)}</pre>
    </details>
  );
}

/** The audit log search (HMIS administrators): by user, by client, by time range. */
export function AuditPage() {
  const heading = usePageTitle('Audit log');
  const users = useResource<{ items: AdminUser[] }>('/api/v1/users');
  const [filters, setFilters] = useState<Filters>({ userId: null, clientId: '', from: '', to: '', action: '' });
  const [items, setItems] = useState<AuditItem[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const P = 'audit';

  function query(cursor: string | null) {
    const q = new URLSearchParams();
    if (filters.userId) q.set('userId', filters.userId);
    if (filters.clientId.trim()) q.set('clientId', filters.clientId.trim());
    // The time range is in local time; the server takes instants.
    if (filters.from) q.set('from', new Date(filters.from).toISOString());
    if (filters.to) q.set('to', new Date(filters.to).toISOString());
    if (filters.action.trim()) q.set('action', filters.action.trim());
    q.set('limit', '50');
    if (cursor) q.set('cursor', cursor);
    return `/api/v1/audit?${q.toString()}`;
  }

  async function search(cursor: string | null) {
    setBusy(true);
    setError(null);
    setFields({});
    try {
      const res = await get<{ items: AuditItem[]; nextCursor: string | null }>(query(cursor));
      setItems((prev) => (cursor && prev ? [...prev, ...res.items] : res.items));
      setNext(res.nextCursor);
    } catch (err) {
      const p = errorsOf(err);
      setError(p.message);
      // Query problems point into the query string.
      setFields(Object.fromEntries(Object.entries(p.fields).map(([k, v]) => [k.replace(/^\/querystring/, ''), v])));
    } finally {
      setBusy(false);
    }
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void search(null);
  };
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => setFilters((f) => ({ ...f, [k]: v }));

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Audit log
      </h1>
      <form onSubmit={submit} noValidate aria-label="Search the audit log" className="card">
        <ErrorSummary message={error} fields={fields} prefix={P} />
        <div className="grid-3">
          <SelectField<string>
            prefix={P}
            pointer="/userId"
            errors={fields}
            label="User"
            value={filters.userId}
            options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))}
            onChange={(v) => set('userId', v)}
            empty="Any user"
          />
          <TextField prefix={P} pointer="/clientId" errors={fields} label="Client ID" hint="The client record's ID." value={filters.clientId} onChange={(v) => set('clientId', v)} />
          <TextField prefix={P} pointer="/action" errors={fields} label="Action" hint="e.g. project.create, or project for all." value={filters.action} onChange={(v) => set('action', v)} />
          <TextField prefix={P} pointer="/from" errors={fields} type="datetime-local" label="From" value={filters.from} onChange={(v) => set('from', v)} />
          <TextField prefix={P} pointer="/to" errors={fields} type="datetime-local" label="To" value={filters.to} onChange={(v) => set('to', v)} />
        </div>
        <div className="actions">
          <button type="submit" disabled={busy}>
            Search
          </button>
        </div>
      </form>
      <p role="status">{items === null ? '' : busy ? 'Searching…' : `${items.length} entr${items.length === 1 ? 'y' : 'ies'} shown${next ? ', more available' : ''}.`}</p>
      {items !== null && (
        <div className="table-wrap">
          <table className="audit-table">
            <caption>Audit log entries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Record</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
                <th scope="col">Reason</th>
                <th scope="col">Request</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id}>
                  <td>
                    <time dateTime={i.at}>{formatDateTime(i.at)}</time>
                  </td>
                  <td>{i.username ?? '—'}</td>
                  <th scope="row">{i.action}</th>
                  <td>
                    {i.entityType ?? ''} {i.entityId ?? ''}
                    {i.clientId && <div>client {i.clientId}</div>}
                  </td>
                  <td>
                    <Json value={i.before} label="Before" />
                  </td>
                  <td>
                    <Json value={i.after} label="After" />
                    <Json value={i.details} label="Details" />
                  </td>
                  <td>{i.reason ?? ''}</td>
                  <td>
                    <span className="mono">{i.requestId ?? ''}</span>
                    <div>{i.address ?? ''}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <div className="actions">
          <button type="button" className="secondary" disabled={busy} onClick={() => void search(next)}>
            Show older entries
          </button>
        </div>
      )}
    </>
  );
}
