/**
 * The one way the web writes dates and times (docs/UI.md): in the CoC's locale ("Dec 7, 2026") and the
 * CoC's time zone, whatever the browser's. "Today" is the CoC's date too. The CoC's calendar comes with
 * the signed-in user (`/api/v1/me` → `coc`) and is set once by the auth provider.
 */
export interface CocCalendar {
  timeZone: string;
  locale: string;
}

let calendar: CocCalendar = { timeZone: 'America/Chicago', locale: 'en-US' };
const cache = new Map<string, Intl.DateTimeFormat>();

export function setCocCalendar(c: CocCalendar): void {
  if (c.timeZone === calendar.timeZone && c.locale === calendar.locale) return;
  calendar = { timeZone: c.timeZone, locale: c.locale };
  cache.clear();
}

function formatter(kind: 'date' | 'dateTime' | 'time' | 'iso' | 'wall', timeZone = calendar.timeZone): Intl.DateTimeFormat {
  const key = `${kind} ${timeZone}`;
  let f = cache.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'date'
        ? { dateStyle: 'medium' }
        : kind === 'dateTime'
          ? { dateStyle: 'medium', timeStyle: 'short' }
          : kind === 'time'
            ? { timeStyle: 'short' }
            : { year: 'numeric', month: '2-digit', day: '2-digit', ...(kind === 'wall' ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' } : {}) };
    f = new Intl.DateTimeFormat(kind === 'iso' || kind === 'wall' ? 'en-US' : calendar.locale, { ...options, timeZone });
    cache.set(key, f);
  }
  return f;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The wall-clock parts of `instant` in the CoC's time zone. */
function wallParts(instant: Date): { y: string; mo: string; d: string; h: string; mi: string; s: string } {
  const p: Record<string, string> = {};
  for (const part of formatter('wall').formatToParts(instant)) p[part.type] = part.value;
  return { y: p.year!, mo: p.month!, d: p.day!, h: p.hour === '24' ? '00' : p.hour!, mi: p.minute!, s: p.second! };
}

/**
 * A date as the CoC writes it: "Dec 7, 2026". Takes a calendar date ('YYYY-MM-DD', written as is, never
 * shifted by a time zone) or an instant (ISO 8601: its date in the CoC's time zone). `empty` for none.
 */
export function formatDate(value: string | null | undefined, empty = '—'): string {
  if (!value) return empty;
  const m = DATE_ONLY.exec(value);
  if (m) return formatter('date', 'UTC').format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12)));
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : formatter('date').format(d);
}

/** An instant as the CoC writes it, in its time zone: "Dec 7, 2026, 3:45 PM". */
export function formatDateTime(value: string | null | undefined, empty = '—'): string {
  if (!value) return empty;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : formatter('dateTime').format(d);
}

/** The time of day of an instant, in the CoC's time zone: "3:45 PM". */
export function formatTime(value: string): string {
  return formatter('time').format(new Date(value));
}

/** The CoC's date now ('YYYY-MM-DD'): form defaults and "not in the future" limits use it. */
export function cocToday(now: Date = new Date()): string {
  const p = wallParts(now);
  return `${p.y}-${p.mo}-${p.d}`;
}

/** `YYYY-MM-DDTHH:mm` on the CoC's wall clock, for a `datetime-local` input. */
export function cocInputValue(instant: Date = new Date()): string {
  const p = wallParts(instant);
  return `${p.y}-${p.mo}-${p.d}T${p.h}:${p.mi}`;
}

/**
 * The instant a `datetime-local` value (`YYYY-MM-DDTHH:mm`, read on the CoC's wall clock) stands for, as
 * ISO 8601; null when it is not such a value. Two passes over the zone's offset, so DST days are right.
 */
export function fromCocInputValue(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  const offsetAt = (t: number) => {
    const p = wallParts(new Date(t));
    return Date.UTC(Number(p.y), Number(p.mo) - 1, Number(p.d), Number(p.h), Number(p.mi), Number(p.s)) - Math.floor(t / 1000) * 1000;
  };
  let t = asUtc - offsetAt(asUtc);
  t = asUtc - offsetAt(t);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** "3 days" / "1 day". */
export const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
