/**
 * The enrollment page: household members, data-quality panel, annual window, assessments by stage,
 * services, Housing Move-in Date, exit (offering to exit the household when exiting the head), and
 * post-exit follow-ups. The server decides every action; `capabilities` show or hide the forms.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { patch, post, put } from '../../api.ts';
import { RecordPending } from '../../components/RecordPending.tsx';
import { useResource, usePageTitle } from '../../hooks.ts';
import { CheckField, ErrorSummary, NumberField, SelectField, TextField, errorsOf, type Errors } from '../admin/form.tsx';
import { RELATIONSHIP } from '../client/model.ts';
import { FormRenderer } from '../../components/forms/FormRenderer.tsx';
import { formDefinition } from '../../../../src/domain/forms/catalog.ts';
import { pruneHiddenAnswers } from '../../../../src/domain/forms/engine.ts';
import type { AnswerValue } from '../../../../src/domain/forms/types.ts';
// Transfers (issue 8): the household's transfer status and the request link.
import { EnrollmentTransfers } from '../transfers/EnrollmentTransfers.tsx';
import { DESTINATION_WITH_SUBSIDY, LISTS, NO_YES_OPTIONS, SERVICE_TYPES, STAGES, annualText, labelFrom, latestAssessment, type Assessment, type EnrollmentDetail } from './model.ts';
import { DataCollectionFields } from '../../components/forms/DataCollectionFields.tsx';
import { HUD_DATA_COLLECTION, type StageName } from '../../../../src/domain/data-collection/definition.ts';
import { pruneAnswers, startingAnswers, type AnswerBag, type CollectionContext } from '../../../../src/domain/data-collection/rules.ts';
import { cocToday, formatDate } from '../../format.ts';

type Err = { message: string; fields: Errors } | null;

/** One small form: its own errors, a submit button, and a status message on success. */
function useAction(reload: () => void) {
  const [error, setError] = useState<Err>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<unknown>, done: string) => {
    setError(null);
    setMessage(null);
    setBusy(true);
    try {
      await fn();
      setMessage(done || null);
      reload();
      return true;
    } catch (err) {
      setError(errorsOf(err));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { error, message, busy, run, fields: error?.fields ?? {} };
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {children}
    </section>
  );
}

function Status({ message }: { message: string | null }) {
  return message ? (
    <p role="status" className="success">
      {message}
    </p>
  ) : null;
}

function MoveInForm({ e, reload }: { e: EnrollmentDetail; reload: () => void }) {
  const a = useAction(reload);
  const [date, setDate] = useState(e.moveInDate ?? cocToday());
  const correct = e.moveInDate !== null;
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    void a.run(() => post(`/api/v1/enrollments/${e.id}/move-in`, { moveInDate: date, ...(correct ? { correct: true } : {}) }), correct ? 'The move-in date was corrected.' : 'The move-in date was recorded.');
  };
  return (
    <form onSubmit={submit} noValidate aria-label={correct ? 'Correct the housing move-in date' : 'Record the housing move-in date'}>
      <Status message={a.message} />
      <ErrorSummary message={a.error?.message ?? null} fields={a.fields} prefix="movein" />
      <TextField prefix="movein" pointer="/moveInDate" label={correct ? 'Corrected housing move-in date' : 'Housing move-in date'} type="date" value={date} onChange={setDate} errors={a.fields} hint="The date the household got the keys and slept in the unit." />
      <button type="submit" disabled={a.busy}>
        {correct ? 'Correct move-in date' : 'Record move-in date'}
      </button>
    </form>
  );
}

function ServiceForm({ e, reload }: { e: EnrollmentDetail; reload: () => void }) {
  const a = useAction(reload);
  const [f, setF] = useState({ date: cocToday(), type: e.isEsgRrh ? 'rental_assistance' : 'case_management', amount: null as number | null, note: '' });
  const financial = SERVICE_TYPES[f.type]?.financial ?? false;
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    void a.run(
      () => post(`/api/v1/enrollments/${e.id}/services`, { date: f.date, type: f.type, ...(financial ? { amount: f.amount } : {}), ...(f.note.trim() ? { note: f.note.trim() } : {}) }),
      'The service was recorded.',
    );
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Add a service">
      <h3>Add a service</h3>
      <Status message={a.message} />
      <ErrorSummary message={a.error?.message ?? null} fields={a.fields} prefix="service" />
      <div className="form-grid">
        <TextField prefix="service" pointer="/date" label="Date provided" type="date" value={f.date} onChange={(v) => setF({ ...f, date: v })} errors={a.fields} />
        <SelectField<string> prefix="service" pointer="/type" label="Service type" value={f.type} options={Object.entries(SERVICE_TYPES).map(([value, t]) => ({ value, label: t.label }))} onChange={(v) => setF({ ...f, type: v ?? 'other' })} errors={a.fields} />
        {financial && <NumberField prefix="service" pointer="/amount" label="Amount paid (dollars)" value={f.amount} onChange={(v) => setF({ ...f, amount: v })} errors={a.fields} hint="One payment per record." />}
        <TextField prefix="service" pointer="/note" label="Note (optional)" value={f.note} onChange={(v) => setF({ ...f, note: v })} errors={a.fields} />
      </div>
      <button type="submit" disabled={a.busy}>
        Add service
      </button>
    </form>
  );
}

const STAGE_NAME: Record<number, StageName> = { 1: 'projectStart', 2: 'update', 3: 'projectExit', 5: 'annual', 6: 'postExit' };
const roleOf = (e: EnrollmentDetail, enrollmentId = e.id) => e.members.find((m) => m.enrollmentId === enrollmentId)?.role ?? 'adult';
const contextFor = (e: EnrollmentDetail, stage: number, enrollmentId = e.id): CollectionContext => ({ stage: STAGE_NAME[stage] ?? 'update', role: roleOf(e, enrollmentId), projectType: e.projectType });
const startFrom = (e: EnrollmentDetail, stage: number, enrollmentId = e.id) => startingAnswers(HUD_DATA_COLLECTION, contextFor(e, stage, enrollmentId), latestAssessment(e.assessments, enrollmentId));

/**
 * An update, annual assessment or post-exit follow-up of this member: the questions HUD asks of them
 * at that stage, starting from their latest answers (confirm or change, never retype).
 */
function AssessmentForm({ e, reload, followUp }: { e: EnrollmentDetail; reload: () => void; followUp: boolean }) {
  const a = useAction(reload);
  const prefix = followUp ? 'followup' : 'assessment';
  const initialStage = followUp ? 6 : e.annual.status === 'open' || e.annual.status === 'overdue' ? 5 : 2;
  const [stage, setStage] = useState(initialStage);
  const [informationDate, setInformationDate] = useState(cocToday());
  const [answers, setAnswers] = useState<AnswerBag>(() => startFrom(e, initialStage));
  const latest = latestAssessment(e.assessments, e.id);
  const chooseStage = (s: number) => {
    setStage(s);
    setAnswers(startFrom(e, s));
  };
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    const body = { stage, informationDate, ...pruneAnswers(HUD_DATA_COLLECTION, contextFor(e, stage), answers) };
    void a.run(() => post(`/api/v1/enrollments/${e.id}/assessments`, body), `The ${STAGES[stage]?.toLowerCase() ?? 'assessment'} was recorded.`);
  };
  return (
    <form onSubmit={submit} noValidate aria-label={followUp ? 'Record a post-exit follow-up' : 'Record an assessment'}>
      <h3>{followUp ? 'Record a post-exit follow-up' : `Record an assessment of ${e.displayName}`}</h3>
      {latest && <p className="hint">Starts from the answers of the {STAGES[latest.stage]?.toLowerCase()} on {formatDate(latest.informationDate)}: confirm or change each one.</p>}
      <Status message={a.message} />
      <ErrorSummary message={a.error?.message ?? null} fields={a.fields} prefix={prefix} />
      <div className="form-grid">
        {!followUp && (
          <SelectField<number> prefix={prefix} pointer="/stage" label="Data collection stage" value={stage} options={[2, 5].map((s) => ({ value: s, label: STAGES[s]! }))} onChange={(v) => chooseStage(v ?? 2)} errors={a.fields} />
        )}
        <TextField prefix={prefix} pointer="/informationDate" label="Information date" type="date" value={informationDate} onChange={setInformationDate} errors={a.fields} />
      </div>
      <DataCollectionFields context={contextFor(e, stage)} values={answers} onChange={setAnswers} prefix={prefix} pointer="" errors={a.fields} />
      <button type="submit" disabled={a.busy}>
        {followUp ? 'Record follow-up' : 'Record assessment'}
      </button>
    </form>
  );
}

/** Corrects one stage record's answers (the data-quality panel's "Answer" link opens it). */
function CorrectionForm({ e, record, reload, onDone }: { e: EnrollmentDetail; record: Assessment; reload: () => void; onDone: (message?: string) => void }) {
  const a = useAction(reload);
  const context = contextFor(e, record.stage);
  const [answers, setAnswers] = useState<AnswerBag>(() => startingAnswers(HUD_DATA_COLLECTION, context, record));
  const [disabling, setDisabling] = useState<AnswerBag>({ disablingCondition: e.disablingCondition });
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    void a
      .run(async () => {
        if (record.stage === 1 && disabling.disablingCondition !== e.disablingCondition && disabling.disablingCondition != null) {
          await patch(`/api/v1/enrollments/${e.id}`, { version: e.version, disablingCondition: disabling.disablingCondition });
        }
        await put(`/api/v1/enrollments/${e.id}/assessments/${record.id}`, pruneAnswers(HUD_DATA_COLLECTION, context, answers));
      }, '')
      .then((ok) => {
        // The form closes: the page announces the correction.
        if (ok) onDone(`The ${STAGES[record.stage]?.toLowerCase()} answers were corrected.`);
      });
  };
  return (
    <form onSubmit={submit} noValidate aria-label={`Correct the ${STAGES[record.stage]?.toLowerCase()} answers`} id="correct-assessment">
      <h3>
        Correct the {STAGES[record.stage]?.toLowerCase()} of {formatDate(record.informationDate)}
      </h3>
      <Status message={a.message} />
      <ErrorSummary message={a.error?.message ?? null} fields={a.fields} prefix="correct" />
      <DataCollectionFields
        context={context}
        values={answers}
        onChange={setAnswers}
        {...(record.stage === 1 ? { enrollmentValues: disabling, onEnrollmentChange: setDisabling } : {})}
        priorLivingSituation={<p className="hint">The prior living situation is corrected with the project-start data by an administrator.</p>}
        prefix="correct"
        pointer=""
        errors={a.fields}
      />
      <div className="actions">
        <button type="submit" disabled={a.busy}>
          Save corrections
        </button>
        <button type="button" className="secondary" onClick={() => onDone()}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ExitForm({ e, reload, onExited }: { e: EnrollmentDetail; reload: () => void; onExited: (message: string) => void }) {
  const a = useAction(reload);
  const isHead = e.relationshipToHoH === 1;
  const others = e.members.filter((m) => m.enrollmentId !== e.id && !m.exitDate);
  const [f, setF] = useState({ exitDate: cocToday(), destination: null as number | null, destinationSubsidyType: null as number | null, exitHousehold: isHead && others.length > 0 });
  const needsSummary = e.isEsgRrh && isHead;
  const summaryDef = needsSummary ? formDefinition('rrh-exit-summary') : null;
  const [answers, setAnswers] = useState<Record<string, AnswerValue>>({});
  // Each leaving member's exit answers, starting from their latest (the head's own, and with a household exit the others').
  const [exitAnswers, setExitAnswers] = useState<Record<string, AnswerBag>>(() => Object.fromEntries([e, ...others.map((m) => ({ id: m.enrollmentId }))].map((m) => [m.id, startFrom(e, 3, m.id)])));
  const leaving = [{ enrollmentId: e.id, displayName: e.displayName }, ...(f.exitHousehold ? others : [])];
  const pruned = (id: string) => pruneAnswers(HUD_DATA_COLLECTION, contextFor(e, 3, id), exitAnswers[id] ?? {});
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    const body = {
      assessment: pruned(e.id),
      ...(f.exitHousehold && others.length > 0 ? { memberAssessments: others.map((m) => ({ enrollmentId: m.enrollmentId, assessment: pruned(m.enrollmentId) })) } : {}),
      exitDate: f.exitDate,
      destination: f.destination,
      ...(f.destination === DESTINATION_WITH_SUBSIDY ? { destinationSubsidyType: f.destinationSubsidyType } : {}),
      ...(isHead && others.length > 0 ? { exitHousehold: f.exitHousehold } : {}),
      ...(summaryDef ? { forms: [{ formId: summaryDef.id, answers: pruneHiddenAnswers(summaryDef, answers) }] } : {}),
    };
    const done = f.exitHousehold ? 'The household was exited.' : 'The exit was recorded.';
    // The exit form goes away once exited: the page announces it.
    void a.run(() => post(`/api/v1/enrollments/${e.id}/exit`, body), '').then((ok) => {
      if (ok) onExited(done);
    });
  };
  const serverProblems = a.error ? Object.entries(a.fields).map(([pointer, message]) => ({ pointer, message })) : [];
  return (
    <form onSubmit={submit} noValidate aria-label="Exit">
      <Status message={a.message} />
      <ErrorSummary message={a.error?.message ?? null} fields={a.fields} prefix="exit" />
      <div className="form-grid">
        <TextField prefix="exit" pointer="/exitDate" label="Exit date" type="date" value={f.exitDate} onChange={(v) => setF({ ...f, exitDate: v })} errors={a.fields} />
        <SelectField<number> prefix="exit" pointer="/destination" label="Destination" value={f.destination} options={LISTS.destination} empty="Choose where the client went" onChange={(v) => setF({ ...f, destination: v })} errors={a.fields} />
        {f.destination === DESTINATION_WITH_SUBSIDY && (
          <SelectField<number> prefix="exit" pointer="/destinationSubsidyType" label="Rental subsidy type" value={f.destinationSubsidyType} options={LISTS.rentalSubsidyType} empty="Choose the subsidy" onChange={(v) => setF({ ...f, destinationSubsidyType: v })} errors={a.fields} />
        )}
      </div>
      {isHead && others.length > 0 && (
        <CheckField
          label={`Exit the whole household (${others.map((m) => m.displayName).join(', ')} too)`}
          checked={f.exitHousehold}
          onChange={(v) => setF({ ...f, exitHousehold: v })}
          error={a.fields['/exitHousehold']}
          hint="If the head leaves and others stay, first make another adult the head of household."
        />
      )}
      {leaving.map((m, i) => (
        <fieldset key={m.enrollmentId} className="member-stage">
          <legend>Exit answers: {m.displayName}</legend>
          <DataCollectionFields
            context={contextFor(e, 3, m.enrollmentId)}
            values={exitAnswers[m.enrollmentId] ?? {}}
            onChange={(v) => setExitAnswers({ ...exitAnswers, [m.enrollmentId]: v })}
            prefix={`exit-${i}`}
            pointer={i === 0 ? '/assessment' : `/memberAssessments/${i - 1}/assessment`}
            errors={a.fields}
          />
        </fieldset>
      ))}
      {summaryDef && <FormRenderer definition={summaryDef} answers={answers} onChange={setAnswers} problems={serverProblems} pointerPrefix="/forms/0/answers" headingLevel={3} summary={false} idPrefix="exit-summary" />}
      <button type="submit" disabled={a.busy}>
        {f.exitHousehold ? 'Exit household' : 'Record exit'}
      </button>
    </form>
  );
}

function JoinForm({ e, reload }: { e: EnrollmentDetail; reload: () => void }) {
  const a = useAction(reload);
  const [f, setF] = useState({ clientId: '', relationshipToHoH: 2 as number | null, entryDate: cocToday() });
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    void a.run(() => post(`/api/v1/enrollments/${e.id}/members`, { clientId: f.clientId.trim(), relationshipToHoH: f.relationshipToHoH ?? 99, entryDate: f.entryDate }), 'The member joined the household.');
  };
  return (
    <form onSubmit={submit} noValidate aria-label="A member joins the household">
      <h3>A member joins</h3>
      <Status message={a.message} />
      <ErrorSummary message={a.error?.message ?? null} fields={a.fields} prefix="join" />
      <div className="form-grid">
        <TextField prefix="join" pointer="/clientId" label="Client ID of the new member" value={f.clientId} onChange={(v) => setF({ ...f, clientId: v })} errors={a.fields} />
        <SelectField<number> prefix="join" pointer="/relationshipToHoH" label="Relationship to the head of household" value={f.relationshipToHoH} options={Object.entries(RELATIONSHIP).filter(([k]) => k !== '1').map(([k, v]) => ({ value: Number(k), label: v }))} onChange={(v) => setF({ ...f, relationshipToHoH: v })} errors={a.fields} />
        <TextField prefix="join" pointer="/entryDate" label="Their project start date" type="date" value={f.entryDate} onChange={(v) => setF({ ...f, entryDate: v })} errors={a.fields} />
      </div>
      <button type="submit" disabled={a.busy}>
        Add member
      </button>
    </form>
  );
}

function HeadForm({ e, reload }: { e: EnrollmentDetail; reload: () => void }) {
  const a = useAction(reload);
  const [f, setF] = useState({ newHeadClientId: e.headCandidates[0]?.clientId ?? '', formerHeadRelationship: 3 as number | null, leavingDate: cocToday() });
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    void a.run(() => post(`/api/v1/enrollments/${e.id}/head`, { ...f, formerHeadRelationship: f.formerHeadRelationship ?? 99 }), 'The head of household was changed for the whole stay. You can now exit the former head.');
  };
  const name = (clientId: string) => e.members.find((m) => m.clientId === clientId)?.displayName ?? clientId;
  return (
    <form onSubmit={submit} noValidate aria-label="Change the head of household">
      <h3>The head of household leaves</h3>
      <p>Another adult member becomes head of household for the whole stay.</p>
      <Status message={a.message} />
      <ErrorSummary message={a.error?.message ?? null} fields={a.fields} prefix="head" />
      <div className="form-grid">
        <SelectField<string> prefix="head" pointer="/newHeadClientId" label="New head of household" value={f.newHeadClientId} options={e.headCandidates.map((c) => ({ value: c.clientId, label: `${name(c.clientId)} (${c.ageAtEntry} at project start)` }))} onChange={(v) => setF({ ...f, newHeadClientId: v ?? '' })} errors={a.fields} />
        <SelectField<number> prefix="head" pointer="/formerHeadRelationship" label="Former head’s relationship to the new head" value={f.formerHeadRelationship} options={Object.entries(RELATIONSHIP).filter(([k]) => k !== '1').map(([k, v]) => ({ value: Number(k), label: v }))} onChange={(v) => setF({ ...f, formerHeadRelationship: v })} errors={a.fields} />
        <TextField prefix="head" pointer="/leavingDate" label="Date the head leaves" type="date" value={f.leavingDate} onChange={(v) => setF({ ...f, leavingDate: v })} errors={a.fields} />
      </div>
      <button type="submit" disabled={a.busy}>
        Change head of household
      </button>
    </form>
  );
}

function ReevaluationForm({ e, reload }: { e: EnrollmentDetail; reload: () => void }) {
  const a = useAction(reload);
  const def = formDefinition('esg-rrh-reevaluation');
  const [answers, setAnswers] = useState<Record<string, AnswerValue>>({ reevaluation_date: cocToday(), household_size: e.members.filter((m) => !m.exitDate).length });
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    void a.run(() => post(`/api/v1/enrollments/${e.id}/forms`, { formId: def.id, informationDate: typeof answers.reevaluation_date === 'string' ? answers.reevaluation_date : cocToday(), answers: pruneHiddenAnswers(def, answers) }), 'The re-evaluation was recorded.');
  };
  return (
    <form onSubmit={submit} noValidate aria-label="ESG re-evaluation">
      <Status message={a.message} />
      <ErrorSummary message={a.error?.message ?? null} fields={a.fields} prefix="reeval" />
      <FormRenderer definition={def} answers={answers} onChange={setAnswers} problems={Object.entries(a.fields).map(([pointer, message]) => ({ pointer, message }))} pointerPrefix="/answers" summary={false} idPrefix="reeval" />
      <button type="submit" disabled={a.busy}>
        Record re-evaluation
      </button>
    </form>
  );
}

export function EnrollmentPage() {
  const { id } = useParams();
  const res = useResource<EnrollmentDetail>(`/api/v1/enrollments/${id}`);
  const [announce, setAnnounce] = useState<string | null>(null);
  const [params] = useSearchParams();
  const [correcting, setCorrecting] = useState<string | null>(null);
  const e = res.data;
  const heading = usePageTitle(e ? `Enrollment: ${e.displayName}` : 'Enrollment');
  if (res.error || !e) return <RecordPending noun="enrollment" error={res.error} loaded={Boolean(e)} heading={heading} />;
  const c = e.capabilities;
  const memberName = (id: string | undefined) => (id && e.members.length > 1 ? `${e.members.find((m) => m.enrollmentId === id)?.displayName ?? ''}: ` : '');
  const correctId = correcting ?? params.get('correct');
  const correctRecord = correctId ? e.assessments.find((x) => x.id === correctId && x.enrollmentId === e.id) : undefined;
  return (
    <>
      <Status message={announce} />
      <p>
        <Link to={`/clients/${e.clientId}?tab=enrollments`}>Back to the client</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        Enrollment: {e.displayName}
      </h1>
      <dl className="summary-list">
        <dt>Project</dt>
        <dd>
          {e.projectName}
          {e.isEsgRrh ? ' (ESG rapid re-housing)' : ''}
        </dd>
        <dt>Project start</dt>
        <dd>{formatDate(e.entryDate)}</dd>
        <dt>Housing move-in date</dt>
        <dd>{formatDate(e.effectiveMoveInDate, 'Not yet housed')}</dd>
        <dt>Exit</dt>
        <dd>{e.exitDate ? `${formatDate(e.exitDate)} — ${labelFrom(LISTS.destination, e.destination)}` : 'Still enrolled'}</dd>
        <dt>Annual assessment</dt>
        <dd className={e.annual.status === 'overdue' ? 'error' : undefined}>{annualText(e.annual)}</dd>
        {e.reevaluation && (
          <>
            <dt>ESG re-evaluation</dt>
            <dd>
              Due by {e.reevaluation.dueBy}
              {e.reevaluation.status === 'overdue' ? ' (overdue)' : e.reevaluation.status === 'due_soon' ? ' (due soon)' : ''}
            </dd>
          </>
        )}
      </dl>

      <Section id="members" title="Household members">
        <div className="table-wrap">
          <table>
            <caption>Members of this stay</caption>
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Relationship</th>
                <th scope="col">Project start</th>
                <th scope="col">Exit</th>
                <th scope="col">Annual assessment</th>
              </tr>
            </thead>
            <tbody>
              {e.members.map((m) => (
                <tr key={m.enrollmentId}>
                  <th scope="row">{m.enrollmentId === e.id || !m.visible ? m.displayName : <Link to={`/enrollments/${m.enrollmentId}`}>{m.displayName}</Link>}</th>
                  <td>{RELATIONSHIP[m.relationshipToHoH] ?? m.relationshipToHoH}</td>
                  <td>{formatDate(m.entryDate)}</td>
                  <td>{formatDate(m.exitDate)}</td>
                  <td>{annualText(m.annual)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>

      <EnrollmentTransfers enrollmentId={e.id} canRequest={Boolean(c.canExit) && e.relationshipToHoH === 1} />

      <Section id="dq" title="Data quality">
        {e.dataQuality.length === 0 ? (
          <p>No data-quality problems.</p>
        ) : (
          <ul className="dq-list">
            {e.dataQuality.map((d) => (
              <li key={`${d.pointer}-${d.message}`}>
                <span className={`badge dq-${d.kind}`}>{d.kind}</span> {memberName(d.enrollmentId)}
                {d.element}: {d.message}{' '}
                {d.assessmentId && d.enrollmentId && c.canEdit && (
                  <Link to={`/enrollments/${d.enrollmentId}?correct=${d.assessmentId}#correct-assessment`} onClick={() => setCorrecting(d.enrollmentId === e.id ? d.assessmentId! : null)}>
                    Answer it<span className="visually-hidden"> ({memberName(d.enrollmentId)}{d.message})</span>
                  </Link>
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>

      {e.followUpsRequired && e.followUps.length > 0 && (
        <Section id="followups" title="Post-exit follow-ups">
          <ul>
            {e.followUps.map((f) => (
              <li key={f.key}>
                {f.label}: {f.status === 'done' ? `done on ${formatDate(f.informationDate)}` : `${f.status} (due ${formatDate(f.dueDate)}, window ${formatDate(f.opens)} to ${formatDate(f.closes)})`}
              </li>
            ))}
          </ul>
          {c.canAddFollowUp && <AssessmentForm e={e} reload={res.reload} followUp />}
        </Section>
      )}

      <Section id="assessments" title="Assessments by stage">
        <div className="table-wrap">
          <table>
            <caption>Assessments of the household</caption>
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Stage</th>
                <th scope="col">Information date</th>
                <th scope="col">Income</th>
                <th scope="col">Monthly income</th>
              </tr>
            </thead>
            <tbody>
              {e.assessments.map((x) => (
                <tr key={x.id}>
                  <th scope="row">{e.members.find((m) => m.clientId === x.clientId)?.displayName ?? ''}</th>
                  <td>{STAGES[x.stage] ?? x.stage}</td>
                  <td>{formatDate(x.informationDate)}</td>
                  <td>{labelFrom(NO_YES_OPTIONS, x.incomeFromAnySource)}</td>
                  <td>{x.totalMonthlyIncome === null ? '—' : `$${x.totalMonthlyIncome.toLocaleString('en-US')}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {correctRecord && c.canEdit && (
          <CorrectionForm
            key={correctRecord.id}
            e={e}
            record={correctRecord}
            reload={res.reload}
            onDone={(message) => {
              setCorrecting('');
              if (message) setAnnounce(message);
            }}
          />
        )}
        {c.canAddAssessment && !e.exitDate && <AssessmentForm key={e.id} e={e} reload={res.reload} followUp={false} />}
      </Section>

      <Section id="services" title="Services">
        {e.services.length === 0 ? (
          <p>No services recorded.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption>Services provided</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Type</th>
                  <th scope="col">Amount</th>
                  <th scope="col">Note</th>
                </tr>
              </thead>
              <tbody>
                {e.services.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">{formatDate(s.date)}</th>
                    <td>{s.typeLabel}</td>
                    <td>{s.amount === null ? '—' : `$${s.amount.toLocaleString('en-US', { minimumFractionDigits: 2 })}`}</td>
                    <td>{s.note ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {c.canAddService && !e.exitDate && <ServiceForm e={e} reload={res.reload} />}
      </Section>

      {(c.canAddMember || c.canChangeHead) && (
        <Section id="household-changes" title="Household changes">
          {c.canAddMember && <JoinForm e={e} reload={res.reload} />}
          {c.canChangeHead && <HeadForm e={e} reload={res.reload} />}
        </Section>
      )}

      {c.canReevaluate && (
        <Section id="reevaluation" title="ESG re-evaluation (at least every 12 months)">
          <ReevaluationForm e={e} reload={res.reload} />
        </Section>
      )}

      {(c.canRecordMoveIn || c.canCorrectMoveIn) && !e.exitDate && (
        <Section id="movein" title="Housing move-in date">
          <MoveInForm e={e} reload={res.reload} />
        </Section>
      )}

      {c.canExit && (
        <Section id="exit" title={e.relationshipToHoH === 1 ? 'Exit the head of household' : 'Exit this member'}>
          <ExitForm e={e} reload={res.reload} onExited={setAnnounce} />
        </Section>
      )}
    </>
  );
}
