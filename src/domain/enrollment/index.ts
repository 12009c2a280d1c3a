/** Enrollment rules (HUD project start, stages, move-in, exit, ESG RRH). Pure; see each module. */
export * from './common.ts';
export * from './household.ts';
export * from './living-situation.ts';
export * from './stages.ts';
export * from './move-in.ts';
export * from './exit.ts';
export * from './esg-rrh.ts';
export * from './data-quality.ts';
export * from './caseload.ts';
