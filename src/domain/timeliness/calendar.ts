/** The business-day calendar the timeliness engine counts with (re-exported from `src/domain/calendar`). */
export * from '../calendar/index.ts';
