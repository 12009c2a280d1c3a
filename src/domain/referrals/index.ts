/** Referral need statuses as configuration and the referral state machine. */
export * from './config.ts';
export * from './transitions.ts';
