/** Matching (openings, the CE list, the rematch queue) as the API gives it. */
export interface Opening {
  id: string;
  projectId: string;
  projectName: string;
  kind: 'unit' | 'subsidy';
  bedrooms: number | null;
  householdSize: number | null;
  population: string | null;
  availableOn: string;
  note: string | null;
  state: 'open' | 'filled' | 'closed';
  filledByReferralId: string | null;
  closedAt: string | null;
  openReferrals: number;
  version: number;
  capabilities: { canClose: boolean; canRefer: boolean };
}

export interface CeListRow {
  clientId: string;
  rank: number;
  reasons: string[];
  name: string | null;
  householdSize: number;
  householdType: 'single' | 'family' | 'childOnly';
  populations: string[];
  score: number | null;
  chronic: boolean;
  daysHomeless: number | null;
  assessmentDate: string;
  lastContact: string;
  inactive: boolean;
  disablingCondition: boolean;
}

export interface RematchItem {
  openingId: string | null;
  projectId: string;
  projectName: string;
  referralsNeeded: number;
  requested: number;
  sentSince: number;
  since: string;
  opening: { kind: 'unit' | 'subsidy'; availableOn: string | null; householdSize: number | null; bedrooms: number | null; population: string | null } | null;
}

export const POPULATION_LABELS: Record<string, string> = { singles: 'Single adults', families: 'Families with children', youth: 'Youth', veterans: 'Veterans' };
export const HOUSEHOLD_TYPE_LABELS: Record<string, string> = { single: 'Adults only', family: 'Adults with children', childOnly: 'Children only' };

export function describeOpening(o: Pick<Opening, 'kind' | 'bedrooms' | 'householdSize' | 'population'>): string {
  const parts = [o.kind === 'unit' ? 'Unit' : 'Subsidy slot'];
  if (o.bedrooms !== null) parts.push(o.bedrooms === 0 ? 'studio' : `${o.bedrooms} bedroom${o.bedrooms === 1 ? '' : 's'}`);
  if (o.householdSize !== null) parts.push(`up to ${o.householdSize} ${o.householdSize === 1 ? 'person' : 'people'}`);
  if (o.population) parts.push(POPULATION_LABELS[o.population]?.toLowerCase() ?? o.population);
  return parts.join(', ');
}
