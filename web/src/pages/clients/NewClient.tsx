import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { post } from '../../api.ts';
import { usePageTitle } from '../../hooks.ts';
import { CheckField, ErrorSummary, SelectField, TextField, errorsOf, type Errors } from '../admin/form.tsx';
import { DOB_DQ, LOCK_REASONS, NAME_DQ, NO_YES, RACE, SEX, SHARING, SIGNED_BY, SSN_DQ, options, type ClientDetail } from '../client/model.ts';
import { cocToday } from '../../format.ts';

interface Duplicate {
  id: string;
  displayName: string;
  dateOfBirth: string | null;
  ssn: string | null;
  ownerAgencyName: string;
  matches: string[];
}

const MATCH_LABELS: Record<string, string> = { name: 'similar name', dateOfBirth: 'same date of birth', ssnLast4: 'same last four of SSN' };

/** New client: search-before-create (likely duplicates shown before saving), consent, HUD universal data. */
export function NewClientPage() {
  const heading = usePageTitle('New client');
  const navigate = useNavigate();
  const [f, setF] = useState({
    firstName: '',
    middleName: '',
    lastName: '',
    suffix: '',
    nameDataQuality: 1 as number | null,
    dateOfBirth: '',
    dobDataQuality: 1 as number | null,
    ssn: '',
    ssnDataQuality: null as number | null,
    sex: 99 as number | null,
    veteranStatus: 99 as number | null,
    race: [] as string[],
    lockReasons: [] as string[],
    sharing: 'full',
    startDate: cocToday(),
    endDate: '',
    signedBy: 'self',
    signerName: '',
    witness: '',
    phone: '',
    phoneOk: false,
    email: '',
  });
  const [duplicates, setDuplicates] = useState<Duplicate[] | null>(null);
  const [checkedFor, setCheckedFor] = useState('');
  const [notDuplicate, setNotDuplicate] = useState(false);
  const [error, setError] = useState<{ message: string; fields: Errors } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof typeof f>(k: K) => (v: (typeof f)[K]) => setF((s) => ({ ...s, [k]: v }));
  const anonymous = f.sharing === 'none';
  const identity = `${f.firstName}|${f.lastName}|${f.dateOfBirth}|${f.ssn}`;

  async function checkDuplicates(): Promise<Duplicate[]> {
    if (anonymous || (!f.firstName.trim() && !f.lastName.trim() && !f.dateOfBirth)) {
      setDuplicates([]);
      return [];
    }
    const body: Record<string, string> = {};
    if (f.firstName.trim()) body.firstName = f.firstName.trim();
    if (f.lastName.trim()) body.lastName = f.lastName.trim();
    if (f.dateOfBirth) body.dateOfBirth = f.dateOfBirth;
    if (f.ssn.trim()) body.ssn = f.ssn.trim();
    const res = await post<{ items: Duplicate[] }>('/api/v1/clients/duplicates', body);
    setDuplicates(res.items);
    setCheckedFor(identity);
    setNotDuplicate(false);
    return res.items;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const local: Errors = {};
    if (!anonymous && (f.nameDataQuality === 1 || f.nameDataQuality === 2)) {
      if (!f.firstName.trim()) local['/firstName'] = 'Enter the first name, or choose why the name is missing.';
      if (f.nameDataQuality === 1 && !f.lastName.trim()) local['/lastName'] = 'Enter the last name, or choose "partial" as name data quality.';
    }
    if (Object.keys(local).length) {
      setError({ message: 'Some fields need attention.', fields: local });
      return;
    }
    setBusy(true);
    try {
      // Search before create: likely duplicates are shown, and must be dismissed, before saving.
      const found = checkedFor === identity && duplicates ? duplicates : await checkDuplicates();
      if (found.length > 0 && !notDuplicate) {
        setError({ message: 'This person may already have a record. Open it, or confirm that none of the records listed is this person.', fields: {} });
        document.getElementById('duplicates')?.focus();
        return;
      }
      const contacts = [];
      if (!anonymous && f.phone.trim()) contacts.push({ kind: 'phone', type: 'mobile', value: f.phone.trim(), okToLeaveMessage: f.phoneOk, preferred: true, lastConfirmedOn: cocToday() });
      if (!anonymous && f.email.trim()) contacts.push({ kind: 'email', type: 'personal', value: f.email.trim(), lastConfirmedOn: cocToday() });
      const body: Record<string, unknown> = {
        sex: f.sex ?? 99,
        veteranStatus: f.veteranStatus ?? 99,
        race: f.race,
        ...(f.race.length === 0 ? { raceNone: 99 } : {}),
        lockReasons: f.lockReasons,
        consent: {
          sharing: f.sharing,
          startDate: f.startDate || undefined,
          ...(f.endDate ? { endDate: f.endDate } : {}),
          signedBy: f.signedBy,
          ...(f.signerName.trim() ? { signerName: f.signerName.trim() } : {}),
          ...(f.witness.trim() ? { witness: f.witness.trim() } : {}),
        },
        contacts,
      };
      if (!anonymous) {
        Object.assign(body, {
          firstName: f.firstName || null,
          middleName: f.middleName || null,
          lastName: f.lastName || null,
          suffix: f.suffix || null,
          ...(f.nameDataQuality !== null ? { nameDataQuality: f.nameDataQuality } : {}),
          dateOfBirth: f.dateOfBirth || null,
          ...(f.dobDataQuality !== null ? { dobDataQuality: f.dateOfBirth ? f.dobDataQuality : f.dobDataQuality === 1 || f.dobDataQuality === 2 ? 99 : f.dobDataQuality } : {}),
          ssn: f.ssn || null,
          ...(f.ssnDataQuality !== null ? { ssnDataQuality: f.ssnDataQuality } : {}),
        });
      } else {
        Object.assign(body, { nameDataQuality: 9, dobDataQuality: 9, ssnDataQuality: 9 });
      }
      const created = await post<ClientDetail>('/api/v1/clients', body);
      navigate(`/clients/${created.id}`);
    } catch (err) {
      const problem = errorsOf(err);
      // The e-mail is contacts/0 when no phone was sent: point its error at the e-mail field.
      if (!f.phone.trim() && problem.fields['/contacts/0/value']) {
        problem.fields['/contacts/1/value'] = problem.fields['/contacts/0/value'];
        delete problem.fields['/contacts/0/value'];
      }
      setError(problem);
    } finally {
      setBusy(false);
    }
  }

  const fields = error?.fields ?? {};
  const toggle = (list: string[], v: string, on: boolean) => (on ? [...list, v] : list.filter((x) => x !== v));

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        New client
      </h1>
      <p>
        <Link to="/clients">Back to client search</Link>
      </p>
      <form className="client-form" onSubmit={submit} noValidate aria-label="New client">
        <ErrorSummary message={error?.message ?? null} fields={fields} prefix="client" />
        <fieldset className="card">
          <legend>Release of information</legend>
          <div className="grid-3">
            <SelectField<string>
              prefix="client"
              pointer="/consent/sharing"
              label="Sharing"
              value={f.sharing}
              options={Object.entries(SHARING).map(([value, label]) => ({ value, label }))}
              onChange={(v) => set('sharing')(v ?? 'full')}
              errors={fields}
              hint="Limited sharing locks the record to your agency, the CE project and the matching team."
            />
            <TextField prefix="client" pointer="/consent/startDate" label="Release start date" type="date" value={f.startDate} onChange={set('startDate')} errors={fields} />
            <TextField prefix="client" pointer="/consent/endDate" label="Release end date" type="date" hint="Leave empty: three years after the start." value={f.endDate} onChange={set('endDate')} errors={fields} />
            <SelectField<string>
              prefix="client"
              pointer="/consent/signedBy"
              label="Signed by"
              value={f.signedBy}
              options={Object.entries(SIGNED_BY).map(([value, label]) => ({ value, label }))}
              onChange={(v) => set('signedBy')(v ?? 'self')}
              errors={fields}
            />
            <TextField prefix="client" pointer="/consent/signerName" label="Name of the person who signed (if not the client)" value={f.signerName} onChange={set('signerName')} errors={fields} />
            <TextField prefix="client" pointer="/consent/witness" label="Witness" value={f.witness} onChange={set('witness')} errors={fields} />
          </div>
          {anonymous && (
            <p className="notice">
              Without consent to share, only an anonymous record may be created: no name, SSN or date of birth. It lets services be counted and is
              visible to your agency only.
            </p>
          )}
        </fieldset>
        {!anonymous && (
          <fieldset className="card">
            <legend>Name, date of birth and SSN</legend>
            <div className="grid-3">
              <TextField prefix="client" pointer="/firstName" label="First name" value={f.firstName} onChange={set('firstName')} errors={fields} />
              <TextField prefix="client" pointer="/middleName" label="Middle name" value={f.middleName} onChange={set('middleName')} errors={fields} />
              <TextField prefix="client" pointer="/lastName" label="Last name" value={f.lastName} onChange={set('lastName')} errors={fields} />
              <TextField prefix="client" pointer="/suffix" label="Suffix" value={f.suffix} onChange={set('suffix')} errors={fields} />
              <SelectField prefix="client" pointer="/nameDataQuality" label="Name data quality" value={f.nameDataQuality} options={options(NAME_DQ)} onChange={set('nameDataQuality')} errors={fields} />
              <TextField prefix="client" pointer="/dateOfBirth" label="Date of birth" type="date" value={f.dateOfBirth} onChange={set('dateOfBirth')} errors={fields} />
              <SelectField prefix="client" pointer="/dobDataQuality" label="Date of birth data quality" value={f.dobDataQuality} options={options(DOB_DQ)} onChange={set('dobDataQuality')} errors={fields} />
              <TextField prefix="client" pointer="/ssn" label="SSN" hint="9 digits; x for a digit the client does not know." value={f.ssn} onChange={set('ssn')} errors={fields} />
              <SelectField prefix="client" pointer="/ssnDataQuality" label="SSN data quality" value={f.ssnDataQuality} options={options(SSN_DQ)} onChange={set('ssnDataQuality')} errors={fields} empty="Decide from the SSN entered" />
            </div>
            <div className="actions">
              <button type="button" className="secondary" onClick={() => void checkDuplicates().catch((err) => setError(errorsOf(err)))}>
                Check for existing records
              </button>
            </div>
          </fieldset>
        )}
        {duplicates !== null && !anonymous && (
          <section className={`card duplicates${duplicates.length ? ' found' : ''}`} id="duplicates" tabIndex={-1} aria-labelledby="duplicates-heading" aria-live="polite">
            <h2 id="duplicates-heading">Possible existing records</h2>
            {duplicates.length === 0 ? (
              <p>No likely duplicates among the records you can see.</p>
            ) : (
              <>
                <ul>
                  {duplicates.map((d) => (
                    <li key={d.id}>
                      <Link to={`/clients/${d.id}`}>{d.displayName}</Link> — born {d.dateOfBirth ?? 'unknown'}, SSN {d.ssn ?? 'not recorded'}, {d.ownerAgencyName} (
                      {d.matches.map((m) => MATCH_LABELS[m] ?? m).join(', ')})
                    </li>
                  ))}
                </ul>
                <CheckField label="None of these records is this person" checked={notDuplicate} onChange={setNotDuplicate} />
              </>
            )}
          </section>
        )}
        <fieldset className="card">
          <legend>Demographics</legend>
          <div className="grid-3">
            <SelectField prefix="client" pointer="/sex" label="Sex" value={f.sex} options={options(SEX)} onChange={set('sex')} errors={fields} />
            <SelectField prefix="client" pointer="/veteranStatus" label="Veteran status" value={f.veteranStatus} options={options(NO_YES)} onChange={set('veteranStatus')} errors={fields} />
          </div>
          <fieldset className="field checkbox-group">
            <legend>Race and ethnicity (all that apply)</legend>
            {Object.entries(RACE).map(([code, label]) => (
              <CheckField key={code} label={label} checked={f.race.includes(code)} onChange={(on) => set('race')(toggle(f.race, code, on))} />
            ))}
          </fieldset>
        </fieldset>
        <fieldset className="card">
          <legend>Record lock</legend>
          <p className="hint">A locked record is visible only to your agency, the CE project and the matching team.</p>
          {Object.entries(LOCK_REASONS)
            .filter(([code]) => code !== 'hopwa_project' && code !== 'rhy_project')
            .map(([code, label]) => (
              <CheckField key={code} label={label} checked={f.lockReasons.includes(code)} onChange={(on) => set('lockReasons')(toggle(f.lockReasons, code, on))} />
            ))}
        </fieldset>
        {!anonymous && (
          <fieldset className="card">
            <legend>Contact information</legend>
            <div className="grid-3">
              <TextField prefix="client" pointer="/contacts/0/value" label="Mobile phone" type="tel" value={f.phone} onChange={set('phone')} errors={fields} />
              <TextField prefix="client" pointer="/contacts/1/value" label="E-mail" type="email" value={f.email} onChange={set('email')} errors={fields} />
            </div>
            <CheckField label="OK to leave a message on this phone" checked={f.phoneOk} onChange={set('phoneOk')} />
          </fieldset>
        )}
        <div className="actions">
          <button type="submit" disabled={busy}>
            Create client
          </button>
          <Link to="/clients">Cancel</Link>
        </div>
      </form>
    </>
  );
}
