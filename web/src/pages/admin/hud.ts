import lists from '../../../../src/domain/hud/spec/lists-2026.json' with { type: 'json' };

/** HUD FY2026 code lists as select options (the server checks every code again). */
const META = new Set(['hudList', 'columns', 'source']);
function options(list: keyof typeof lists): { value: number; label: string }[] {
  return Object.entries(lists[list] as Record<string, unknown>)
    .filter(([k, v]) => !META.has(k) && typeof v === 'string')
    .map(([k, v]) => ({ value: Number(k), label: `${k} – ${v as string}` }));
}

export const HUD_OPTIONS = {
  projectType: options('ProjectType'),
  rrhSubtype: options('RRHSubType'),
  housingType: options('HousingType'),
  targetPopulation: options('TargetPopulation'),
  funder: options('FundingSource'),
  geographyType: options('GeographyType'),
  householdType: options('HouseholdType'),
  esBedType: options('ESBedType'),
  availability: options('Availability'),
  hmisParticipationType: options('HMISParticipationType'),
};

export const labelOf = (opts: { value: number; label: string }[], v: number | null | undefined) => opts.find((o) => o.value === v)?.label ?? (v === null || v === undefined ? '' : String(v));

export const PROGRAM_MODELS = ['PSH', 'RRH', 'TH', 'Safe Haven', 'Housing System Navigation', 'CE', 'ES', 'SO', 'SSO', 'Prevention', 'Other'];
export const POPULATIONS = ['singles', 'families', 'youth', 'veterans'];
