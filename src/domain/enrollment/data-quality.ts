/**
 * Data-quality findings for one member's project start data (saving with missing answers is
 * allowed; the enrollment's data-quality panel lists these). Composes the element checks:
 *
 * - 3.08 Disabling condition (every member): missing (99/blank) or unknown (8/9); and HUD's
 *   consistency check with 4.05–4.10 — Disabling condition "No" while a disability record shows a
 *   disabling condition (APR/CAPER Q6b "Disabling condition" issues);
 * - 3.15 Relationship to head of household: 99;
 * - 3.917 Prior living situation: head of household and adults only (living-situation.ts).
 *
 * Pointers are prefixed with `pointerPrefix` (e.g. '/members/2').
 */
import { DATA_NOT_COLLECTED, isDontKnowOrRefused, isMissing, type DataQualityIssue, type IsoDate } from './common.ts';
import { priorLivingSituationAppliesTo, priorLivingSituationDataQuality, type PriorLivingSituation } from './living-situation.ts';

/** One 4.05–4.10 record, as Disabilities.csv. */
export interface DisabilityRecord {
  /** 5 physical, 6 developmental, 7 chronic health, 8 HIV/AIDS, 9 mental health, 10 substance use. */
  disabilityType: number;
  /** 0 no, 1 yes (for type 10: 1 alcohol, 2 drug, 3 both), 8, 9, 99. */
  disabilityResponse: number;
  /** 4.05, 4.07, 4.09, 4.10: expected to be of long-continued and indefinite duration and impair independent living. */
  indefiniteAndImpairs?: number | null;
}

/**
 * True when a disability record by itself establishes a disabling condition (HUD 3.08 guidance):
 * developmental disability or HIV/AIDS answered Yes; physical, chronic health, mental health or
 * substance use answered Yes with "long-continued and indefinite and impairs independent living" = Yes.
 */
export function isDisablingRecord(r: DisabilityRecord): boolean {
  const yes = r.disabilityType === 10 ? [1, 2, 3].includes(r.disabilityResponse) : r.disabilityResponse === 1;
  if (!yes) return false;
  if (r.disabilityType === 6 || r.disabilityType === 8) return true;
  return r.indefiniteAndImpairs === 1;
}

export interface MemberProjectStart {
  relationshipToHoH: number | null | undefined;
  dob?: IsoDate | null;
  disablingCondition?: number | null;
  priorLivingSituation?: PriorLivingSituation;
  /** Project start (stage 1) disability records. */
  disabilities?: readonly DisabilityRecord[];
}

export function memberProjectStartDataQuality(member: MemberProjectStart, projectType: number, entryDate: IsoDate, pointerPrefix = ''): DataQualityIssue[] {
  const out: DataQualityIssue[] = [];
  const dc = member.disablingCondition;
  if (isMissing(dc)) out.push({ kind: 'missing', element: '3.08', pointer: `${pointerPrefix}/disablingCondition`, message: 'Disabling condition is missing.' });
  else if (isDontKnowOrRefused(dc))
    out.push({ kind: 'unknown', element: '3.08', pointer: `${pointerPrefix}/disablingCondition`, message: "Disabling condition: client doesn't know or prefers not to answer." });
  out.push(...projectStartConsistency(member, pointerPrefix));

  if (priorLivingSituationAppliesTo(member, entryDate)) {
    for (const issue of priorLivingSituationDataQuality(projectType, member.priorLivingSituation ?? {}, entryDate)) {
      out.push({ ...issue, pointer: `${pointerPrefix}/priorLivingSituation${issue.pointer}` });
    }
  }
  return out;
}

/**
 * The project-start findings that are not one element's missing answer: 3.08 "No" while a disability
 * recorded at project start is a disabling condition, and 3.15 not collected.
 */
export function projectStartConsistency(member: Pick<MemberProjectStart, 'relationshipToHoH' | 'disablingCondition' | 'disabilities'>, pointerPrefix = ''): DataQualityIssue[] {
  const out: DataQualityIssue[] = [];
  if (member.disablingCondition === 0 && (member.disabilities ?? []).some(isDisablingRecord))
    out.push({
      kind: 'contradiction',
      element: '3.08',
      pointer: `${pointerPrefix}/disablingCondition`,
      message: 'Disabling condition is "No" but a disability recorded at project start is a disabling condition.',
    });
  if (member.relationshipToHoH === DATA_NOT_COLLECTED)
    out.push({ kind: 'missing', element: '3.15', pointer: `${pointerPrefix}/relationshipToHoH`, message: 'Relationship to the head of household was not collected.' });
  return out;
}
