/**
 * The enrollment wizard (/enrollments/new?projectId=&clientId=, or ?referralId= to enroll the referred
 * household, which also marks the referral enrolled): household review → each member's
 * project-start data ("Member 2 of 4") → program forms (FormRenderer; ESG RRH screening and initial
 * service) → review → save. Server errors are mapped back to their step and field by JSON pointer
 * (/members/{i}/… → that member's step, /forms/… and /initialService → the forms step).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { get, post } from '../../api.ts';
import { useResource, usePageTitle } from '../../hooks.ts';
import { ErrorSummary, SelectField, TextField, errorsOf, type Errors } from '../admin/form.tsx';
import { RELATIONSHIP, options, type ClientDetail, type Household } from '../client/model.ts';
import { FormRenderer } from '../../components/forms/FormRenderer.tsx';
import { formDefinition } from '../../../../src/domain/forms/catalog.ts';
import { pruneHiddenAnswers } from '../../../../src/domain/forms/engine.ts';
import { priorLivingSituationQuestions } from '../../../../src/domain/enrollment/living-situation.ts';
import type { AnswerValue } from '../../../../src/domain/forms/types.ts';
import { LISTS, SERVICE_TYPES } from './model.ts';
import { DataCollectionFields } from '../../components/forms/DataCollectionFields.tsx';
import { HUD_DATA_COLLECTION } from '../../../../src/domain/data-collection/definition.ts';
import { memberRole, pruneAnswers, type AnswerBag, type CollectionContext } from '../../../../src/domain/data-collection/rules.ts';
import { cocToday, formatDate } from '../../format.ts';

interface ProjectItem {
  id: string;
  name: string;
  projectType: number;
  funders: { funder: number; startDate: string; endDate: string | null }[];
}

interface MemberDraft {
  clientId: string;
  displayName: string;
  /** Who is asked what depends on the age at project start. */
  dob: string | null;
  relationshipToHoH: number | null;
  disablingCondition: number | null;
  prior: Record<string, number | string | null>;
  /** Project-start answers to the stage elements (4.02–4.11), by the data collection definition's fields. */
  answers: AnswerBag;
}

const blank = (clientId: string, displayName: string, rel: number | null, dob: string | null): MemberDraft => ({ clientId, displayName, dob, relationshipToHoH: rel, disablingCondition: null, prior: {}, answers: {} });

const SCREENING = 'esg-rrh-eligibility-screening';
const esgRrh = (p: ProjectItem | undefined, on: string) => !!p && p.funders.some((f) => f.funder === 10 && f.startDate <= on && (!f.endDate || f.endDate >= on));

const PRIOR_FIELDS: Record<string, { label: string; options?: { value: number; label: string }[]; date?: boolean }> = {
  livingSituation: { label: 'Prior living situation', options: LISTS.livingSituation },
  rentalSubsidyType: { label: 'Rental subsidy type', options: LISTS.rentalSubsidyType },
  lengthOfStay: { label: 'Length of stay in prior living situation', options: LISTS.lengthOfStay },
  previousStreetESSH: { label: 'On the night before, stayed on the streets, in emergency shelter or a safe haven?', options: [{ value: 1, label: 'Yes' }, { value: 0, label: 'No' }] },
  dateToStreetESSH: { label: 'Approximate date this episode of homelessness started', date: true },
  timesHomelessPastThreeYears: { label: 'Times homeless in the past three years', options: LISTS.timesHomeless },
  monthsHomelessPastThreeYears: { label: 'Months homeless in the past three years', options: LISTS.monthsHomeless },
};

export function NewEnrollmentPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const projects = useResource<{ items: ProjectItem[] }>('/api/v1/projects');
  const [projectId, setProjectId] = useState(params.get('projectId') ?? '');
  const [entryDate, setEntryDate] = useState(cocToday());
  const [members, setMembers] = useState<MemberDraft[]>([]);
  const [addId, setAddId] = useState('');
  const [step, setStep] = useState(0);
  const [answers, setAnswers] = useState<Record<string, AnswerValue>>({});
  const [initialService, setInitialService] = useState('housing_search');
  const [error, setError] = useState<{ message: string; fields: Errors } | null>(null);
  const [saving, setSaving] = useState(false);
  const project = projects.data?.items.find((p) => p.id === projectId);
  const esg = esgRrh(project, entryDate);
  const formsStep = members.length + 1;
  const reviewStep = members.length + 2;
  const stepTitle = step === 0 ? 'Household' : step <= members.length ? `Member ${step} of ${members.length}: ${members[step - 1]!.displayName}` : step === formsStep ? 'Program forms' : 'Review and save';
  const heading = usePageTitle(`New enrollment — ${stepTitle}`);

  // Start from a referral (its project and household snapshot) …
  const referralId = params.get('referralId');
  useEffect(() => {
    if (!referralId) return;
    void (async () => {
      const r = await get<{ projectId: string; household: { clientId: string; relationshipToHoH: number }[] }>(`/api/v1/referrals/${referralId}`);
      setProjectId(r.projectId);
      const drafts: MemberDraft[] = [];
      for (const m of r.household) {
        const c = await get<ClientDetail>(`/api/v1/clients/${m.clientId}`).catch(() => null);
        drafts.push(blank(m.clientId, c?.displayName ?? 'Household member', m.relationshipToHoH, c?.dateOfBirth ?? null));
      }
      setMembers(drafts);
    })();
  }, [referralId]);

  // … or from the client (and their household, when they have one).
  const clientId = referralId ? null : params.get('clientId');
  useEffect(() => {
    if (!clientId) return;
    void (async () => {
      const hh = await get<{ household: Household | null }>(`/api/v1/clients/${clientId}/household`).catch(() => ({ household: null }));
      const current = hh.household?.members.filter((m) => m.current) ?? [];
      if (current.length > 0) setMembers(current.map((m) => blank(m.clientId, m.displayName, m.relationshipToHoH, m.dateOfBirth)));
      else {
        const c = await get<ClientDetail>(`/api/v1/clients/${clientId}`);
        setMembers([blank(c.id, c.displayName, 1, c.dateOfBirth)]);
      }
    })();
  }, [clientId]);

  const addMember = async (ev: FormEvent) => {
    ev.preventDefault();
    setError(null);
    try {
      const c = await get<ClientDetail>(`/api/v1/clients/${addId.trim()}`);
      if (!members.some((m) => m.clientId === c.id)) setMembers([...members, blank(c.id, c.displayName, members.length === 0 ? 1 : null, c.dateOfBirth)]);
      setAddId('');
    } catch {
      setError({ message: 'No client with this ID that you may see.', fields: { '/addClientId': 'Check the client ID.' } });
    }
  };
  const contextOf = (x: MemberDraft): CollectionContext => ({ stage: 'projectStart', role: memberRole({ relationshipToHoH: x.relationshipToHoH, dob: x.dob, entryDate }), projectType: project?.projectType ?? 0 });
  const update = (i: number, patch: Partial<MemberDraft>) => setMembers(members.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  const fields = error?.fields ?? {};

  const save = async () => {
    setError(null);
    setSaving(true);
    const def = formDefinition(SCREENING);
    const body = {
      projectId,
      entryDate,
      members: members.map((m) => {
        const context = contextOf(m);
        return {
          clientId: m.clientId,
          relationshipToHoH: m.relationshipToHoH ?? 99,
          ...(m.disablingCondition !== null ? { disablingCondition: m.disablingCondition } : {}),
          // 3.917 is asked of the head and adults only.
          ...(context.role !== 'child' ? { priorLivingSituation: Object.fromEntries(Object.entries(m.prior).filter(([, v]) => v !== null && v !== '')) } : {}),
          assessment: pruneAnswers(HUD_DATA_COLLECTION, context, m.answers),
        };
      }),
      ...(esg ? { forms: [{ formId: SCREENING, answers: pruneHiddenAnswers(def, answers) }], initialService: { type: initialService } } : {}),
      ...(referralId ? { referralId } : {}),
    };
    try {
      const out = await post<{ enrollments: { id: string }[] }>('/api/v1/enrollments', body);
      navigate(`/enrollments/${out.enrollments[0]!.id}`);
    } catch (err) {
      const e = errorsOf(err);
      setError(e);
      // Go to the step of the first problem.
      const first = Object.keys(e.fields)[0] ?? '';
      const m = /^\/members\/(\d+)\/(.*)$/.exec(first);
      if (m && m[2] !== 'relationshipToHoH' && m[2] !== 'clientId') setStep(Number(m[1]) + 1);
      else if (m || first.startsWith('/entryDate') || first.startsWith('/projectId') || first === '/members') setStep(0);
      else if (first.startsWith('/forms') || first.startsWith('/initialService')) setStep(formsStep);
    } finally {
      setSaving(false);
    }
  };

  const memberFields = (i: number): Errors => Object.fromEntries(Object.entries(fields).filter(([p]) => p.startsWith(`/members/${i}/`)));
  const next = (ev: FormEvent) => {
    ev.preventDefault();
    if (step === reviewStep) void save();
    else {
      setError(null);
      setStep(esg || step + 1 !== formsStep ? step + 1 : reviewStep);
    }
  };
  const back = () => setStep(!esg && step === reviewStep ? members.length : step - 1);

  const m = step >= 1 && step <= members.length ? members[step - 1]! : null;
  const mi = step - 1;
  const asked = m && project ? priorLivingSituationQuestions(project.projectType, m.prior as never).filter((q) => q !== 'losUnderThreshold') : [];
  const headIndex = members.findIndex((x) => x.relationshipToHoH === 1);

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        New enrollment
      </h1>
      <p className="wizard-progress" aria-live="polite">
        Step {step + 1} of {reviewStep + 1}: {stepTitle}
      </p>
      <ErrorSummary message={error?.message ?? null} fields={fields} prefix="enroll" />
      {step === 0 && (
        <form onSubmit={addMember} noValidate aria-label="Add a household member" className="card">
          <TextField prefix="enroll" pointer="/addClientId" label="Add a member by client ID" value={addId} onChange={setAddId} errors={fields} />
          <button type="submit" className="secondary">
            Add member
          </button>
        </form>
      )}
      <form onSubmit={next} noValidate aria-label={stepTitle} className="card">
        <h2>{stepTitle}</h2>
        {step === 0 && (
          <>
            <SelectField<string>
              prefix="enroll"
              pointer="/projectId"
              label="Project"
              value={projectId || null}
              empty="Choose a project"
              options={(projects.data?.items ?? []).filter((p) => p.projectType !== 14).map((p) => ({ value: p.id, label: p.name }))}
              onChange={(v) => setProjectId(v ?? '')}
              errors={fields}
            />
            <TextField prefix="enroll" pointer="/entryDate" label="Project start date" type="date" value={entryDate} onChange={setEntryDate} errors={fields} />
            {members.length === 0 ? (
              <p>Add the household’s members by client ID, or start from a client’s profile.</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <caption>Household to enroll</caption>
                  <thead>
                    <tr>
                      <th scope="col">Member</th>
                      <th scope="col">Relationship to head of household</th>
                      <th scope="col">Remove</th>
                    </tr>
                  </thead>
                  <tbody>
                    {members.map((x, i) => (
                      <tr key={x.clientId}>
                        <th scope="row">{x.displayName}</th>
                        <td>
                          <SelectField<number> prefix="enroll" pointer={`/members/${i}/relationshipToHoH`} label={`Relationship of ${x.displayName}`} value={x.relationshipToHoH} empty="Choose" options={options(RELATIONSHIP)} onChange={(v) => update(i, { relationshipToHoH: v })} errors={fields} />
                        </td>
                        <td>
                          <button type="button" className="secondary" onClick={() => setMembers(members.filter((_, j) => j !== i))}>
                            Remove {x.displayName}
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
        {m && (
          <div className="data-collection">
            <p className="hint">
              {contextOf(m).role === 'child' ? 'A child (under 18 at project start): HUD asks the disabling condition, health insurance and disabilities.' : contextOf(m).role === 'head' ? 'Head of household: every project-start question.' : 'An adult member: every project-start question.'}
            </p>
            <DataCollectionFields
              context={contextOf(m)}
              values={m.answers}
              onChange={(answers) => update(mi, { answers })}
              enrollmentValues={{ disablingCondition: m.disablingCondition }}
              onEnrollmentChange={(v) => update(mi, { disablingCondition: (v.disablingCondition as number | null) ?? null })}
              enrollmentPointer={`/members/${mi}`}
              pointer={`/members/${mi}/assessment`}
              prefix="enroll"
              errors={memberFields(mi)}
              priorLivingSituation={
                <div className="form-grid">
                  {asked.map((q) => {
                    const spec = PRIOR_FIELDS[q]!;
                    const pointer = `/members/${mi}/priorLivingSituation/${q}`;
                    return spec.date ? (
                      <TextField key={q} prefix="enroll" pointer={pointer} label={spec.label} type="date" value={(m.prior[q] as string | null) ?? ''} onChange={(v) => update(mi, { prior: { ...m.prior, [q]: v || null } })} errors={memberFields(mi)} />
                    ) : (
                      <SelectField<number> key={q} prefix="enroll" pointer={pointer} label={spec.label} value={(m.prior[q] as number | null) ?? null} empty="Not answered" options={spec.options!} onChange={(v) => update(mi, { prior: { ...m.prior, [q]: v } })} errors={memberFields(mi)} />
                    );
                  })}
                </div>
              }
            />
          </div>
        )}
        {step === formsStep && esg && (
          <>
            <p>This project is funded by ESG rapid re-housing: complete the eligibility screening and record the first service.</p>
            <FormRenderer definition={formDefinition(SCREENING)} answers={answers} onChange={setAnswers} problems={Object.entries(fields).map(([pointer, message]) => ({ pointer, message }))} pointerPrefix="/forms/0/answers" headingLevel={3} summary={false} idPrefix="screening" />
            <SelectField<string>
              prefix="enroll"
              pointer="/initialService/type"
              label="Initial service provided on the project start date"
              value={initialService}
              options={Object.entries(SERVICE_TYPES)
                .filter(([, t]) => !t.financial)
                .map(([value, t]) => ({ value, label: t.label }))}
              onChange={(v) => setInitialService(v ?? 'housing_search')}
              errors={fields}
            />
          </>
        )}
        {step === reviewStep && (
          <dl className="summary-list">
            <dt>Project</dt>
            <dd>{project?.name ?? '—'}</dd>
            <dt>Project start</dt>
            <dd>{formatDate(entryDate)}</dd>
            <dt>Head of household</dt>
            <dd>{headIndex >= 0 ? members[headIndex]!.displayName : 'None chosen'}</dd>
            <dt>Members</dt>
            <dd>{members.map((x) => `${x.displayName} (${x.relationshipToHoH ? RELATIONSHIP[x.relationshipToHoH] : 'relationship not chosen'})`).join('; ')}</dd>
          </dl>
        )}
        <div className="actions">
          {step > 0 && (
            <button type="button" className="secondary" onClick={back}>
              Back
            </button>
          )}
          <button type="submit" disabled={saving || (step === 0 && (!projectId || members.length === 0))}>
            {step === reviewStep ? 'Save enrollment' : 'Next'}
          </button>
        </div>
      </form>
    </>
  );
}
