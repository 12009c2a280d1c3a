/**
 * The CoC's date for a request: the injected clock read in the CoC's time zone (the referral
 * configuration's `timeZone`, cached per request and per process). Rules that compare with today take it
 * from here, never from `toISOString()` (UTC: at 19:00 in Chicago that is already tomorrow).
 */
import type { Db, Tx } from '../data/db.ts';
import { cocToday } from '../domain/calendar/today.ts';
import type { LocalDate } from '../domain/calendar/dates.ts';
import { loadReferralSettings } from './referrals/config-store.ts';
import type { SettingsSnapshot } from './settings-cache.ts';

type Ctx = { clock: { now(): Date }; settings?: SettingsSnapshot | undefined };

/** The CoC's IANA time zone (e.g. America/Chicago). */
export async function cocTimeZone(db: Db | Tx, ctx: Ctx): Promise<string> {
  return (await loadReferralSettings(db, ctx)).config.timeZone;
}

/** The CoC's date now ('YYYY-MM-DD'). */
export async function todayOf(db: Db | Tx, ctx: Ctx): Promise<LocalDate> {
  return cocToday(ctx.clock, await cocTimeZone(db, ctx));
}
