import { useState, type FormEvent } from 'react';
import { api, patch, post } from '../../../api.ts';
import { useResource } from '../../../hooks.ts';
import { CheckField, ErrorSummary, SelectField, TextField, errorsOf, type Errors } from '../../admin/form.tsx';
import {
  CONTACT_TYPES,
  DOB_DQ,
  LOCK_REASONS,
  NAME_DQ,
  NO_YES,
  RACE,
  SEX,
  SSN_DQ,
  options,
  type ClientDetail,
  type ClientTab,
  type ClientTabProps,
  type Contact,
} from '../model.ts';
import { formatDate } from '../../../format.ts';

function Facts({ client, onEdit }: { client: ClientDetail; onEdit: () => void }) {
  const [ssn, setSsn] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reveal = async () => {
    setError(null);
    try {
      setSsn((await post<{ ssn: string | null }>(`/api/v1/clients/${client.id}/ssn-reveal`)).ssn ?? '');
    } catch (e) {
      setError(errorsOf(e).message);
    }
  };
  const c = client;
  return (
    <section className="card" aria-labelledby="facts-heading">
      <h2 id="facts-heading">Profile</h2>
      <dl className="profile-facts">
        {!c.anonymous && (
          <>
            <dt>Name</dt>
            <dd>
              {[c.firstName, c.middleName, c.lastName, c.suffix].filter(Boolean).join(' ') || '—'} <span className="hint">({NAME_DQ[c.nameDataQuality]})</span>
            </dd>
            <dt>Date of birth</dt>
            <dd>
              {formatDate(c.dateOfBirth)} <span className="hint">({DOB_DQ[c.dobDataQuality]})</span>
            </dd>
            <dt>SSN</dt>
            <dd>
              <span aria-live="polite">{ssn !== null ? ssn || '—' : (c.ssn ?? '—')}</span> <span className="hint">({SSN_DQ[c.ssnDataQuality]})</span>{' '}
              {c.capabilities.canRevealSsn && c.ssn && (
                <button type="button" className="secondary small" onClick={() => (ssn !== null ? setSsn(null) : void reveal())}>
                  {ssn !== null ? 'Hide SSN' : 'Show full SSN'}
                </button>
              )}
              {error && (
                <span role="alert" className="error">
                  {' '}
                  {error}
                </span>
              )}
            </dd>
          </>
        )}
        <dt>Sex</dt>
        <dd>{SEX[c.sex]}</dd>
        <dt>Race and ethnicity</dt>
        <dd>{c.race.length ? c.race.map((r) => RACE[r] ?? r).join('; ') : c.raceNone ? NO_YES[c.raceNone] : '—'}</dd>
        <dt>Veteran status</dt>
        <dd>{NO_YES[c.veteranStatus]}</dd>
        <dt>Record lock</dt>
        <dd>{c.lockReasons.length ? c.lockReasons.map((r) => LOCK_REASONS[r] ?? r).join(', ') : 'None'}</dd>
      </dl>
      {c.capabilities.canEdit && (
        <div className="actions">
          <button type="button" className="secondary" onClick={onEdit}>
            Edit profile
          </button>
        </div>
      )}
    </section>
  );
}

function EditProfile({ client, done }: { client: ClientDetail; done: (changed: boolean) => void }) {
  const [f, setF] = useState({
    firstName: client.firstName ?? '',
    middleName: client.middleName ?? '',
    lastName: client.lastName ?? '',
    suffix: client.suffix ?? '',
    nameDataQuality: client.nameDataQuality as number | null,
    dateOfBirth: client.dateOfBirth ?? '',
    dobDataQuality: client.dobDataQuality as number | null,
    sex: client.sex as number | null,
    veteranStatus: client.veteranStatus as number | null,
    race: client.race,
    lockReasons: client.lockReasons,
  });
  const [error, setError] = useState<{ message: string; fields: Errors } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof typeof f>(k: K) => (v: (typeof f)[K]) => setF((s) => ({ ...s, [k]: v }));
  const toggle = (list: string[], v: string, on: boolean) => (on ? [...list, v] : list.filter((x) => x !== v));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { version: client.version, sex: f.sex ?? 99, veteranStatus: f.veteranStatus ?? 99, race: f.race, ...(f.race.length ? {} : { raceNone: client.raceNone ?? 99 }) };
      if (!client.anonymous) {
        Object.assign(body, {
          firstName: f.firstName || null,
          middleName: f.middleName || null,
          lastName: f.lastName || null,
          suffix: f.suffix || null,
          nameDataQuality: f.nameDataQuality ?? 99,
          dateOfBirth: f.dateOfBirth || null,
          dobDataQuality: f.dobDataQuality ?? 99,
        });
      }
      if (client.capabilities.canChangeLocks) body.lockReasons = f.lockReasons;
      await patch(`/api/v1/clients/${client.id}`, body);
      done(true);
    } catch (err) {
      setError(errorsOf(err));
    } finally {
      setBusy(false);
    }
  };
  const fields = error?.fields ?? {};
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="edit-heading">
      <h2 id="edit-heading">Edit profile</h2>
      <ErrorSummary message={error?.message ?? null} fields={fields} prefix="edit" />
      {!client.anonymous && (
        <div className="grid-3">
          <TextField prefix="edit" pointer="/firstName" label="First name" value={f.firstName} onChange={set('firstName')} errors={fields} />
          <TextField prefix="edit" pointer="/middleName" label="Middle name" value={f.middleName} onChange={set('middleName')} errors={fields} />
          <TextField prefix="edit" pointer="/lastName" label="Last name" value={f.lastName} onChange={set('lastName')} errors={fields} />
          <TextField prefix="edit" pointer="/suffix" label="Suffix" value={f.suffix} onChange={set('suffix')} errors={fields} />
          <SelectField prefix="edit" pointer="/nameDataQuality" label="Name data quality" value={f.nameDataQuality} options={options(NAME_DQ)} onChange={set('nameDataQuality')} errors={fields} />
          <TextField prefix="edit" pointer="/dateOfBirth" label="Date of birth" type="date" value={f.dateOfBirth} onChange={set('dateOfBirth')} errors={fields} />
          <SelectField prefix="edit" pointer="/dobDataQuality" label="Date of birth data quality" value={f.dobDataQuality} options={options(DOB_DQ)} onChange={set('dobDataQuality')} errors={fields} />
        </div>
      )}
      <div className="grid-3">
        <SelectField prefix="edit" pointer="/sex" label="Sex" value={f.sex} options={options(SEX)} onChange={set('sex')} errors={fields} />
        <SelectField prefix="edit" pointer="/veteranStatus" label="Veteran status" value={f.veteranStatus} options={options(NO_YES)} onChange={set('veteranStatus')} errors={fields} />
      </div>
      <fieldset className="field checkbox-group">
        <legend>Race and ethnicity (all that apply)</legend>
        {Object.entries(RACE).map(([code, label]) => (
          <CheckField key={code} label={label} checked={f.race.includes(code)} onChange={(on) => set('race')(toggle(f.race, code, on))} />
        ))}
      </fieldset>
      {client.capabilities.canChangeLocks && (
        <fieldset className="field checkbox-group">
          <legend>Record lock</legend>
          {Object.entries(LOCK_REASONS).map(([code, label]) => (
            <CheckField key={code} label={label} checked={f.lockReasons.includes(code)} onChange={(on) => set('lockReasons')(toggle(f.lockReasons, code, on))} />
          ))}
        </fieldset>
      )}
      <div className="actions">
        <button type="submit" disabled={busy}>
          Save profile
        </button>
        <button type="button" className="secondary" onClick={() => done(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

const contactLine = (c: Contact) => (c.kind === 'address' ? [c.line1, c.line2, c.city, [c.state, c.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ') : (c.value ?? ''));
const KIND_LABEL: Record<Contact['kind'], string> = { phone: 'Phone', email: 'E-mail', address: 'Address' };

function ContactList({ items }: { items: Contact[] }) {
  if (items.length === 0) return <p>No contact information recorded.</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>Contact information, the best way to reach the client first</caption>
        <thead>
          <tr>
            <th scope="col">How</th>
            <th scope="col">Contact</th>
            <th scope="col">OK to leave a message</th>
            <th scope="col">Last confirmed</th>
            <th scope="col">Notes</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                {KIND_LABEL[c.kind]} ({c.type}){c.preferred && <span className="badge preferred">Preferred</span>}
              </th>
              <td>{contactLine(c)}</td>
              <td>{c.kind === 'address' ? '—' : c.okToLeaveMessage ? 'Yes' : 'No'}</td>
              <td>{formatDate(c.lastConfirmedOn, 'Never')}</td>
              <td>{c.notes ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const blankContact = (kind: Contact['kind']): Contact => ({ kind, type: CONTACT_TYPES[kind][0]!, value: '', line1: '', line2: '', city: '', state: 'IL', zip: '', okToLeaveMessage: false, preferred: false, lastConfirmedOn: null, notes: '' });

function EditContacts({ client, items, done }: { client: ClientDetail; items: Contact[]; done: (changed: boolean) => void }) {
  const [list, setList] = useState<Contact[]>(items);
  const [error, setError] = useState<{ message: string; fields: Errors } | null>(null);
  const [busy, setBusy] = useState(false);
  const update = (i: number, change: Partial<Contact>) => setList((l) => l.map((c, j) => (j === i ? { ...c, ...change } : change.preferred ? { ...c, preferred: false } : c)));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const payload = list.map((c) => ({
        ...(c.id ? { id: c.id } : {}),
        kind: c.kind,
        type: c.type,
        ...(c.kind === 'address' ? { line1: c.line1 || null, line2: c.line2 || null, city: c.city || null, state: c.state || null, zip: c.zip || null } : { value: c.value || null }),
        okToLeaveMessage: c.okToLeaveMessage,
        preferred: c.preferred,
        lastConfirmedOn: c.lastConfirmedOn || null,
        notes: c.notes || null,
      }));
      await api('PUT', `/api/v1/clients/${client.id}/contact`, { version: client.version, items: payload });
      done(true);
    } catch (err) {
      setError(errorsOf(err));
    } finally {
      setBusy(false);
    }
  };
  const fields = error?.fields ?? {};
  return (
    <form onSubmit={submit} noValidate aria-labelledby="contacts-edit-heading">
      <h3 id="contacts-edit-heading">Edit contact information</h3>
      <ErrorSummary message={error?.message ?? null} fields={fields} prefix="contact" />
      {list.map((c, i) => (
        <fieldset key={c.id ?? `new-${i}`} className="card contact-edit">
          <legend>
            {KIND_LABEL[c.kind]} {i + 1}
          </legend>
          <div className="grid-3">
            <SelectField<string> prefix="contact" pointer={`/items/${i}/type`} label="Type" value={c.type} options={CONTACT_TYPES[c.kind].map((t) => ({ value: t, label: t }))} onChange={(v) => update(i, { type: v ?? 'other' })} errors={fields} />
            {c.kind === 'address' ? (
              <>
                <TextField prefix="contact" pointer={`/items/${i}/line1`} label="Street" value={c.line1} onChange={(v) => update(i, { line1: v })} errors={fields} />
                <TextField prefix="contact" pointer={`/items/${i}/line2`} label="Apartment, unit, in care of" value={c.line2} onChange={(v) => update(i, { line2: v })} errors={fields} />
                <TextField prefix="contact" pointer={`/items/${i}/city`} label="City" value={c.city} onChange={(v) => update(i, { city: v })} errors={fields} />
                <TextField prefix="contact" pointer={`/items/${i}/state`} label="State" value={c.state} onChange={(v) => update(i, { state: v })} errors={fields} />
                <TextField prefix="contact" pointer={`/items/${i}/zip`} label="ZIP code" value={c.zip} onChange={(v) => update(i, { zip: v })} errors={fields} />
              </>
            ) : (
              <TextField prefix="contact" pointer={`/items/${i}/value`} label={c.kind === 'phone' ? 'Phone number' : 'E-mail address'} type={c.kind === 'phone' ? 'tel' : 'email'} value={c.value} onChange={(v) => update(i, { value: v })} errors={fields} />
            )}
            <TextField prefix="contact" pointer={`/items/${i}/lastConfirmedOn`} label="Last confirmed" type="date" value={c.lastConfirmedOn} onChange={(v) => update(i, { lastConfirmedOn: v || null })} errors={fields} />
            <TextField prefix="contact" pointer={`/items/${i}/notes`} label="Notes" value={c.notes} onChange={(v) => update(i, { notes: v })} errors={fields} />
          </div>
          {c.kind !== 'address' && <CheckField label="OK to leave a message" checked={c.okToLeaveMessage} onChange={(v) => update(i, { okToLeaveMessage: v })} />}
          <CheckField label="Preferred way to reach the client" checked={c.preferred} onChange={(v) => update(i, { preferred: v })} error={fields[`/items/${i}/preferred`]} />
          <button type="button" className="secondary" onClick={() => setList((l) => l.filter((_, j) => j !== i))}>
            Remove {KIND_LABEL[c.kind].toLowerCase()} {i + 1}
          </button>
        </fieldset>
      ))}
      <div className="actions">
        <button type="button" className="secondary" onClick={() => setList((l) => [...l, blankContact('phone')])}>
          Add phone
        </button>
        <button type="button" className="secondary" onClick={() => setList((l) => [...l, blankContact('email')])}>
          Add e-mail
        </button>
        <button type="button" className="secondary" onClick={() => setList((l) => [...l, blankContact('address')])}>
          Add address
        </button>
      </div>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Save contact information
        </button>
        <button type="button" className="secondary" onClick={() => done(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ProfileTab({ client, reload }: ClientTabProps) {
  const [editing, setEditing] = useState<'profile' | 'contacts' | null>(null);
  const contacts = useResource<{ items: Contact[]; version: number }>(`/api/v1/clients/${client.id}/contact?v=${client.version}`);
  const finish = (changed: boolean) => {
    setEditing(null);
    if (changed) reload();
  };
  return (
    <>
      {editing === 'profile' ? <EditProfile client={client} done={finish} /> : <Facts client={client} onEdit={() => setEditing('profile')} />}
      <section className="card" aria-labelledby="contact-heading">
        <h2 id="contact-heading">Contact information</h2>
        {contacts.error && (
          <p role="alert" className="error">
            {contacts.error.message}
          </p>
        )}
        {editing === 'contacts' && contacts.data ? (
          <EditContacts client={client} items={contacts.data.items} done={finish} />
        ) : (
          <>
            {contacts.data ? <ContactList items={contacts.data.items} /> : <p role="status">Loading contact information…</p>}
            {client.capabilities.canEditContacts && !client.anonymous && contacts.data && (
              <div className="actions">
                <button type="button" className="secondary" onClick={() => setEditing('contacts')}>
                  Edit contact information
                </button>
              </div>
            )}
          </>
        )}
      </section>
    </>
  );
}

export const tab: ClientTab = { key: 'profile', label: 'Profile & contact', order: 10, Component: ProfileTab };
