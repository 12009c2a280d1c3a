/** The timeliness engine: deadlines, step states, what the escalation sweep acts on, transfer deadlines. */
export * from './deadlines.ts';
