/**
 * The form definitions shipped in config/forms/, parsed and checked at module load (a broken
 * definition fails start-up and the tests, not a case manager's screen).
 */
import esgRrhScreening from '../../../config/forms/esg-rrh-eligibility-screening.json' with { type: 'json' };
import esgRrhReevaluation from '../../../config/forms/esg-rrh-reevaluation.json' with { type: 'json' };
import rrhExitSummary from '../../../config/forms/rrh-exit-summary.json' with { type: 'json' };
import { parseFormDefinition } from './schema.ts';
import type { FormDefinition } from './types.ts';

export const FORM_DEFINITIONS: ReadonlyMap<string, FormDefinition> = new Map(
  [esgRrhScreening, esgRrhReevaluation, rrhExitSummary].map((json) => {
    const def = parseFormDefinition(json);
    return [def.id, def] as const;
  }),
);

/** The definition with this id, or undefined. */
export function getFormDefinition(id: string): FormDefinition | undefined {
  return FORM_DEFINITIONS.get(id);
}

/** Same, for ids the code knows exist (throws otherwise). */
export function formDefinition(id: string): FormDefinition {
  const def = FORM_DEFINITIONS.get(id);
  if (!def) throw new Error(`Unknown form definition ${id}`);
  return def;
}
