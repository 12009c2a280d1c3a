import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, get, post } from '../../../api.ts';
import { useResource } from '../../../hooks.ts';
import { CheckField, ErrorSummary, errorsOf, fieldId, NumberField, SelectField, TextField, type Errors } from '../../admin/form.tsx';
import { options, RELATIONSHIP, type ClientTab, type ClientTabProps, type Household } from '../model.ts';
import { cocToday, formatDate } from '../../../format.ts';

/** The Coordinated Entry tab: the CE enrollment, the HUD 4.19 assessment and its social-service contacts. */

const NO_YES_REASONS: Record<number, string> = { 1: 'Yes', 0: 'No', 8: 'Client doesn’t know', 9: 'Client prefers not to answer', 99: 'Data not collected' };
const NO_YES_MISSING: Record<number, string> = { 1: 'Yes', 0: 'No', 99: 'Data not collected' };
const LIVING_SITUATION: Record<number, string> = {
  116: 'Place not meant for habitation (vehicle, abandoned building, outside)',
  101: 'Emergency shelter (incl. hotel/motel paid with an ES voucher)',
  118: 'Safe Haven',
  204: 'Psychiatric hospital or facility',
  205: 'Substance use treatment facility or detox',
  206: 'Hospital or other residential medical facility',
  207: 'Jail, prison or juvenile detention',
  215: 'Foster care home or group home',
  225: 'Long-term care facility or nursing home',
  302: 'Transitional housing for homeless persons',
  314: 'Hotel or motel paid without an ES voucher',
  329: 'Residential project or halfway house, no homeless criteria',
  332: 'Host Home (non-crisis)',
  335: 'Staying in a family member’s room, apartment or house',
  336: 'Staying in a friend’s room, apartment or house',
  410: 'Rental by client, no ongoing subsidy',
  411: 'Owned by client, no ongoing subsidy',
  421: 'Owned by client, with ongoing subsidy',
  435: 'Rental by client, with ongoing subsidy',
  8: 'Client doesn’t know',
  9: 'Client prefers not to answer',
  99: 'Data not collected',
};
const CURRENT_LIVING_SITUATION: Record<number, string> = { ...LIVING_SITUATION, 17: 'Other', 37: 'Worker unable to determine' };
const RENTAL_SUBSIDY: Record<number, string> = {
  419: 'VASH',
  420: 'Other ongoing housing subsidy',
  428: 'GPD TIP',
  431: 'RRH or equivalent',
  433: 'HCV voucher (not dedicated)',
  434: 'Public housing unit',
  436: 'Housing Stability Voucher',
  437: 'Family Unification Program (FUP)',
  438: 'Foster Youth to Independence (FYI)',
  439: 'Permanent Supportive Housing',
  440: 'Other PH for formerly homeless persons',
};
const LENGTH_OF_STAY: Record<number, string> = {
  10: 'One night or less',
  11: 'Two to six nights',
  2: 'One week or more, less than one month',
  3: 'One month or more, less than 90 days',
  4: '90 days or more, less than one year',
  5: 'One year or longer',
  8: 'Client doesn’t know',
  9: 'Client prefers not to answer',
  99: 'Data not collected',
};
const TIMES_HOMELESS: Record<number, string> = { 1: 'One time', 2: 'Two times', 3: 'Three times', 4: 'Four or more times', 8: 'Client doesn’t know', 9: 'Client prefers not to answer', 99: 'Data not collected' };
const MONTHS_HOMELESS: Record<number, string> = {
  ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [101 + i, i === 0 ? '1 month' : `${i + 1} months`])),
  113: 'More than 12 months',
  8: 'Client doesn’t know',
  9: 'Client prefers not to answer',
  99: 'Data not collected',
};
const ASSESSMENT_TYPE: Record<number, string> = { 3: 'In person', 1: 'Phone', 2: 'Virtual' };
const ASSESSMENT_LEVEL: Record<number, string> = { 2: 'Housing needs assessment', 1: 'Crisis needs assessment' };
const PRIORITIZATION: Record<number, string> = { 1: 'Placed on prioritization list', 2: 'Not placed on prioritization list' };
const CHRONIC: Record<string, string> = { yes: 'Chronically homeless', no: 'Not chronically homeless', unknown: 'Chronic homelessness not known' };

/** The CoC's standardized assessment questions (the answers go to HUD AssessmentQuestions). */
const STANDARD_QUESTIONS: { group: string; question: string }[] = [
  { group: 'History of housing and homelessness', question: 'Where do you sleep most frequently?' },
  { group: 'History of housing and homelessness', question: 'How long has it been since you lived in permanent stable housing?' },
  { group: 'Risks', question: 'Have you been taken to the emergency room in the past six months?' },
  { group: 'Risks', question: 'Has anyone tried to harm you since you became homeless?' },
  { group: 'Socialization and daily functioning', question: 'Is there a person or agency you owe money to?' },
  { group: 'Wellness', question: 'Do you have a chronic health issue with your liver, kidneys, stomach, lungs or heart?' },
];

interface Prior {
  livingSituation: number | null;
  rentalSubsidyType: number | null;
  lengthOfStay: number | null;
  losUnderThreshold: number | null;
  previousStreetEssh: number | null;
  dateToStreetEssh: string | null;
  timesHomelessPastThreeYears: number | null;
  monthsHomelessPastThreeYears: number | null;
}

interface Enrollment extends Prior {
  id: string;
  projectName: string | null;
  entryDate: string;
  exitDate: string | null;
  relationshipToHoH: number;
  disablingCondition: number;
  chronic: { status: string; explanation: string };
  members: { clientId: string; relationshipToHoH: number }[];
  version: number;
}

interface EnrollmentAnswer {
  enrollment: Enrollment | null;
  capabilities: { canEnroll: boolean; canEdit: boolean; canAssess: boolean };
}

interface SocialServiceContact {
  name: string;
  organization: string;
  role?: string | null;
  phone?: string | null;
  email?: string | null;
  notes?: string | null;
}

interface Assessment {
  id: string;
  assessmentDate: string;
  assessmentLocation: string;
  assessmentType: number;
  assessmentLevel: number;
  prioritizationStatus: number;
  score: number | null;
  answers: { group: string | null; question: string; answer: string | null }[];
  chronic: { status: string; explanation: string } | null;
  assessedBy: string | null;
  socialServiceContacts?: SocialServiceContact[];
  socialServiceContactsHiddenReason?: string;
  askHrs?: string;
}

const EMPTY_PRIOR: Prior = {
  livingSituation: null,
  rentalSubsidyType: null,
  lengthOfStay: null,
  losUnderThreshold: null,
  previousStreetEssh: null,
  dateToStreetEssh: null,
  timesHomelessPastThreeYears: null,
  monthsHomelessPastThreeYears: null,
};

const label = (labels: Record<number, string>, v: number | null | undefined) => (v === null || v === undefined ? 'Not recorded' : (labels[v] ?? String(v)));

/** Only the answered 3.917 fields (the API keeps what is not sent). */
const priorBody = (p: Prior) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== null && v !== ''));

/** The 3.917 questions, shown in the order HUD asks them. */
function PriorFields({ prefix, value, onChange, errors }: { prefix: string; value: Prior; onChange: (p: Prior) => void; errors: Errors }) {
  const set = <K extends keyof Prior>(k: K, v: Prior[K]) => onChange({ ...value, [k]: v });
  const ls = value.livingSituation;
  const homeless = ls !== null && ls >= 100 && ls < 200;
  return (
    <fieldset className="row-group">
      <legend>Prior living situation and chronic homelessness (HUD 3.917)</legend>
      <div className="grid-2">
        <SelectField<number> prefix={prefix} pointer="/livingSituation" label="Where did the client stay last night?" errors={errors} value={value.livingSituation} options={options(LIVING_SITUATION)} empty="Not recorded" onChange={(v) => set('livingSituation', v)} />
        {ls === 435 && <SelectField<number> prefix={prefix} pointer="/rentalSubsidyType" label="Rental subsidy type" errors={errors} value={value.rentalSubsidyType} options={options(RENTAL_SUBSIDY)} empty="Choose…" onChange={(v) => set('rentalSubsidyType', v)} />}
        <SelectField<number> prefix={prefix} pointer="/lengthOfStay" label="Length of stay there" errors={errors} value={value.lengthOfStay} options={options(LENGTH_OF_STAY)} empty="Not recorded" onChange={(v) => set('lengthOfStay', v)} />
        {ls !== null && !homeless && (
          <SelectField<number>
            prefix={prefix}
            pointer="/previousStreetEssh"
            label="On the streets, in emergency shelter or a safe haven the night before?"
            errors={errors}
            value={value.previousStreetEssh}
            options={options(NO_YES_MISSING)}
            empty="Not recorded"
            onChange={(v) => set('previousStreetEssh', v)}
          />
        )}
        <TextField prefix={prefix} pointer="/dateToStreetEssh" type="date" label="Approximate date this time on the streets or in shelter started" errors={errors} value={value.dateToStreetEssh} onChange={(v) => set('dateToStreetEssh', v || null)} />
        <SelectField<number> prefix={prefix} pointer="/timesHomelessPastThreeYears" label="Times homeless in the past three years" errors={errors} value={value.timesHomelessPastThreeYears} options={options(TIMES_HOMELESS)} empty="Not recorded" onChange={(v) => set('timesHomelessPastThreeYears', v)} />
        <SelectField<number> prefix={prefix} pointer="/monthsHomelessPastThreeYears" label="Months homeless in the past three years" errors={errors} value={value.monthsHomelessPastThreeYears} options={options(MONTHS_HOMELESS)} empty="Not recorded" onChange={(v) => set('monthsHomelessPastThreeYears', v)} />
      </div>
    </fieldset>
  );
}

function EnrollForm({ clientId, onDone }: { clientId: string; onDone: (m: string) => void }) {
  const prefix = 'ce-enroll';
  const [entryDate, setEntryDate] = useState(cocToday());
  const [disabling, setDisabling] = useState<number | null>(null);
  const [prior, setPrior] = useState<Prior>(EMPTY_PRIOR);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  // For a family the head is enrolled, with the members chosen here.
  const household = useResource<{ household: Household | null }>(`/api/v1/clients/${clientId}/household`);
  const current = household.data?.household?.members.filter((m) => m.current) ?? [];
  const self = current.find((m) => m.clientId === clientId);
  const others = current.filter((m) => m.clientId !== clientId);
  const [left, setLeft] = useState<string[]>([]);
  if (self && self.relationshipToHoH !== 1) {
    const head = current.find((m) => m.relationshipToHoH === 1);
    return (
      <section className="card" aria-labelledby="ce-enroll-h">
        <h2 id="ce-enroll-h">Enroll in Coordinated Entry</h2>
        <p>This client belongs to a household: enroll the head of household{head ? ` (${head.displayName})` : ''} from their profile, with this client as a member.</p>
      </section>
    );
  }
  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: Errors = {};
    if (!entryDate) local['/entryDate'] = 'Enter the project start date.';
    if (Object.keys(local).length) {
      setError('Some answers need correcting.');
      setFields(local);
      return;
    }
    setBusy(true);
    setError(null);
    setFields({});
    try {
      const householdMembers = others.filter((m) => !left.includes(m.clientId)).map((m) => ({ clientId: m.clientId, relationshipToHoH: m.relationshipToHoH }));
      await post(`/api/v1/clients/${clientId}/ce-enrollment`, {
        entryDate,
        ...(disabling !== null ? { disablingCondition: disabling } : {}),
        ...priorBody(prior),
        ...(householdMembers.length ? { householdMembers } : {}),
      });
      onDone('The client is enrolled in Coordinated Entry.');
    } catch (err) {
      const p = errorsOf(err);
      setError(p.message);
      setFields(p.fields);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby="ce-enroll-h" className="card">
      <h2 id="ce-enroll-h">Enroll in Coordinated Entry</h2>
      <ErrorSummary message={error} fields={fields} prefix={prefix} />
      <div className="grid-2">
        <TextField prefix={prefix} pointer="/entryDate" type="date" label="Project start date" errors={fields} value={entryDate} onChange={setEntryDate} required />
        <SelectField<number> prefix={prefix} pointer="/disablingCondition" label="Disabling condition (HUD 3.08)" errors={fields} value={disabling} options={options(NO_YES_REASONS)} empty="Not recorded" onChange={setDisabling} />
      </div>
      <PriorFields prefix={prefix} value={prior} onChange={setPrior} errors={fields} />
      {others.length > 0 && (
        <fieldset className="row-group">
          <legend>Household members enrolled with the head</legend>
          {others.map((m) => (
            <CheckField
              key={m.clientId}
              label={`${m.displayName} (${RELATIONSHIP[m.relationshipToHoH] ?? m.relationshipToHoH})`}
              checked={!left.includes(m.clientId)}
              onChange={(on) => setLeft(on ? left.filter((id) => id !== m.clientId) : [...left, m.clientId])}
            />
          ))}
        </fieldset>
      )}
      <div className="actions">
        <button type="submit" disabled={busy}>
          Enroll in Coordinated Entry
        </button>
      </div>
    </form>
  );
}

const EMPTY_CONTACT: SocialServiceContact = { name: '', organization: '', role: '', phone: '', email: '', notes: '' };

function ContactsGroup({ prefix, contacts, onChange, errors }: { prefix: string; contacts: SocialServiceContact[]; onChange: (c: SocialServiceContact[]) => void; errors: Errors }) {
  const set = (i: number, k: keyof SocialServiceContact, v: string) => onChange(contacts.map((c, j) => (j === i ? { ...c, [k]: v } : c)));
  return (
    <fieldset className="row-group">
      <legend>Social-service contacts</legend>
      <p className="hint">Case workers, clinics, shelters and others who can reach the client. Only Housing Resource Specialists of the Coordinated Entry project can read these.</p>
      {contacts.length === 0 && <p>No contacts added.</p>}
      {contacts.map((c, i) => (
        <fieldset key={i} className="row-group ce-contact">
          <legend>Contact {i + 1}</legend>
          <div className="grid-3">
            <TextField prefix={prefix} pointer={`/socialServiceContacts/${i}/name`} label="Name" errors={errors} value={c.name} onChange={(v) => set(i, 'name', v)} required />
            <TextField prefix={prefix} pointer={`/socialServiceContacts/${i}/organization`} label="Organisation" errors={errors} value={c.organization} onChange={(v) => set(i, 'organization', v)} required />
            <TextField prefix={prefix} pointer={`/socialServiceContacts/${i}/role`} label="Role" errors={errors} value={c.role} onChange={(v) => set(i, 'role', v)} />
            <TextField prefix={prefix} pointer={`/socialServiceContacts/${i}/phone`} type="tel" label="Phone" errors={errors} value={c.phone} onChange={(v) => set(i, 'phone', v)} />
            <TextField prefix={prefix} pointer={`/socialServiceContacts/${i}/email`} type="email" label="E-mail" errors={errors} value={c.email} onChange={(v) => set(i, 'email', v)} />
            <TextField prefix={prefix} pointer={`/socialServiceContacts/${i}/notes`} label="Notes" errors={errors} value={c.notes} onChange={(v) => set(i, 'notes', v)} />
          </div>
          <button type="button" className="secondary" onClick={() => onChange(contacts.filter((_, j) => j !== i))}>
            Remove contact {i + 1}
          </button>
        </fieldset>
      ))}
      <button type="button" className="secondary" onClick={() => onChange([...contacts, { ...EMPTY_CONTACT }])}>
        Add a contact
      </button>
    </fieldset>
  );
}

function AssessmentForm({ clientId, enrollment, onDone }: { clientId: string; enrollment: Enrollment; onDone: (m: string) => void }) {
  const prefix = 'ce-assess';
  const [date, setDate] = useState(cocToday());
  const [location, setLocation] = useState('');
  const [type, setType] = useState<number | null>(3);
  const [level, setLevel] = useState<number | null>(2);
  const [prioritization, setPrioritization] = useState<number | null>(1);
  const [score, setScore] = useState<number | null>(null);
  const [disabling, setDisabling] = useState<number | null>(enrollment.disablingCondition);
  const [prior, setPrior] = useState<Prior>({
    livingSituation: enrollment.livingSituation,
    rentalSubsidyType: enrollment.rentalSubsidyType,
    lengthOfStay: enrollment.lengthOfStay,
    losUnderThreshold: null,
    previousStreetEssh: enrollment.previousStreetEssh,
    dateToStreetEssh: enrollment.dateToStreetEssh,
    timesHomelessPastThreeYears: enrollment.timesHomelessPastThreeYears,
    monthsHomelessPastThreeYears: enrollment.monthsHomelessPastThreeYears,
  });
  const [answers, setAnswers] = useState<string[]>(STANDARD_QUESTIONS.map(() => ''));
  const [contacts, setContacts] = useState<SocialServiceContact[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  function check(): Errors {
    const e: Errors = {};
    if (!date) e['/assessmentDate'] = 'Enter the assessment date.';
    if (type === null) e['/assessmentType'] = 'Choose how the assessment was done.';
    if (level === null) e['/assessmentLevel'] = 'Choose the assessment level.';
    if (prioritization === null) e['/prioritizationStatus'] = 'Choose the prioritization status.';
    contacts.forEach((c, i) => {
      if (!c.name.trim()) e[`/socialServiceContacts/${i}/name`] = 'Enter the contact’s name.';
      if (!c.organization.trim()) e[`/socialServiceContacts/${i}/organization`] = 'Enter the organisation.';
      if (c.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(c.email)) e[`/socialServiceContacts/${i}/email`] = 'Enter an e-mail address like name@example.org.';
    });
    return e;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = check();
    if (Object.keys(local).length) {
      setError('Some answers need correcting.');
      setFields(local);
      document.getElementById(fieldId(prefix, Object.keys(local)[0]!))?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setFields({});
    try {
      await post(`/api/v1/clients/${clientId}/ce-assessments`, {
        assessmentDate: date,
        ...(location.trim() ? { assessmentLocation: location.trim() } : {}),
        assessmentType: type,
        assessmentLevel: level,
        prioritizationStatus: prioritization,
        ...(score !== null ? { score } : {}),
        ...(disabling !== null ? { disablingCondition: disabling } : {}),
        ...priorBody(prior),
        answers: STANDARD_QUESTIONS.map((q, i) => ({ group: q.group, question: q.question, answer: answers[i]?.trim() || null })).filter((a) => a.answer !== null),
        socialServiceContacts: contacts.map((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => typeof v === 'string' && v.trim() !== ''))),
      });
      onDone('The CE assessment is saved.');
    } catch (err) {
      const p = errorsOf(err);
      setError(p.message);
      setFields(p.fields);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="ce-assess-h" className="card">
      <h2 id="ce-assess-h">Record a CE assessment</h2>
      <ErrorSummary message={error} fields={fields} prefix={prefix} />
      <div className="grid-3">
        <TextField prefix={prefix} pointer="/assessmentDate" type="date" label="Assessment date" errors={fields} value={date} onChange={setDate} required />
        <TextField prefix={prefix} pointer="/assessmentLocation" label="Location" hint="Default: the CE project" errors={fields} value={location} onChange={setLocation} />
        <SelectField<number> prefix={prefix} pointer="/assessmentType" label="Assessment type" errors={fields} value={type} options={options(ASSESSMENT_TYPE)} onChange={setType} />
        <SelectField<number> prefix={prefix} pointer="/assessmentLevel" label="Assessment level" errors={fields} value={level} options={options(ASSESSMENT_LEVEL)} onChange={setLevel} />
        <SelectField<number> prefix={prefix} pointer="/prioritizationStatus" label="Prioritization status" errors={fields} value={prioritization} options={options(PRIORITIZATION)} onChange={setPrioritization} />
        <NumberField prefix={prefix} pointer="/score" label="Vulnerability score" errors={fields} value={score} onChange={setScore} />
        <SelectField<number> prefix={prefix} pointer="/disablingCondition" label="Disabling condition (HUD 3.08)" errors={fields} value={disabling} options={options(NO_YES_REASONS)} empty="Not recorded" onChange={setDisabling} />
      </div>
      <PriorFields prefix={prefix} value={prior} onChange={setPrior} errors={fields} />
      <fieldset className="row-group">
        <legend>Standardized assessment</legend>
        {STANDARD_QUESTIONS.map((q, i) => (
          <TextField
            key={q.question}
            prefix={prefix}
            pointer={`/answers/${i}/answer`}
            label={q.question}
            hint={q.group}
            errors={fields}
            value={answers[i]}
            onChange={(v) => setAnswers(answers.map((a, j) => (j === i ? v : a)))}
          />
        ))}
      </fieldset>
      <ContactsGroup prefix={prefix} contacts={contacts} onChange={setContacts} errors={fields} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          Save the CE assessment
        </button>
      </div>
    </form>
  );
}

function ClsForm({ clientId, onDone }: { clientId: string; onDone: (m: string) => void }) {
  const prefix = 'ce-cls';
  const [date, setDate] = useState(cocToday());
  const [situation, setSituation] = useState<number | null>(null);
  const [subsidy, setSubsidy] = useState<number | null>(null);
  const [details, setDetails] = useState('');
  const [verifiedBy, setVerifiedBy] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: Errors = {};
    if (!date) local['/informationDate'] = 'Enter the date of the contact.';
    if (situation === null) local['/currentLivingSituation'] = 'Choose where the client is staying.';
    if (Object.keys(local).length) {
      setError('Some answers need correcting.');
      setFields(local);
      return;
    }
    setBusy(true);
    setError(null);
    setFields({});
    try {
      await post(`/api/v1/clients/${clientId}/current-living-situations`, {
        informationDate: date,
        currentLivingSituation: situation,
        ...(subsidy !== null ? { clsSubsidyType: subsidy } : {}),
        ...(details.trim() ? { locationDetails: details.trim() } : {}),
        ...(verifiedBy.trim() ? { verifiedBy: verifiedBy.trim() } : {}),
      });
      setSituation(null);
      setDetails('');
      setVerifiedBy('');
      onDone('The current living situation is recorded.');
    } catch (err) {
      const p = errorsOf(err);
      setError(p.message);
      setFields(p.fields);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby="ce-cls-h" className="card">
      <h2 id="ce-cls-h">Record a current living situation (HUD 4.12)</h2>
      <ErrorSummary message={error} fields={fields} prefix={prefix} />
      <div className="grid-3">
        <TextField prefix={prefix} pointer="/informationDate" type="date" label="Date of contact" errors={fields} value={date} onChange={setDate} required />
        <SelectField<number> prefix={prefix} pointer="/currentLivingSituation" label="Current living situation" errors={fields} value={situation} options={options(CURRENT_LIVING_SITUATION)} empty="Choose…" onChange={setSituation} />
        {situation === 435 && <SelectField<number> prefix={prefix} pointer="/clsSubsidyType" label="Rental subsidy type" errors={fields} value={subsidy} options={options(RENTAL_SUBSIDY)} empty="Choose…" onChange={setSubsidy} />}
        <TextField prefix={prefix} pointer="/locationDetails" label="Location details" errors={fields} value={details} onChange={setDetails} />
        <TextField prefix={prefix} pointer="/verifiedBy" label="Verified by" errors={fields} value={verifiedBy} onChange={setVerifiedBy} />
      </div>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Record the living situation
        </button>
      </div>
    </form>
  );
}

function AssessmentView({ a }: { a: Assessment }) {
  return (
    <section aria-labelledby="ce-latest-h" className="card">
      <h2 id="ce-latest-h">Latest CE assessment</h2>
      <dl className="profile-facts">
        <dt>Date</dt>
        <dd>{formatDate(a.assessmentDate)}</dd>
        <dt>Location</dt>
        <dd>{a.assessmentLocation}</dd>
        <dt>Type</dt>
        <dd>{label(ASSESSMENT_TYPE, a.assessmentType)}</dd>
        <dt>Level</dt>
        <dd>{label(ASSESSMENT_LEVEL, a.assessmentLevel)}</dd>
        <dt>Prioritization status</dt>
        <dd>{label(PRIORITIZATION, a.prioritizationStatus)}</dd>
        <dt>Vulnerability score</dt>
        <dd>{a.score ?? 'Not recorded'}</dd>
        {a.chronic && (
          <>
            <dt>Chronic homelessness</dt>
            <dd>
              {CHRONIC[a.chronic.status] ?? a.chronic.status}: {a.chronic.explanation}
            </dd>
          </>
        )}
        <dt>Assessed by</dt>
        <dd>{a.assessedBy ?? 'Unknown'}</dd>
      </dl>
      {a.answers.length > 0 && (
        <div className="table-wrap ce-answers">
          <table>
            <caption>Standardized assessment answers</caption>
            <thead>
              <tr>
                <th scope="col">Question</th>
                <th scope="col">Answer</th>
              </tr>
            </thead>
            <tbody>
              {a.answers.map((q, i) => (
                <tr key={i}>
                  <th scope="row">{q.question}</th>
                  <td>{q.answer ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Social-service contacts</h3>
      {a.socialServiceContacts ? (
        a.socialServiceContacts.length === 0 ? (
          <p>No social-service contacts were recorded.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption>Social-service contacts (visible to Housing Resource Specialists only)</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Organisation</th>
                  <th scope="col">Role</th>
                  <th scope="col">Phone</th>
                  <th scope="col">E-mail</th>
                  <th scope="col">Notes</th>
                </tr>
              </thead>
              <tbody>
                {a.socialServiceContacts.map((c, i) => (
                  <tr key={i}>
                    <th scope="row">{c.name}</th>
                    <td>{c.organization}</td>
                    <td>{c.role ?? ''}</td>
                    <td>{c.phone ? <a href={`tel:${c.phone.replace(/[^0-9+]/g, '')}`}>{c.phone}</a> : ''}</td>
                    <td>{c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : ''}</td>
                    <td>{c.notes ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : (
        <div className="ce-ask-hrs" role="note">
          <p>{a.socialServiceContactsHiddenReason}</p>
          <p>{a.askHrs}</p>
        </div>
      )}
    </section>
  );
}

function CeAssessmentPanel({ client }: ClientTabProps) {
  const enrollment = useResource<EnrollmentAnswer>(`/api/v1/clients/${client.id}/ce-enrollment`);
  const [assessment, setAssessment] = useState<{ data: Assessment | null; error: string | null; loading: boolean }>({ data: null, error: null, loading: true });
  const history = useResource<{ items: Assessment[] }>(`/api/v1/clients/${client.id}/ce-assessments`);
  const cls = useResource<{ items: { id: string; informationDate: string; currentLivingSituation: number; locationDetails: string | null; recordedBy: string | null }[] }>(`/api/v1/clients/${client.id}/current-living-situations`);
  const [notice, setNotice] = useState('');
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let cancelled = false;
    get<Assessment>(`/api/v1/clients/${client.id}/ce-assessment`).then(
      (data) => !cancelled && setAssessment({ data, error: null, loading: false }),
      (err: unknown) => {
        if (cancelled) return;
        if (err instanceof ApiError && err.status === 404) setAssessment({ data: null, error: null, loading: false });
        else setAssessment({ data: null, error: err instanceof Error ? err.message : 'Could not load the assessment.', loading: false });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [client.id, tick]);

  const done = (message: string) => {
    setNotice(message);
    enrollment.reload();
    history.reload();
    cls.reload();
    setTick((t) => t + 1);
  };
  const e = enrollment.data?.enrollment ?? null;
  const caps = enrollment.data?.capabilities;
  return (
    <div className="ce-tab">
      <p role="status" className="success">
        {notice}
      </p>
      {enrollment.error && (
        <p role="alert" className="error">
          {enrollment.error.message}
        </p>
      )}
      <section aria-labelledby="ce-enrollment-h" className="card">
        <h2 id="ce-enrollment-h">Coordinated Entry enrollment</h2>
        {enrollment.loading && !enrollment.data ? (
          <p>Loading…</p>
        ) : e ? (
          <dl className="profile-facts">
            <dt>Project</dt>
            <dd>{e.projectName}</dd>
            <dt>Started</dt>
            <dd>{formatDate(e.entryDate)}</dd>
            <dt>Status</dt>
            <dd>{e.exitDate ? `Exited ${formatDate(e.exitDate)}` : 'Open'}</dd>
            <dt>Role in household</dt>
            <dd>{e.relationshipToHoH === 1 ? `Head of household${e.members.length ? ` (with ${e.members.length} member${e.members.length > 1 ? 's' : ''})` : ''}` : 'Household member'}</dd>
            <dt>Prior living situation</dt>
            <dd>{label(LIVING_SITUATION, e.livingSituation)}</dd>
            <dt>Disabling condition</dt>
            <dd>{label(NO_YES_REASONS, e.disablingCondition)}</dd>
            <dt>Chronic homelessness</dt>
            <dd>
              {CHRONIC[e.chronic.status] ?? e.chronic.status}: {e.chronic.explanation}
            </dd>
          </dl>
        ) : (
          <p>Not enrolled in Coordinated Entry.</p>
        )}
      </section>
      {caps?.canEnroll && <EnrollForm clientId={client.id} onDone={done} />}

      {assessment.error && (
        <p role="alert" className="error">
          {assessment.error}
        </p>
      )}
      {assessment.loading ? <p>Loading the assessment…</p> : assessment.data ? <AssessmentView a={assessment.data} /> : <p className="card">No CE assessment has been recorded.</p>}

      {caps?.canAssess && e && <AssessmentForm key={`${e.id}-${e.version}-${tick}`} clientId={client.id} enrollment={e} onDone={done} />}

      {history.data && history.data.items.length > 1 && (
        <div className="table-wrap card-gap">
          <table>
            <caption>CE assessment history</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Level</th>
                <th scope="col">Prioritization status</th>
                <th scope="col">Score</th>
                <th scope="col">Assessed by</th>
              </tr>
            </thead>
            <tbody>
              {history.data.items.map((h) => (
                <tr key={h.id}>
                  <th scope="row">{formatDate(h.assessmentDate)}</th>
                  <td>{label(ASSESSMENT_LEVEL, h.assessmentLevel)}</td>
                  <td>{label(PRIORITIZATION, h.prioritizationStatus)}</td>
                  <td>{h.score ?? '—'}</td>
                  <td>{h.assessedBy ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {cls.data && cls.data.items.length > 0 && (
        <div className="table-wrap card-gap">
          <table>
            <caption>Current living situation contacts</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Living situation</th>
                <th scope="col">Location details</th>
                <th scope="col">Recorded by</th>
              </tr>
            </thead>
            <tbody>
              {cls.data.items.map((s) => (
                <tr key={s.id}>
                  <th scope="row">{formatDate(s.informationDate)}</th>
                  <td>{label(CURRENT_LIVING_SITUATION, s.currentLivingSituation)}</td>
                  <td>{s.locationDetails ?? ''}</td>
                  <td>{s.recordedBy ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {caps?.canAssess && <ClsForm clientId={client.id} onDone={done} />}
    </div>
  );
}

export const tab: ClientTab = { key: 'ce-assessment', label: 'CE assessment', order: 40, Component: CeAssessmentPanel };
