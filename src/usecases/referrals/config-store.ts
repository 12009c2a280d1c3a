/**
 * The CoC's referral configuration and holiday calendar as stored in the database (issue 6 point 1):
 * `referral_config` (one row; the shipped default is inserted on first use) and `holidays` (the
 * administrator's edits on top of the configuration's base calendar). `loadReferralSettings` gives the
 * parsed configuration, the holiday calendar and a timeliness engine, cached per request and, checked
 * against the CoC configuration version, per process.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../../data/db.ts';
import { isAdmin } from '../../domain/access.ts';
import { isLocalDate, yearOf, type LocalDate } from '../../domain/calendar/dates.ts';
import { holidayCalendarFor, loadDefaultReferralConfig, parseReferralConfig, type ReferralConfig } from '../../domain/referrals/config.ts';
import { timelinessEngine, type TimelinessEngine } from '../../domain/timeliness/deadlines.ts';
import type { HolidayCalendar } from '../../domain/calendar/holidays.ts';
import { ForbiddenError, RuleViolation, StaleVersionError } from '../../domain/errors.ts';
import { writeAudit } from '../audit.ts';
import { requireActor, type RequestContext } from '../context.ts';
import type { SettingsSnapshot, Versioned } from '../settings-cache.ts';

export interface ReferralSettings {
  config: ReferralConfig;
  /** The configuration document as stored (what the administrator edits). */
  document: unknown;
  version: number;
  holidays: HolidayCalendar;
  engine: TimelinessEngine;
}

// Parsing is pure: keep the parsed configuration per stored document text.
const parsedCache = new Map<string, ReferralConfig>();
function parseStored(document: unknown): ReferralConfig {
  const key = JSON.stringify(document);
  let c = parsedCache.get(key);
  if (!c) {
    const r = parseReferralConfig(document);
    // A stored configuration was validated when saved; should it not parse (a newer rule), fall back.
    c = r.ok ? r.config : loadDefaultReferralConfig();
    if (parsedCache.size > 20) parsedCache.clear();
    parsedCache.set(key, c);
  }
  return c;
}

/** The shipped default as a plain document (for the first insert). */
export function defaultConfigDocument(): unknown {
  return structuredClone(loadDefaultReferralConfig());
}

/** The stored configuration row, inserting the shipped default when there is none yet. */
export async function ensureConfigRow(db: Db | Tx, now: Date): Promise<{ config: unknown; version: number }> {
  const row = await db.selectFrom('referral_config').select(['config', 'version']).where('id', '=', 1).executeTakeFirst();
  if (row) return row;
  await db
    .insertInto('referral_config')
    .values({ id: 1, config: JSON.stringify(defaultConfigDocument()), updated_at: now, updated_by: null })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return db.selectFrom('referral_config').select(['config', 'version']).where('id', '=', 1).executeTakeFirstOrThrow();
}

async function loadHolidayEdits(db: Db | Tx) {
  return db.selectFrom('holidays').select(['day', 'name', 'kind']).orderBy('day').execute();
}

const requestCache = new WeakMap<object, Promise<ReferralSettings>>();

/**
 * The configuration, holiday calendar and timeliness engine; cached per request context, and per
 * process while the CoC configuration version the request saw with its session is unchanged
 * (src/usecases/settings-cache.ts).
 */
export function loadReferralSettings(db: Db | Tx, ctx: { clock: { now(): Date }; settings?: SettingsSnapshot | undefined }): Promise<ReferralSettings> {
  let p = requestCache.get(ctx);
  if (!p) {
    const now = ctx.clock.now();
    const snapshot = ctx.settings;
    p = snapshot ? snapshot.cache.get('referral', snapshot.version, () => readVersioned(db, now)) : readSettings(db, now);
    requestCache.set(ctx, p);
    p.catch(() => requestCache.delete(ctx));
  }
  return p;
}

/**
 * Forgets the request's cached settings (after an administrator changed them): the rest of the request
 * reads its own transaction, and leaves the process cache alone until the change is committed.
 */
export function forgetReferralSettings(ctx: object): void {
  requestCache.delete(ctx);
  (ctx as { settings?: SettingsSnapshot | undefined }).settings = undefined;
}

export async function readSettings(db: Db | Tx, now: Date): Promise<ReferralSettings> {
  return (await readVersioned(db, now)).value;
}

/** The stored configuration, the holiday edits and the configuration version, in one statement. */
async function readVersioned(db: Db | Tx, now: Date): Promise<Versioned<ReferralSettings>> {
  const read = () =>
    sql<{ config: unknown; version: number; edits: { day: LocalDate; name: string; kind: 'closed' | 'open' }[]; settings_version: number }>`
      select rc.config, rc.version,
             coalesce((select json_agg(json_build_object('day', h.day, 'name', h.name, 'kind', h.kind) order by h.day) from holidays h), '[]'::json) as edits,
             (select version from settings_version where id = 1) as settings_version
        from referral_config rc
       where rc.id = 1`.execute(db);
  let { rows } = await read();
  if (rows.length === 0) {
    await ensureConfigRow(db, now);
    ({ rows } = await read());
  }
  const row = rows[0]!;
  const config = parseStored(row.config);
  const holidays = holidayCalendarFor(config, {
    added: row.edits.filter((e) => e.kind === 'closed').map((e) => ({ date: e.day, name: e.name })),
    removed: row.edits.filter((e) => e.kind === 'open').map((e) => e.day),
  });
  const value = { config, document: row.config, version: row.version, holidays, engine: timelinessEngine({ config, holidays }) };
  return { value, version: Number(row.settings_version) };
}

/** PUT /admin/referral-config: validated, versioned, audited. */
export async function updateReferralConfig(tx: Tx, ctx: RequestContext, document: unknown, version: number) {
  const actor = requireActor(ctx);
  if (!isAdmin(actor)) throw new ForbiddenError('Only an HMIS administrator may change the referral configuration.');
  const current = await ensureConfigRow(tx, ctx.clock.now());
  const parsed = parseReferralConfig(document);
  if (!parsed.ok) {
    throw new RuleViolation(
      'The configuration has problems; nothing was saved.',
      parsed.problems.map((p) => ({ pointer: `/config${p.pointer}`, message: p.message })),
      'invalid-referral-config',
    );
  }
  const row = await tx
    .updateTable('referral_config')
    .set({ config: JSON.stringify(document), version: current.version + 1, updated_at: ctx.clock.now(), updated_by: actor.userId })
    .where('id', '=', 1)
    .where('version', '=', version)
    .returning(['config', 'version'])
    .executeTakeFirst();
  if (!row) throw new StaleVersionError(current.version);
  await writeAudit(tx, ctx, { action: 'referral_config.update', entityType: 'referral_config', entityId: '1', before: current.config, after: document, details: { version: row.version } });
  forgetReferralSettings(ctx);
  return row;
}

export interface HolidayListItem {
  date: LocalDate;
  name: string;
  /** shipped: from the configuration's base calendar; added: a day off the CoC added. */
  source: 'shipped' | 'added';
  /** False for a shipped holiday the CoC works (un-marked). */
  dayOff: boolean;
}

/** The year's calendar: shipped holidays (with their state) and the days off the CoC added. */
export async function listHolidays(db: Db | Tx, ctx: RequestContext, year: number): Promise<HolidayListItem[]> {
  const { config } = await loadReferralSettings(db, ctx);
  const shipped = holidayCalendarFor(config).holidaysIn(year);
  const edits = (await loadHolidayEdits(db)).filter((e) => yearOf(e.day) === year);
  const open = new Set(edits.filter((e) => e.kind === 'open').map((e) => e.day));
  const items: HolidayListItem[] = shipped.map((h) => ({ date: h.date, name: h.name, source: 'shipped', dayOff: !open.has(h.date) }));
  for (const e of edits) if (e.kind === 'closed' && !items.some((i) => i.date === e.day)) items.push({ date: e.day, name: e.name, source: 'added', dayOff: true });
  return items.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export type HolidayChange = { action: 'add'; date: string; name: string } | { action: 'remove'; date: string };

/**
 * PUT /admin/holidays: `add` marks a day off (or restores a shipped holiday); `remove` un-marks a shipped
 * holiday (the CoC works that day) or deletes an added day off.
 */
export async function changeHoliday(tx: Tx, ctx: RequestContext, change: HolidayChange) {
  const actor = requireActor(ctx);
  if (!isAdmin(actor)) throw new ForbiddenError('Only an HMIS administrator may edit the holiday calendar.');
  if (!isLocalDate(change.date)) throw new RuleViolation('Give the date as YYYY-MM-DD.', [{ pointer: '/date', message: 'Enter the date as YYYY-MM-DD.' }]);
  const { config } = await loadReferralSettings(tx, ctx);
  const shippedName = holidayCalendarFor(config).holidayName(change.date);
  const now = ctx.clock.now();
  const before = await tx.selectFrom('holidays').selectAll().where('day', '=', change.date).executeTakeFirst();
  await tx.deleteFrom('holidays').where('day', '=', change.date).execute();
  if (change.action === 'add') {
    const name = change.name.trim();
    if (!name) throw new RuleViolation('Name the day off.', [{ pointer: '/name', message: 'Enter the name of the day off.' }]);
    // Restoring a shipped holiday is just removing the "open" edit.
    if (!shippedName) await tx.insertInto('holidays').values({ day: change.date, name, kind: 'closed', updated_at: now, updated_by: actor.userId }).execute();
  } else if (shippedName) {
    await tx.insertInto('holidays').values({ day: change.date, name: shippedName, kind: 'open', updated_at: now, updated_by: actor.userId }).execute();
  } else if (!before) {
    throw new RuleViolation(`${change.date} is not a holiday.`, [{ pointer: '/date', message: 'Choose a date that is a holiday or an added day off.' }]);
  }
  await writeAudit(tx, ctx, { action: `holiday.${change.action}`, entityType: 'holiday', entityId: change.date, before: before ?? null, after: change });
  forgetReferralSettings(ctx);
}
