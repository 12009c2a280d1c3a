/**
 * HUD project descriptors (2.02–2.09) and the rules a project must satisfy, checked against the
 * FY2026 code lists. Pure: the use cases call `validateProject` and turn its problems into a 422.
 */
import lists from './hud/spec/lists-2026.json' with { type: 'json' };
import type { FieldProblem } from './errors.ts';

type CodeList = Record<string, unknown>;
const META_KEYS = new Set(['hudList', 'columns', 'source']);

/** The codes of a HUD list, with their labels (metadata keys left out). */
export function hudCodes(list: keyof typeof lists): Record<number, string> {
  const out: Record<number, string> = {};
  for (const [k, v] of Object.entries(lists[list] as CodeList)) if (!META_KEYS.has(k) && typeof v === 'string') out[Number(k)] = v;
  return out;
}

export const HUD = {
  projectType: hudCodes('ProjectType'),
  rrhSubtype: hudCodes('RRHSubType'),
  housingType: hudCodes('HousingType'),
  targetPopulation: hudCodes('TargetPopulation'),
  funder: hudCodes('FundingSource'),
  geographyType: hudCodes('GeographyType'),
  householdType: hudCodes('HouseholdType'),
  esBedType: hudCodes('ESBedType'),
  availability: hudCodes('Availability'),
  hmisParticipationType: hudCodes('HMISParticipationType'),
} as const;

export const PROGRAM_MODELS = ['PSH', 'RRH', 'TH', 'Safe Haven', 'Housing System Navigation', 'CE', 'ES', 'SO', 'SSO', 'Prevention', 'Other'] as const;
export type ProgramModel = (typeof PROGRAM_MODELS)[number];
export const POPULATIONS = ['singles', 'families', 'youth', 'veterans'] as const;
export type Population = (typeof POPULATIONS)[number];

/** Project types with beds or units: they carry an inventory (2.07). */
export const RESIDENTIAL_TYPES: readonly number[] = [0, 1, 2, 3, 8, 9, 10, 13];
/** Emergency shelter types: their inventory records availability and the ES bed type. */
export const ES_TYPES: readonly number[] = [0, 1];
const FUNDER_OTHER = 46;

export interface FunderInput {
  funder: number;
  otherFunder?: string | null | undefined;
  grantId: string;
  startDate: string;
  endDate?: string | null | undefined;
}

export interface CocInput {
  cocCode: string;
  geocode: string;
  address1?: string | null | undefined;
  address2?: string | null | undefined;
  city?: string | null | undefined;
  state?: string | null | undefined;
  zip?: string | null | undefined;
  geographyType?: number | null | undefined;
}

export interface InventoryInput {
  cocCode: string;
  householdType: number;
  availability?: number | null | undefined;
  unitInventory: number;
  bedInventory: number;
  chVetBedInventory?: number | null | undefined;
  youthVetBedInventory?: number | null | undefined;
  vetBedInventory?: number | null | undefined;
  chYouthBedInventory?: number | null | undefined;
  youthBedInventory?: number | null | undefined;
  chBedInventory?: number | null | undefined;
  otherBedInventory?: number | null | undefined;
  esBedType?: number | null | undefined;
  startDate: string;
  endDate?: string | null | undefined;
}

export const BED_CATEGORIES = [
  'chVetBedInventory',
  'youthVetBedInventory',
  'vetBedInventory',
  'chYouthBedInventory',
  'youthBedInventory',
  'chBedInventory',
  'otherBedInventory',
] as const;

export interface HmisParticipationInput {
  participationType: number;
  startDate: string;
  endDate?: string | null | undefined;
}

export interface CeParticipationInput {
  accessPoint: boolean;
  preventionAssessment?: boolean | null | undefined;
  crisisAssessment?: boolean | null | undefined;
  housingAssessment?: boolean | null | undefined;
  directServices?: boolean | null | undefined;
  receivesReferrals: boolean;
  startDate: string;
  endDate?: string | null | undefined;
}

/** A project as it will be after the change (existing values merged with the request). */
export interface ProjectDraft {
  name: string;
  projectType: number;
  rrhSubtype: number | null;
  housingType: number | null;
  targetPopulation: number | null;
  operatingStart: string;
  operatingEnd: string | null;
  programModel: string;
  populations: string[];
  funders: FunderInput[];
  cocs: CocInput[];
  inventory: InventoryInput[];
  hmisParticipation: HmisParticipationInput[];
  ceParticipation: CeParticipationInput[];
}

const inList = (list: Record<number, string>, v: number | null | undefined) => v === null || v === undefined || list[v] !== undefined;
const endBeforeStart = (start: string, end: string | null | undefined) => end !== null && end !== undefined && end < start;

type Period = { startDate: string; endDate?: string | null | undefined };
/** Index pairs of periods that overlap (open end = still running). */
function overlaps(periods: Period[]): number[] {
  const bad: number[] = [];
  for (let i = 0; i < periods.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = periods[i]!;
      const b = periods[j]!;
      const aEnd = a.endDate ?? '9999-12-31';
      const bEnd = b.endDate ?? '9999-12-31';
      if (a.startDate <= bEnd && b.startDate <= aEnd) {
        bad.push(i);
        break;
      }
    }
  }
  return bad;
}

/** The period current on `today`, if any. */
export function currentPeriod<T extends Period>(periods: T[], today: string): T | undefined {
  return periods.find((p) => p.startDate <= today && (p.endDate === null || p.endDate === undefined || p.endDate >= today));
}

/**
 * Whether the project receives CE referrals: from its CE participation record current today when it
 * has CE participation records, otherwise the flag as set.
 */
export function receivesReferralsFrom(ce: CeParticipationInput[], today: string, fallback: boolean): boolean {
  if (ce.length === 0) return fallback;
  return currentPeriod(ce, today)?.receivesReferrals ?? false;
}

/** Every problem with the project, each naming its field (JSON Pointer into the request body). */
export function validateProject(p: ProjectDraft): FieldProblem[] {
  const errors: FieldProblem[] = [];
  const add = (pointer: string, message: string) => errors.push({ pointer, message });

  if (!inList(HUD.projectType, p.projectType)) add('/projectType', `${p.projectType} is not a HUD project type (2.02.6).`);
  if (p.projectType === 13) {
    if (p.rrhSubtype === null) add('/rrhSubtype', 'Choose the RRH sub-type (services only, or housing) for a Rapid Re-Housing project.');
    else if (!inList(HUD.rrhSubtype, p.rrhSubtype)) add('/rrhSubtype', `${p.rrhSubtype} is not a HUD RRH sub-type (2.02.A).`);
  } else if (p.rrhSubtype !== null) {
    add('/rrhSubtype', 'An RRH sub-type applies only to Rapid Re-Housing projects (type 13).');
  }
  const residential = RESIDENTIAL_TYPES.includes(p.projectType) && !(p.projectType === 13 && p.rrhSubtype === 1);
  if (!inList(HUD.housingType, p.housingType)) add('/housingType', `${p.housingType} is not a HUD housing type (2.02.D).`);
  else if (residential && p.housingType === null) add('/housingType', 'Choose the housing type: this project type houses people.');
  if (!inList(HUD.targetPopulation, p.targetPopulation)) add('/targetPopulation', `${p.targetPopulation} is not a HUD target population (2.02.7).`);
  if (endBeforeStart(p.operatingStart, p.operatingEnd)) add('/operatingEnd', 'The operating end date cannot be before the operating start date.');
  if (!(PROGRAM_MODELS as readonly string[]).includes(p.programModel)) add('/programModel', `Choose one of: ${PROGRAM_MODELS.join(', ')}.`);
  p.populations.forEach((pop, i) => {
    if (!(POPULATIONS as readonly string[]).includes(pop)) add(`/populations/${i}`, `Choose from: ${POPULATIONS.join(', ')}.`);
  });

  p.funders.forEach((f, i) => {
    const at = `/funders/${i}`;
    if (!inList(HUD.funder, f.funder)) add(`${at}/funder`, `${f.funder} is not a current HUD funding source (2.06.1).`);
    if (f.funder === FUNDER_OTHER && !f.otherFunder?.trim()) add(`${at}/otherFunder`, 'Name the other funding source.');
    if (f.funder !== FUNDER_OTHER && f.otherFunder?.trim()) add(`${at}/otherFunder`, 'Only for "Local or Other Funding Source".');
    if (!f.grantId.trim()) add(`${at}/grantId`, 'Enter the grant ID.');
    if (endBeforeStart(f.startDate, f.endDate)) add(`${at}/endDate`, 'The grant end date cannot be before its start date.');
  });

  const cocCodes = new Set<string>();
  p.cocs.forEach((c, i) => {
    const at = `/cocs/${i}`;
    if (!/^[A-Z]{2}-[0-9]{3}$/.test(c.cocCode)) add(`${at}/cocCode`, 'A CoC code looks like XX-999.');
    else if (cocCodes.has(c.cocCode)) add(`${at}/cocCode`, 'This CoC code is listed twice.');
    cocCodes.add(c.cocCode);
    if (!/^[0-9]{6}$/.test(c.geocode)) add(`${at}/geocode`, 'A geocode has 6 digits.');
    if (c.state && !/^[A-Z]{2}$/.test(c.state)) add(`${at}/state`, 'Use the two-letter state code, e.g. IL.');
    if (c.zip && !/^[0-9]{5}$/.test(c.zip)) add(`${at}/zip`, 'A ZIP code has 5 digits.');
    if (!inList(HUD.geographyType, c.geographyType)) add(`${at}/geographyType`, `${c.geographyType} is not a HUD geography type (2.03.4).`);
  });

  if (p.inventory.length > 0 && !residential) add('/inventory', 'Only residential projects (ES, TH, SH, PH, RRH with housing) have an inventory.');
  const es = ES_TYPES.includes(p.projectType);
  p.inventory.forEach((inv, i) => {
    const at = `/inventory/${i}`;
    if (!cocCodes.has(inv.cocCode)) add(`${at}/cocCode`, 'Use one of the CoC codes of this project.');
    if (!inList(HUD.householdType, inv.householdType)) add(`${at}/householdType`, `${inv.householdType} is not a HUD household type (2.07.4).`);
    if (!inList(HUD.availability, inv.availability)) add(`${at}/availability`, `${inv.availability} is not a HUD availability (2.07.6).`);
    else if (es && (inv.availability ?? null) === null) add(`${at}/availability`, 'Emergency shelters record the availability of their beds.');
    if (!inList(HUD.esBedType, inv.esBedType)) add(`${at}/esBedType`, `${inv.esBedType} is not a HUD ES bed type (2.07.5).`);
    else if (es && (inv.esBedType ?? null) === null) add(`${at}/esBedType`, 'Emergency shelters record the bed type.');
    else if (!es && (inv.esBedType ?? null) !== null) add(`${at}/esBedType`, 'The ES bed type applies only to emergency shelters.');
    if (inv.unitInventory < 0) add(`${at}/unitInventory`, 'Cannot be negative.');
    if (inv.bedInventory < 0) add(`${at}/bedInventory`, 'Cannot be negative.');
    for (const k of BED_CATEGORIES) if ((inv[k] ?? 0) < 0) add(`${at}/${k}`, 'Cannot be negative.');
    const categorised = BED_CATEGORIES.reduce((sum, k) => sum + (inv[k] ?? 0), 0);
    const anyCategory = BED_CATEGORIES.some((k) => inv[k] !== null && inv[k] !== undefined);
    if (anyCategory && categorised !== inv.bedInventory) {
      add(`${at}/bedInventory`, `The beds by category add up to ${categorised}, not ${inv.bedInventory}.`);
    }
    if (endBeforeStart(inv.startDate, inv.endDate)) add(`${at}/endDate`, 'The inventory end date cannot be before its start date.');
  });

  p.hmisParticipation.forEach((h, i) => {
    const at = `/hmisParticipation/${i}`;
    if (!inList(HUD.hmisParticipationType, h.participationType)) add(`${at}/participationType`, `${h.participationType} is not a HUD participation type (2.08.1).`);
    if (endBeforeStart(h.startDate, h.endDate)) add(`${at}/endDate`, 'The end date cannot be before the start date.');
  });
  for (const i of overlaps(p.hmisParticipation)) add(`/hmisParticipation/${i}/startDate`, 'HMIS participation periods cannot overlap.');

  p.ceParticipation.forEach((c, i) => {
    if (endBeforeStart(c.startDate, c.endDate)) add(`/ceParticipation/${i}/endDate`, 'The end date cannot be before the start date.');
  });
  for (const i of overlaps(p.ceParticipation)) add(`/ceParticipation/${i}/startDate`, 'CE participation periods cannot overlap.');
  return errors;
}
