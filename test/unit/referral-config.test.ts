import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  DEFAULT_REFERRAL_CONFIG_URL,
  findStatus,
  holidayCalendarFor,
  initialStatus,
  isTerminalStatus,
  loadDefaultReferralConfig,
  parseReferralConfig,
  parseReferralConfigOrThrow,
  statusLabel,
  type ConfigProblem,
} from '../../src/domain/referrals/config.ts';
import { isBusinessDay } from '../../src/domain/calendar/index.ts';

/** The raw default document (a fresh copy to modify in each test). */
const raw = (): any => JSON.parse(readFileSync(DEFAULT_REFERRAL_CONFIG_URL, 'utf8'));

function problemsOf(doc: unknown): ConfigProblem[] {
  const r = parseReferralConfig(doc);
  assert.equal(r.ok, false, 'expected the configuration to be refused');
  return r.ok ? [] : r.problems;
}

function hasProblem(problems: ConfigProblem[], pointer: string, text: RegExp) {
  assert.ok(
    problems.some((p) => p.pointer === pointer && text.test(p.message)),
    `expected a problem at ${pointer} matching ${text}; got ${JSON.stringify(problems)}`,
  );
}

test('the default Chicago configuration loads, with labels exactly as written in the file', () => {
  const config = loadDefaultReferralConfig();
  const file = raw();
  assert.equal(config.statuses.length, file.statuses.length);
  for (const [i, s] of file.statuses.entries()) {
    assert.equal(config.statuses[i]!.code, s.code);
    assert.equal(config.statuses[i]!.label, s.label);
  }
  assert.equal(initialStatus(config).code, 'matched');
  assert.equal(statusLabel(config, 'matched'), 'CES: Matched: Awaiting response by Housing Provider');
  assert.equal(statusLabel(config, 'rematch_provider_no_response'), 'CES: Rematch Needed: CES Team Only: Housing Provider Did Not Respond');
  assert.equal(statusLabel(config, 'gone'), 'gone');
  assert.equal(config.timeZone, 'America/Chicago');
  assert.deepEqual(config.timeliness.map((t) => [t.step, t.within]), [
    ['first response', { businessDays: 2 }],
    ['engagement', { calendarDays: 15 }],
    ['enrollment', { calendarDays: 30 }],
  ]);
  assert.deepEqual(config.timeliness[0]!.onMissed, {
    action: 'setStatus',
    status: 'rematch_provider_no_response',
    notify: ['receiving project referral contacts', 'ces_team'],
  });
  assert.equal(config.timeliness[1]!.onMissed.action, 'flag');
  assert.equal(config.dueSoon.businessDays, 1);
  assert.deepEqual(config.transfers.notifyWithin, { businessDays: 2 });
  assert.deepEqual(config.transfers.cesReferralWithin, { businessDays: 2 });
  // Defaults are filled in.
  assert.equal(findStatus(config, 'attempting_contact')!.requiresNote, false);
  assert.equal(findStatus(config, 'attempting_contact')!.retired, false);
  assert.equal(findStatus(config, 'rematch_client_ineligible')!.requiresNote, true);
  assert.equal(isTerminalStatus(config, 'cancelled'), true);
  assert.equal(isTerminalStatus(config, 'engaged'), false);
  assert.equal(loadDefaultReferralConfig(), config, 'loaded once');
  assert.ok(Object.isFrozen(config.statuses[0]!.setBy), 'shared and frozen');
});

test('parseReferralConfig accepts JSON text and reports text that is not JSON', () => {
  assert.equal(parseReferralConfig(readFileSync(DEFAULT_REFERRAL_CONFIG_URL, 'utf8')).ok, true);
  hasProblem(problemsOf('{"statuses": ['), '', /not valid JSON/);
});

test('a label containing "CES Team Only" must be settable only by the matching team and the system', () => {
  const doc = raw();
  const i = doc.statuses.findIndex((s: any) => s.code === 'cancelled');
  doc.statuses[i].setBy = ['provider', 'ces_team'];
  hasProblem(problemsOf(doc), `/statuses/${i}/setBy`, /CES Team Only/);

  const added = raw();
  added.statuses.push({ code: 'hold', label: 'CES: On Hold (CES Team Only)', setBy: ['provider'], terminal: false });
  hasProblem(problemsOf(added), `/statuses/${added.statuses.length - 1}/setBy`, /only the matching team/);

  const ok = raw();
  ok.statuses.push({ code: 'hold', label: 'CES: On Hold: CES Team Only', setBy: ['ces_team', 'system'], terminal: false });
  assert.equal(parseReferralConfig(ok).ok, true);
  const caseInsensitive = raw();
  caseInsensitive.statuses.push({ code: 'hold', label: 'ces team only hold', setBy: ['provider'], terminal: false });
  assert.equal(parseReferralConfig(caseInsensitive).ok, false);
});

test('timeliness steps may reference only known status codes', () => {
  const doc = raw();
  doc.timeliness[0].mustReach.push('attempted');
  doc.timeliness[1].while.push('waiting');
  doc.timeliness[2].onMissed = { action: 'setStatus', status: 'nope', notify: [] };
  const problems = problemsOf(doc);
  hasProblem(problems, '/timeliness/0/mustReach/6', /Unknown status code "attempted"/);
  hasProblem(problems, '/timeliness/1/while/2', /Unknown status code "waiting"/);
  hasProblem(problems, '/timeliness/2/onMissed/status', /Unknown status code "nope"/);
});

test('onMissed setStatus must name a status the system may set (and not enrolled, the initial or a running one)', () => {
  const doc = raw();
  doc.timeliness[0].onMissed.status = 'cancelled'; // ces_team only
  hasProblem(problemsOf(doc), '/timeliness/0/onMissed/status', /system may not set/);
  const enrolled = raw();
  enrolled.statuses.find((s: any) => s.code === 'enrolled').setBy.push('system');
  enrolled.timeliness[0].onMissed.status = 'enrolled';
  hasProblem(problemsOf(enrolled), '/timeliness/0/onMissed/status', /Only an enrollment/);
  const missingStatus = raw();
  missingStatus.timeliness[0].onMissed = { action: 'setStatus', notify: [] };
  hasProblem(problemsOf(missingStatus), '/timeliness/0/onMissed/status', /./);
});

test('exactly one initial status', () => {
  const none = raw();
  none.statuses[0].initial = false;
  hasProblem(problemsOf(none), '/statuses', /none is/);
  const two = raw();
  two.statuses[1].initial = true;
  hasProblem(problemsOf(two), '/statuses', /"matched", "attempting_contact" are/);
});

test('duplicate codes, labels and step names are refused', () => {
  const doc = raw();
  doc.statuses.push({ ...doc.statuses[2] });
  const problems = problemsOf(doc);
  hasProblem(problems, `/statuses/${doc.statuses.length - 1}/code`, /used twice/);
  hasProblem(problems, `/statuses/${doc.statuses.length - 1}/label`, /used twice/);
  const steps = raw();
  steps.timeliness[1].step = 'first response';
  hasProblem(problemsOf(steps), '/timeliness/1/step', /used twice/);
});

test('shape errors are reported with pointers: setters, codes, within, time zone, holidays', () => {
  const doc = raw();
  doc.statuses[1].setBy = ['admin'];
  doc.statuses[2].code = 'Bad Code';
  doc.statuses[3].label = '  ';
  doc.timeliness[0].within = { businessDays: 2, calendarDays: 3 };
  doc.timeliness[1].within = {};
  doc.timeZone = 'Chicago';
  doc.holidays = { base: 'us-federal', added: [{ date: '2026-02-30', name: 'x' }] };
  const problems = problemsOf(doc);
  const pointers = problems.map((p) => p.pointer);
  for (const p of ['/statuses/1/setBy/0', '/statuses/2/code', '/statuses/3/label', '/timeliness/0/within', '/timeliness/1/within', '/timeZone', '/holidays']) {
    assert.ok(pointers.some((x) => x.startsWith(p)), `${p} in ${JSON.stringify(pointers)}`);
  }
  assert.equal(parseReferralConfig(null).ok, false);
  assert.equal(parseReferralConfig({ statuses: [] }).ok, false);
});

test('coherence rules: enrolled must exist and be terminal; terminal statuses cannot keep a step running; rematch and HUD results end the referral', () => {
  const noEnrolled = raw();
  noEnrolled.statuses = noEnrolled.statuses.filter((s: any) => s.code !== 'enrolled');
  for (const t of noEnrolled.timeliness) t.mustReach = t.mustReach.filter((c: string) => c !== 'enrolled');
  hasProblem(problemsOf(noEnrolled), '/statuses', /"enrolled" is needed/);

  const openEnrolled = raw();
  const ei = openEnrolled.statuses.findIndex((s: any) => s.code === 'enrolled');
  openEnrolled.statuses[ei].terminal = false;
  hasProblem(problemsOf(openEnrolled), `/statuses/${ei}/terminal`, /must end the referral/);

  const whileTerminal = raw();
  whileTerminal.timeliness[0].while.push('cancelled');
  hasProblem(problemsOf(whileTerminal), '/timeliness/0/while/1', /ends it/);

  const openRematch = raw();
  openRematch.statuses[2].rematch = { newReferrals: 2 };
  hasProblem(problemsOf(openRematch), '/statuses/2/rematch', /terminal/);

  const notFromInitial = raw();
  notFromInitial.timeliness[2].while = ['engaged'];
  hasProblem(problemsOf(notFromInitial), '/timeliness/2/while', /initial status/);
});

test('parseReferralConfigOrThrow lists every problem', () => {
  const doc = raw();
  doc.statuses[0].initial = false;
  doc.timeliness[0].onMissed.status = 'cancelled';
  assert.throws(() => parseReferralConfigOrThrow(doc), /none is[\s\S]*system may not set/);
});

test('holidays in the configuration: the us-federal base with the configuration and the administrator edits', () => {
  const doc = raw();
  doc.holidays = { base: 'us-federal', added: [{ date: '2026-11-27', name: 'Day after Thanksgiving' }], removed: ['2026-10-12'] };
  const config = parseReferralConfigOrThrow(doc);
  const cal = holidayCalendarFor(config, { added: [{ date: '2026-12-24', name: 'Christmas Eve' }], removed: ['2026-11-11'] });
  assert.equal(isBusinessDay('2026-11-27', cal), false);
  assert.equal(isBusinessDay('2026-10-12', cal), true);
  assert.equal(isBusinessDay('2026-12-24', cal), false);
  assert.equal(isBusinessDay('2026-11-11', cal), true);
  assert.equal(isBusinessDay('2026-11-26', cal), false);
  const none = parseReferralConfigOrThrow({ ...raw(), holidays: 'none' });
  assert.equal(isBusinessDay('2026-11-26', holidayCalendarFor(none)), true);
});
