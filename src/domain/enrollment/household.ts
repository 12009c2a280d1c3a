/**
 * Household rules at entry and during the stay (HUD 3.15 Relationship to Head of Household, 3.16
 * Enrollment CoC, 5.09 Household ID). A household is everyone who enrolls together for one stay; each
 * member has their own enrollment (own project start and exit dates) sharing the household ID.
 *
 * - exactly one head of household (RelationshipToHoH 1);
 * - every member has a relationship from HUD list 3.15.1 (1–5, and 99 "data not collected"; the FY2026
 *   list has no 8/9 for this element). 99 is accepted for a non-head (it is a data-quality problem,
 *   see `householdDataQuality`);
 * - a member's project start is on or after the household's (the head's) start, and their exit on or
 *   after their start and within the head's stay;
 * - Enrollment CoC (3.16) is required for the head of household only.
 */
import {
  ADULT_AGE,
  DATA_NOT_COLLECTED,
  HUD_LISTS,
  ageOn,
  formatDate,
  isIsoDate,
  problem,
  type DataQualityIssue,
  type IsoDate,
  type RuleProblem,
} from './common.ts';

export const RELATIONSHIP = {
  head: 1,
  child: 2,
  spouseOrPartner: 3,
  otherRelative: 4,
  nonRelative: 5,
  dataNotCollected: 99,
} as const;

/** One member as entered (or as stored): the pieces of the enrollment the household rules look at. */
export interface HouseholdMemberInput {
  clientId: string;
  relationshipToHoH: number | null | undefined;
  /** Project start of this member; defaults to the household entry date. */
  entryDate?: IsoDate | null | undefined;
  exitDate?: IsoDate | null | undefined;
  /** Date of birth, when known: used to tell adults from children. */
  dob?: IsoDate | null | undefined;
  /** HUD 3.16 CoC code 'XX-999' (head of household only). */
  enrollmentCoC?: string | null | undefined;
}

export interface HouseholdEntryInput {
  /** The household's project start (the head's entry date). */
  entryDate: IsoDate;
  members: readonly HouseholdMemberInput[];
  /** CoC codes the project operates in (2.03); when given, the head's Enrollment CoC must be one of them. */
  projectCocCodes?: readonly string[];
}

const COC_CODE = /^[A-Z]{2}-\d{3}$/;

/** Every reason the household cannot be enrolled as entered; pointers are into `{entryDate, members: [...]}`. */
export function validateHouseholdEntry(input: HouseholdEntryInput): RuleProblem[] {
  const out: RuleProblem[] = [];
  const { members } = input;
  if (!isIsoDate(input.entryDate)) out.push(problem('household.entry-date', '/entryDate', 'Enter the project start date as a valid date.'));
  if (members.length === 0) {
    out.push(problem('household.no-members', '/members', 'Add at least one person to the household.'));
    return out;
  }

  const seen = new Map<string, number>();
  members.forEach((m, i) => {
    const previous = seen.get(m.clientId);
    if (previous !== undefined) {
      out.push(problem('household.duplicate-member', `/members/${i}/clientId`, `This person is already listed as member ${previous + 1} of the household.`));
    } else seen.set(m.clientId, i);

    const rel = m.relationshipToHoH;
    if (rel === null || rel === undefined) {
      out.push(problem('household.relationship-required', `/members/${i}/relationshipToHoH`, 'Choose how this person is related to the head of household.'));
    } else if (!HUD_LISTS.relationshipToHoH.has(rel)) {
      out.push(problem('household.relationship-invalid', `/members/${i}/relationshipToHoH`, 'Choose a relationship to the head of household from the list.'));
    }
  });

  const heads = members.map((m, i) => ({ m, i })).filter(({ m }) => m.relationshipToHoH === RELATIONSHIP.head);
  if (heads.length === 0) {
    out.push(
      problem(
        'household.no-head',
        '/members/0/relationshipToHoH',
        'The household has no head of household. Choose "Self (head of household)" for exactly one member.',
      ),
    );
  } else if (heads.length > 1) {
    for (const { i } of heads.slice(1)) {
      out.push(
        problem(
          'household.two-heads',
          `/members/${i}/relationshipToHoH`,
          `A household has exactly one head of household, and member ${heads[0]!.i + 1} already is. Choose this person's relationship to that head.`,
        ),
      );
    }
  }

  const householdStart = input.entryDate;
  const headExit = heads.length === 1 ? (heads[0]!.m.exitDate ?? null) : null;
  members.forEach((m, i) => {
    const start = m.entryDate ?? householdStart;
    if (m.entryDate != null && !isIsoDate(m.entryDate)) {
      out.push(problem('household.member-dates', `/members/${i}/entryDate`, 'Enter a valid project start date.'));
      return;
    }
    if (isIsoDate(householdStart) && start < householdStart) {
      out.push(
        problem(
          'household.member-dates',
          `/members/${i}/entryDate`,
          `A member cannot join before the household's project start (${formatDate(householdStart)}).`,
        ),
      );
    }
    if (m.exitDate != null) {
      if (!isIsoDate(m.exitDate)) out.push(problem('household.member-dates', `/members/${i}/exitDate`, 'Enter a valid exit date.'));
      else if (m.exitDate < start) out.push(problem('household.member-dates', `/members/${i}/exitDate`, "A member's exit date cannot be before their project start."));
      else if (headExit && m.relationshipToHoH !== RELATIONSHIP.head && m.exitDate > headExit)
        out.push(problem('household.member-dates', `/members/${i}/exitDate`, `A member cannot stay after the head of household exits (${formatDate(headExit)}).`));
    }
    if (headExit && m.relationshipToHoH !== RELATIONSHIP.head && start > headExit) {
      out.push(problem('household.member-dates', `/members/${i}/entryDate`, `A member cannot join after the head of household exits (${formatDate(headExit)}).`));
    }
  });

  if (heads.length === 1) {
    const { m, i } = heads[0]!;
    const coc = m.enrollmentCoC?.trim();
    if (!coc) {
      out.push(problem('household.enrollment-coc-required', `/members/${i}/enrollmentCoC`, 'Choose the CoC where the head of household is enrolled (Enrollment CoC).'));
    } else if (!COC_CODE.test(coc)) {
      out.push(problem('household.enrollment-coc-invalid', `/members/${i}/enrollmentCoC`, 'The Enrollment CoC must be a CoC code like IL-510.'));
    } else if (input.projectCocCodes && input.projectCocCodes.length > 0 && !input.projectCocCodes.includes(coc)) {
      out.push(problem('household.enrollment-coc-invalid', `/members/${i}/enrollmentCoC`, `The project does not operate in ${coc}. Choose one of: ${input.projectCocCodes.join(', ')}.`));
    }
  }
  return out;
}

/**
 * Checks a member joining an existing household stay (`joinDate` = their project start).
 * `head` is the current head's enrollment.
 */
export function validateMemberJoin(
  head: { entryDate: IsoDate; exitDate?: IsoDate | null },
  member: { relationshipToHoH: number | null | undefined; entryDate: IsoDate },
  existingClientIds: readonly string[] = [],
  clientId?: string,
): RuleProblem[] {
  const out: RuleProblem[] = [];
  if (clientId && existingClientIds.includes(clientId)) out.push(problem('household.duplicate-member', '/clientId', 'This person is already a member of the household.'));
  if (member.relationshipToHoH === RELATIONSHIP.head) {
    out.push(problem('household.two-heads', '/relationshipToHoH', 'The household already has a head of household. Choose how this person is related to them.'));
  } else if (member.relationshipToHoH == null || !HUD_LISTS.relationshipToHoH.has(member.relationshipToHoH)) {
    out.push(problem('household.relationship-required', '/relationshipToHoH', 'Choose how this person is related to the head of household.'));
  }
  if (!isIsoDate(member.entryDate)) out.push(problem('household.member-dates', '/entryDate', 'Enter a valid project start date.'));
  else if (member.entryDate < head.entryDate)
    out.push(problem('household.member-dates', '/entryDate', `A member cannot join before the household's project start (${formatDate(head.entryDate)}).`));
  else if (head.exitDate && member.entryDate > head.exitDate)
    out.push(problem('household.member-dates', '/entryDate', `The household exited on ${formatDate(head.exitDate)}; a member cannot join after that.`));
  return out;
}

/** Data-quality findings on relationships (saving is allowed): 99 "data not collected" for a non-head. */
export function householdDataQuality(members: readonly HouseholdMemberInput[]): DataQualityIssue[] {
  const out: DataQualityIssue[] = [];
  members.forEach((m, i) => {
    if (m.relationshipToHoH === DATA_NOT_COLLECTED)
      out.push({ kind: 'missing', element: '3.15', pointer: `/members/${i}/relationshipToHoH`, message: 'Relationship to the head of household was not collected.' });
  });
  return out;
}

/** The member who is head of household, or undefined (none or several). */
export function headOf<M extends { relationshipToHoH: number | null | undefined }>(members: readonly M[]): M | undefined {
  const heads = members.filter((m) => m.relationshipToHoH === RELATIONSHIP.head);
  return heads.length === 1 ? heads[0] : undefined;
}

/** True when the member is an adult (18+) on `on`; a member with no known date of birth is not counted as an adult. */
export function isAdultOn(member: { dob?: IsoDate | null | undefined }, on: IsoDate): boolean {
  return !!member.dob && isIsoDate(member.dob) && ageOn(member.dob, on) >= ADULT_AGE;
}

export interface HeadCandidate {
  clientId: string;
  /** Age at the member's own project start. */
  ageAtEntry: number;
}

/**
 * When the head of household leaves (`headExitDate`), the members who may become head for the whole
 * stay: adults (18+ at their own project start, by date of birth) who are still enrolled after the
 * head's exit. Oldest first (a suggestion; the case manager chooses).
 */
export function proposeNewHeadCandidates(members: readonly HouseholdMemberInput[], headExitDate: IsoDate, householdEntryDate?: IsoDate): HeadCandidate[] {
  const out: HeadCandidate[] = [];
  for (const m of members) {
    if (m.relationshipToHoH === RELATIONSHIP.head) continue;
    if (m.exitDate && m.exitDate <= headExitDate) continue;
    const entry = m.entryDate ?? householdEntryDate;
    if (!m.dob || !entry || !isIsoDate(m.dob)) continue;
    const age = ageOn(m.dob, entry);
    if (age >= ADULT_AGE) out.push({ clientId: m.clientId, ageAtEntry: age });
  }
  return out.sort((a, b) => b.ageAtEntry - a.ageAtEntry || a.clientId.localeCompare(b.clientId));
}

/** True when other members remain enrolled after the head exits on `headExitDate`, so a new head is needed. */
export function headExitNeedsNewHead(members: readonly HouseholdMemberInput[], headExitDate: IsoDate): boolean {
  return members.some((m) => m.relationshipToHoH !== RELATIONSHIP.head && (!m.exitDate || m.exitDate > headExitDate));
}

export interface HeadChange {
  clientId: string;
  relationshipToHoH: number;
}

/**
 * Makes `newHeadClientId` head of household for the whole stay (HUD: relationships are relative to
 * the head; the household keeps one head for its entire history). Returns the relationship changes to
 * apply, or problems. `formerHeadRelationship` is the former head's relationship to the new head (2–5
 * or 99); other members keep their recorded relationship (the case manager may correct them).
 * The new head must be an adult (by age at their own project start) still enrolled after `headExitDate`.
 */
export function changeHead(
  members: readonly HouseholdMemberInput[],
  newHeadClientId: string,
  formerHeadRelationship: number,
  headExitDate: IsoDate,
  householdEntryDate?: IsoDate,
): { ok: true; changes: HeadChange[] } | { ok: false; problems: RuleProblem[] } {
  const formerHead = members.find((m) => m.relationshipToHoH === RELATIONSHIP.head);
  const problems: RuleProblem[] = [];
  const candidate = proposeNewHeadCandidates(members, headExitDate, householdEntryDate).find((c) => c.clientId === newHeadClientId);
  if (!members.some((m) => m.clientId === newHeadClientId)) {
    problems.push(problem('household.new-head', '/newHeadClientId', 'The new head of household must be a member of this household.'));
  } else if (!candidate) {
    problems.push(
      problem('household.new-head', '/newHeadClientId', 'The new head of household must be an adult member (18 or older at project start) who stays after the current head leaves.'),
    );
  }
  if (formerHeadRelationship === RELATIONSHIP.head || !HUD_LISTS.relationshipToHoH.has(formerHeadRelationship)) {
    problems.push(problem('household.relationship-required', '/formerHeadRelationship', "Choose the former head's relationship to the new head of household."));
  }
  if (problems.length > 0) return { ok: false, problems };
  const changes: HeadChange[] = [{ clientId: newHeadClientId, relationshipToHoH: RELATIONSHIP.head }];
  if (formerHead) changes.push({ clientId: formerHead.clientId, relationshipToHoH: formerHeadRelationship });
  return { ok: true, changes };
}
