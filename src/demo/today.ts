/** The demo CoC's dates: its "today" in its time zone (src/domain/calendar/today.ts), and days before it. */
import { addDays, type LocalDate } from '../domain/calendar/dates.ts';
import { cocToday } from '../domain/calendar/today.ts';
import { loadDefaultReferralConfig } from '../domain/referrals/config.ts';

/** The demo CoC's date at `now` (the shipped configuration's time zone: the demo never changes it). */
export const demoToday = (now: Date): LocalDate => cocToday({ now: () => now }, loadDefaultReferralConfig().timeZone);

/** The date `days` days before `date`. */
export const minusDays = (date: LocalDate, days: number): LocalDate => addDays(date, -days);
