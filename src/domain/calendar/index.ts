/** The CoC calendar: dates, US federal holidays with observed dates, business days, time zones. */
export * from './dates.ts';
export * from './holidays.ts';
export * from './business-days.ts';
export * from './zoned.ts';
export * from './today.ts';
