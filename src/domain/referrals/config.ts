/**
 * Referral need statuses and timeliness standards as configuration (spec: ces-workflow.md §4–§5).
 *
 * The configuration is data (the default is `config/referral-statuses.chicago.json`): a CoC renames, adds or
 * retires statuses and changes deadlines without code changes. `parseReferralConfig` validates a document
 * and returns either a typed configuration or the list of problems (each with a JSON Pointer), so the
 * administration screen can show them next to the field.
 *
 * Codes the code itself relies on: the status with `initial: true` (the default's `matched`) and
 * `enrolled` (`ENROLLED_STATUS`), which only the enrollment use case may set. Labels are shown exactly as
 * written.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isLocalDate } from '../calendar/dates.ts';
import { holidayCalendar, type HolidayCalendar, type HolidayOverrides } from '../calendar/holidays.ts';
import { isValidTimeZone } from '../calendar/zoned.ts';

/** True when the runtime can write dates in `locale` (a BCP 47 tag it supports). */
const isKnownLocale = (locale: string): boolean => {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale]).length === 1;
  } catch {
    return false;
  }
};

/** Who may set a status: the receiving project's staff, the CES matching team, the timeliness engine. */
export const SETTERS = ['provider', 'ces_team', 'system'] as const;
export type Setter = (typeof SETTERS)[number];

/** The status a referral reaches only through an enrollment made from it. */
export const ENROLLED_STATUS = 'enrolled';

/** Text in a label that reserves the status for the matching team (and the system). */
export const CES_TEAM_ONLY_MARK = 'CES Team Only';

const code = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'Write the status code in lower-case letters, digits and underscores, starting with a letter.');

const guardSchema = z.object({
  minCalendarDaysSinceReferral: z.number().int().min(0).optional(),
  minContactAttempts: z.number().int().min(0).optional(),
  minCalendarDaysBetweenFirstAndLastAttempt: z.number().int().min(0).optional(),
  /** Free text explaining which attempts count (attempts whose outcome is not `reached`). */
  attemptsCount: z.string().optional(),
});

const statusSchema = z.object({
  code,
  label: z.string().trim().min(1, 'Give the status a label.'),
  confirmed: z.boolean().optional(),
  setBy: z.array(z.enum(SETTERS)).min(1, 'Say who may set the status (setBy).'),
  initial: z.boolean().optional().default(false),
  terminal: z.boolean(),
  guard: guardSchema.optional(),
  rematch: z.object({ newReferrals: z.number().int().min(1).max(10) }).optional(),
  requiresNote: z.boolean().optional().default(false),
  /** Free text: what must exist before the status can be reached (e.g. an enrollment). */
  requires: z.string().optional(),
  /** HUD 4.20.D ReferralResult: 1 client accepted, 2 client rejected, 3 provider rejected; null none. */
  hudReferralResult: z.union([z.literal(1), z.literal(2), z.literal(3), z.null()]).optional().default(null),
  /** A retired status stays readable in history and on referrals already in it, but cannot be newly set. */
  retired: z.boolean().optional().default(false),
});

const withinSchema = z.union([
  z.strictObject({ businessDays: z.number().int().min(0).max(365) }),
  z.strictObject({ calendarDays: z.number().int().min(0).max(3650) }),
]);

const notifySchema = z.array(z.string().min(1)).default([]);

const onMissedSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('setStatus'), status: code, notify: notifySchema }),
  z.object({ action: z.literal('flag'), notify: notifySchema }),
]);

const stepSchema = z.object({
  step: z.string().trim().min(1, 'Give the step a name.'),
  while: z.array(code).min(1, 'Name at least one status the step runs while.'),
  mustReach: z.array(code).min(1, 'Name the statuses that meet the step (mustReach).'),
  within: withinSchema,
  /** Deadlines are counted from the referral date (the only supported origin). */
  from: z.literal('referralDate').default('referralDate'),
  source: z.string().optional(),
  onMissed: onMissedSchema,
  dueRule: z.string().optional(),
});

const holidayEntrySchema = z.object({
  date: z.string().refine(isLocalDate, 'Write the date as YYYY-MM-DD.'),
  name: z.string().trim().min(1),
});

const holidaysSchema = z.union([
  z.enum(['us-federal', 'none']),
  z.object({
    base: z.enum(['us-federal', 'none']).default('us-federal'),
    added: z.array(holidayEntrySchema).default([]),
    removed: z.array(z.string().refine(isLocalDate, 'Write the date as YYYY-MM-DD.')).default([]),
  }),
]);

const businessDaysSchema = z.object({ businessDays: z.number().int().min(0).max(365) });

export const referralConfigSchema = z.object({
  profile: z.string().optional(),
  about: z.string().optional(),
  timeZone: z.string().refine(isValidTimeZone, 'Give a time zone this server knows: an IANA name such as America/Chicago.').default('America/Chicago'),
  locale: z.string().refine(isKnownLocale, 'Give a locale this server can write dates in: a BCP 47 tag such as en-US.').default('en-US'),
  holidays: holidaysSchema.default('us-federal'),
  statuses: z.array(statusSchema).min(1, 'Give the configuration at least one status.'),
  timeliness: z.array(stepSchema).default([]),
  dueSoon: businessDaysSchema.extend({ meaning: z.string().optional() }).default({ businessDays: 1 }),
  transfers: z
    .object({
      notifyWithin: businessDaysSchema.default({ businessDays: 2 }),
      cesReferralWithin: businessDaysSchema.default({ businessDays: 2 }),
      noApprovalNeeded: z.array(z.string()).default([]),
    })
    .default({ notifyWithin: { businessDays: 2 }, cesReferralWithin: { businessDays: 2 }, noApprovalNeeded: [] }),
});

export type ReferralConfig = z.output<typeof referralConfigSchema>;
export type ReferralConfigInput = z.input<typeof referralConfigSchema>;
export type StatusDefinition = ReferralConfig['statuses'][number];
export type StatusGuard = z.output<typeof guardSchema>;
export type TimelinessStep = ReferralConfig['timeliness'][number];
export type StepWithin = TimelinessStep['within'];
export type OnMissedRule = TimelinessStep['onMissed'];
export type HudReferralResult = StatusDefinition['hudReferralResult'];

export interface ConfigProblem {
  /** JSON Pointer into the configuration document, e.g. "/statuses/3/setBy". */
  pointer: string;
  message: string;
}

export type ParseReferralConfigResult = { ok: true; config: ReferralConfig } | { ok: false; problems: ConfigProblem[] };

function pointerOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '' : '/' + path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

/** The cross-field rules the schema alone cannot express. Returns [] when the configuration is coherent. */
export function referralConfigProblems(config: ReferralConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const byCode = new Map<string, StatusDefinition>();
  config.statuses.forEach((s, i) => {
    if (byCode.has(s.code)) problems.push({ pointer: `/statuses/${i}/code`, message: `The status code "${s.code}" is used twice.` });
    else byCode.set(s.code, s);
    if (new Set(s.setBy).size !== s.setBy.length) problems.push({ pointer: `/statuses/${i}/setBy`, message: `"${s.label}" lists the same setter twice.` });
    if (s.label.toLowerCase().includes(CES_TEAM_ONLY_MARK.toLowerCase()) && s.setBy.includes('provider')) {
      problems.push({
        pointer: `/statuses/${i}/setBy`,
        message: `"${s.label}" is marked "${CES_TEAM_ONLY_MARK}", so only the matching team (ces_team) and the system may set it.`,
      });
    }
    if (s.initial && s.terminal) problems.push({ pointer: `/statuses/${i}/terminal`, message: `The initial status "${s.label}" cannot end the referral.` });
    if (s.initial && s.retired) problems.push({ pointer: `/statuses/${i}/retired`, message: `The initial status "${s.label}" cannot be retired.` });
    if (s.rematch && !s.terminal) problems.push({ pointer: `/statuses/${i}/rematch`, message: `"${s.label}" asks for a rematch, so it must end the referral (terminal).` });
    if (s.hudReferralResult !== null && !s.terminal) {
      problems.push({ pointer: `/statuses/${i}/hudReferralResult`, message: `"${s.label}" has a HUD referral result, so it must end the referral (terminal).` });
    }
  });
  const labels = new Map<string, number>();
  config.statuses.forEach((s, i) => {
    const key = s.label.trim().toLowerCase();
    if (labels.has(key) && !s.retired) problems.push({ pointer: `/statuses/${i}/label`, message: `The label "${s.label}" is used twice.` });
    if (!s.retired) labels.set(key, i);
  });
  const initials = config.statuses.filter((s) => s.initial);
  if (initials.length === 0) problems.push({ pointer: '/statuses', message: 'Exactly one status must be initial (the status of a new referral); none is.' });
  if (initials.length > 1) {
    problems.push({ pointer: '/statuses', message: `Exactly one status must be initial; ${initials.map((s) => `"${s.code}"`).join(', ')} are.` });
  }
  const enrolledIndex = config.statuses.findIndex((s) => s.code === ENROLLED_STATUS);
  const enrolled = config.statuses[enrolledIndex];
  if (!enrolled) problems.push({ pointer: '/statuses', message: `A status with the code "${ENROLLED_STATUS}" is needed (a referral becomes enrolled through an enrollment).` });
  else if (!enrolled.terminal) problems.push({ pointer: `/statuses/${enrolledIndex}/terminal`, message: `"${enrolled.label}" must end the referral (terminal).` });
  if (!config.statuses.some((s) => s.terminal && !s.retired)) problems.push({ pointer: '/statuses', message: 'At least one status must end the referral (terminal).' });

  const steps = new Set<string>();
  config.timeliness.forEach((t, i) => {
    const base = `/timeliness/${i}`;
    if (steps.has(t.step)) problems.push({ pointer: `${base}/step`, message: `The step name "${t.step}" is used twice.` });
    steps.add(t.step);
    t.while.forEach((c, j) => {
      const s = byCode.get(c);
      if (!s) problems.push({ pointer: `${base}/while/${j}`, message: `Unknown status code "${c}".` });
      else if (s.terminal) problems.push({ pointer: `${base}/while/${j}`, message: `A step cannot run while the referral is in "${s.label}", which ends it.` });
    });
    t.mustReach.forEach((c, j) => {
      if (!byCode.has(c)) problems.push({ pointer: `${base}/mustReach/${j}`, message: `Unknown status code "${c}".` });
      if (t.while.includes(c)) problems.push({ pointer: `${base}/mustReach/${j}`, message: `"${c}" cannot both keep the step running and meet it.` });
    });
    if (!initials.some((s) => t.while.includes(s.code))) {
      problems.push({ pointer: `${base}/while`, message: `The step "${t.step}" must run from the initial status (deadlines count from the referral date).` });
    }
    if (t.onMissed.action === 'setStatus') {
      const target = byCode.get(t.onMissed.status);
      if (!target) problems.push({ pointer: `${base}/onMissed/status`, message: `Unknown status code "${t.onMissed.status}".` });
      else {
        if (!target.setBy.includes('system')) {
          problems.push({ pointer: `${base}/onMissed/status`, message: `The system may not set "${target.label}" (add "system" to its setBy).` });
        }
        if (target.retired) problems.push({ pointer: `${base}/onMissed/status`, message: `"${target.label}" is retired.` });
        if (target.initial) problems.push({ pointer: `${base}/onMissed/status`, message: 'A missed step cannot send the referral back to the initial status.' });
        if (t.while.includes(target.code)) problems.push({ pointer: `${base}/onMissed/status`, message: `"${target.label}" would keep the missed step running.` });
        if (target.code === ENROLLED_STATUS) problems.push({ pointer: `${base}/onMissed/status`, message: 'Only an enrollment can make a referral enrolled.' });
      }
    }
  });
  return problems;
}

/**
 * Validates a configuration document (parsed JSON, or JSON text). Returns the typed configuration, with
 * defaults filled in, or every problem found.
 */
export function parseReferralConfig(json: unknown): ParseReferralConfigResult {
  if (typeof json === 'string') {
    try {
      json = JSON.parse(json);
    } catch (e) {
      return { ok: false, problems: [{ pointer: '', message: `The configuration is not valid JSON: ${(e as Error).message}` }] };
    }
  }
  const parsed = referralConfigSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => ({ pointer: pointerOf(i.path), message: i.message })) };
  }
  const problems = referralConfigProblems(parsed.data);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config: parsed.data };
}

/** Like `parseReferralConfig`, but throws (with every problem in the message) on an invalid document. */
export function parseReferralConfigOrThrow(json: unknown): ReferralConfig {
  const r = parseReferralConfig(json);
  if (!r.ok) throw new Error(`Invalid referral configuration:\n${r.problems.map((p) => `  ${p.pointer || '/'}: ${p.message}`).join('\n')}`);
  return r.config;
}

/** Where the default (Chicago) configuration lives, resolved from this module. */
export const DEFAULT_REFERRAL_CONFIG_URL = new URL('../../../config/referral-statuses.chicago.json', import.meta.url);

let cachedDefault: ReferralConfig | undefined;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Reads and validates `config/referral-statuses.chicago.json` (once; later calls return the same, deeply
 * frozen, object — copy it with `structuredClone` to modify it). The only I/O in the referral rules.
 */
export function loadDefaultReferralConfig(): ReferralConfig {
  cachedDefault ??= deepFreeze(parseReferralConfigOrThrow(readFileSync(DEFAULT_REFERRAL_CONFIG_URL, 'utf8')));
  return cachedDefault;
}

/** The status with that code, or undefined. */
export function findStatus(config: ReferralConfig, statusCode: string): StatusDefinition | undefined {
  return config.statuses.find((s) => s.code === statusCode);
}

/** The status of a new referral. */
export function initialStatus(config: ReferralConfig): StatusDefinition {
  const s = config.statuses.find((x) => x.initial);
  if (!s) throw new Error('The referral configuration has no initial status.');
  return s;
}

/** True when the status ends the referral (unknown codes are treated as open). */
export function isTerminalStatus(config: ReferralConfig, statusCode: string): boolean {
  return findStatus(config, statusCode)?.terminal ?? false;
}

/** The label to show for a code (the code itself when the configuration no longer knows it). */
export function statusLabel(config: ReferralConfig, statusCode: string): string {
  return findStatus(config, statusCode)?.label ?? statusCode;
}

/**
 * The holiday calendar of a configuration: its base ('us-federal' or 'none') with the configuration's own
 * edits and, on top, the administrator's edits kept elsewhere (e.g. in the database).
 */
export function holidayCalendarFor(config: ReferralConfig, overrides: HolidayOverrides = {}): HolidayCalendar {
  const h = config.holidays;
  if (typeof h === 'string') return holidayCalendar(h, overrides);
  return holidayCalendar(h.base, {
    added: [...h.added, ...(overrides.added ?? [])],
    removed: [...h.removed, ...(overrides.removed ?? [])],
  });
}
