import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDefaultReferralConfig } from '../../src/domain/referrals/config.ts';
import {
  ceEventCodeForProjectType,
  checkGuard,
  decideEnrollmentStatus,
  decideStatusChange,
  hudReferralResult,
  rematchFor,
  statusesSettableBy,
  type ActorKind,
  type ContactAttemptFact,
  type StatusChangeInput,
} from '../../src/domain/referrals/transitions.ts';

const config = loadDefaultReferralConfig();
const CHI = 'America/Chicago';

const change = (over: Partial<StatusChangeInput> & Pick<StatusChangeInput, 'from' | 'to' | 'actorKinds'>) =>
  decideStatusChange({ config, referralDate: '2026-11-01', now: new Date('2026-11-25T12:00:00-06:00'), ...over });

function refused(r: ReturnType<typeof decideStatusChange>, status: number, rule: string, message?: RegExp) {
  assert.equal(r.ok, false, `expected ${rule}`);
  if (r.ok) return;
  assert.equal(r.status, status);
  assert.equal(r.rule, rule);
  if (message) assert.match(r.message, message);
}

const attempts = (...specs: Array<[string, string]>): ContactAttemptFact[] => specs.map(([at, outcome]) => ({ at: new Date(at), outcome }));
const THREE_SPREAD = attempts(['2026-11-02T10:00:00-06:00', 'no_answer'], ['2026-11-03T10:00:00-06:00', 'left_message'], ['2026-11-04T10:00:00-06:00', 'wrong_number']);

test('setBy decides: the provider moves a new referral on', () => {
  for (const to of ['attempting_contact', 'engaged', 'rematch_client_declined', 'closed_opening_filled']) {
    assert.deepEqual(change({ from: 'matched', to, actorKinds: ['provider'] }), { ok: true, correction: false }, to);
  }
  assert.deepEqual(change({ from: 'attempting_contact', to: 'engaged', actorKinds: ['provider'] }), { ok: true, correction: false });
  assert.deepEqual(change({ from: 'engaged', to: 'attempting_contact', actorKinds: ['provider'] }), { ok: true, correction: false }, 'any open status to another');
});

test('403 not-allowed-to-set: statuses someone else sets', () => {
  const cases: Array<[ActorKind[], string, string]> = [
    [['provider'], 'matched', 'cancelled'],
    [['provider'], 'matched', 'rematch_provider_no_response'],
    [['ces_team'], 'matched', 'attempting_contact'],
    [['ces_team'], 'engaged', 'rematch_client_declined'],
    [['system'], 'matched', 'attempting_contact'],
    [['hmis_admin'], 'matched', 'attempting_contact'], // an administrator corrects terminal statuses only
    [[], 'matched', 'attempting_contact'],
  ];
  for (const [actorKinds, from, to] of cases) {
    const r = change({ from, to, actorKinds, note: 'n' });
    refused(r, 403, 'not-allowed-to-set');
    assert.equal(r.ok ? '' : r.pointer, '/status');
  }
  refused(change({ from: 'matched', to: 'cancelled', actorKinds: ['provider'] }), 403, 'not-allowed-to-set', /Only the CES matching team may set "CES: CES Team Only: Referral Cancelled"/);
});

test('the matching team and the system set their statuses', () => {
  assert.equal(change({ from: 'matched', to: 'cancelled', actorKinds: ['ces_team'], note: 'duplicate' }).ok, true);
  assert.equal(change({ from: 'matched', to: 'rematch_provider_no_response', actorKinds: ['system'] }).ok, true);
  assert.equal(change({ from: 'engaged', to: 'rematch_provider_no_response', actorKinds: ['ces_team'] }).ok, true);
  assert.equal(change({ from: 'engaged', to: 'closed_opening_filled', actorKinds: ['system'] }).ok, true);
  assert.equal(change({ from: 'matched', to: 'engaged', actorKinds: ['ces_team', 'provider'] }).ok, true, 'several roles: any one suffices');
});

test('422 no-return-to-initial: nothing goes back to matched', () => {
  refused(change({ from: 'attempting_contact', to: 'matched', actorKinds: ['ces_team'] }), 422, 'no-return-to-initial', /cannot go back to "CES: Matched: Awaiting response by Housing Provider"/);
  refused(change({ from: 'cancelled', to: 'matched', actorKinds: ['hmis_admin'], note: 'oops' }), 422, 'no-return-to-initial');
});

test('422 enrolled-only-through-enrollment: nobody sets enrolled through a status change', () => {
  for (const actorKinds of [['provider'], ['ces_team'], ['system'], ['hmis_admin'], ['provider', 'hmis_admin']] as ActorKind[][]) {
    refused(change({ from: 'engaged', to: 'enrolled', actorKinds, note: 'x' }), 422, 'enrolled-only-through-enrollment');
  }
  refused(change({ from: 'cancelled', to: 'enrolled', actorKinds: ['hmis_admin'], note: 'x' }), 422, 'enrolled-only-through-enrollment');
});

test('422 terminal-status-final, except an HMIS administrator correcting with a note', () => {
  refused(change({ from: 'rematch_client_declined', to: 'engaged', actorKinds: ['provider'] }), 422, 'terminal-status-final', /ended with "CES: Rematch Needed: Client Declined"/);
  refused(change({ from: 'enrolled', to: 'engaged', actorKinds: ['ces_team'] }), 422, 'terminal-status-final');
  refused(change({ from: 'cancelled', to: 'closed_opening_filled', actorKinds: ['system'] }), 422, 'terminal-status-final');
  const noNote = change({ from: 'rematch_client_declined', to: 'engaged', actorKinds: ['hmis_admin'] });
  refused(noNote, 422, 'correction-note-required');
  assert.equal(noNote.ok ? '' : noNote.pointer, '/note');
  refused(change({ from: 'rematch_client_declined', to: 'engaged', actorKinds: ['hmis_admin'], note: '   ' }), 422, 'correction-note-required');
  assert.deepEqual(change({ from: 'rematch_client_declined', to: 'engaged', actorKinds: ['hmis_admin'], note: 'Set by mistake; client is engaged.' }), { ok: true, correction: true });
  // A correction may set a status only the matching team sets, and from one terminal status to another.
  assert.deepEqual(change({ from: 'rematch_client_declined', to: 'cancelled', actorKinds: ['hmis_admin'], note: 'wrong status' }), { ok: true, correction: true });
  // Guards still hold for a correction.
  refused(change({ from: 'cancelled', to: 'rematch_unable_to_contact', actorKinds: ['hmis_admin'], note: 'fix', contactAttempts: [] }), 422, 'unable-to-contact-guard');
});

test('422 note-required: statuses that need a note', () => {
  const r = change({ from: 'engaged', to: 'rematch_client_ineligible', actorKinds: ['provider'] });
  refused(r, 422, 'note-required', /"CES: Rematch Needed: Client Ineligible" needs a note/);
  assert.equal(r.ok ? '' : r.pointer, '/note');
  refused(change({ from: 'engaged', to: 'rematch_client_ineligible', actorKinds: ['provider'], note: ' \n ' }), 422, 'note-required');
  refused(change({ from: 'matched', to: 'cancelled', actorKinds: ['ces_team'], note: null }), 422, 'note-required');
  assert.equal(change({ from: 'engaged', to: 'rematch_client_ineligible', actorKinds: ['provider'], note: 'Income above limit' }).ok, true);
});

test('422 unknown-status, no-change', () => {
  refused(change({ from: 'matched', to: 'housed', actorKinds: ['provider'] }), 422, 'unknown-status');
  refused(change({ from: 'engaged', to: 'engaged', actorKinds: ['provider'] }), 422, 'no-change');
});

test('the order of the rules: the permission comes before the note and the guard', () => {
  refused(change({ from: 'matched', to: 'cancelled', actorKinds: ['provider'] }), 403, 'not-allowed-to-set');
  refused(change({ from: 'matched', to: 'rematch_unable_to_contact', actorKinds: ['ces_team'] }), 403, 'not-allowed-to-set');
});

test('unable-to-contact guard: 10 calendar days, 3 attempts not reaching the client, 2 days between the first and the last', () => {
  const to = 'rematch_unable_to_contact';
  const ok = (now: string, a: ContactAttemptFact[]) => change({ from: 'attempting_contact', to, actorKinds: ['provider'], now: new Date(now), contactAttempts: a });
  // Exactly on the boundaries: day 10 (2026-11-11 local), 3 attempts, 2 days apart.
  assert.deepEqual(ok('2026-11-11T00:00:00-06:00', THREE_SPREAD), { ok: true, correction: false });
  // Day 9 still (the calendar date in Chicago, not UTC: 05:00Z on the 11th is 23:00 on the 10th).
  refused(ok('2026-11-11T05:00:00Z', THREE_SPREAD), 422, 'unable-to-contact-guard', /At least 10 calendar days must pass after the referral date; 9 days have passed\./);
  refused(ok('2026-11-10T23:59:59.999-06:00', THREE_SPREAD), 422, 'unable-to-contact-guard');
  // An attempt that reached the client does not count.
  const twoPlusReached = attempts(['2026-11-02T10:00:00-06:00', 'no_answer'], ['2026-11-03T10:00:00-06:00', 'reached'], ['2026-11-04T10:00:00-06:00', 'no_answer']);
  refused(ok('2026-11-20T10:00:00-06:00', twoPlusReached), 422, 'unable-to-contact-guard', /At least 3 contact attempts that did not reach the client must be logged; 2 are\./);
  // Three attempts within a day of each other.
  const tooClose = attempts(['2026-11-02T08:00:00-06:00', 'no_answer'], ['2026-11-02T18:00:00-06:00', 'no_answer'], ['2026-11-03T23:00:00-06:00', 'other']);
  refused(ok('2026-11-20T10:00:00-06:00', tooClose), 422, 'unable-to-contact-guard', /at least 2 days apart; they are 1 day apart\./);
  // Attempt days are the CoC's dates: 2026-11-05T04:00Z is still the 4th in Chicago.
  const utcEdge = attempts(['2026-11-02T10:00:00-06:00', 'no_answer'], ['2026-11-03T10:00:00-06:00', 'no_answer'], ['2026-11-04T05:59:00Z', 'no_answer']);
  refused(ok('2026-11-20T10:00:00-06:00', utcEdge), 422, 'unable-to-contact-guard', /they are 1 day apart/);
  // Attempts logged for the future are not counted.
  const future = [...THREE_SPREAD.slice(0, 2), { at: new Date('2026-12-01T10:00:00-06:00'), outcome: 'no_answer' }];
  refused(ok('2026-11-20T10:00:00-06:00', future), 422, 'unable-to-contact-guard', /2 are/);
  // Every unmet condition is explained.
  const all = ok('2026-11-05T10:00:00-06:00', []);
  refused(all, 422, 'unable-to-contact-guard');
  assert.equal(all.ok ? '' : all.message, '"CES: Rematch Needed: Unable to Contact Client" is not allowed yet. At least 10 calendar days must pass after the referral date; 4 days have passed. At least 3 contact attempts that did not reach the client must be logged; 0 are. The first and the last of those attempts must be at least 2 days apart; they are 0 days apart.');
  // Without attempts passed at all, the guard fails too.
  refused(change({ from: 'attempting_contact', to, actorKinds: ['provider'], now: new Date('2026-11-20T10:00:00-06:00') }), 422, 'unable-to-contact-guard');
});

test('checkGuard reports its counts', () => {
  const guard = config.statuses.find((s) => s.code === 'rematch_unable_to_contact')!.guard!;
  const r = checkGuard(guard, { referralDate: '2026-11-01', contactAttempts: THREE_SPREAD, now: new Date('2026-11-12T09:00:00-06:00'), timeZone: CHI });
  assert.deepEqual(r, { ok: true, unmet: [], daysSinceReferral: 11, countedAttempts: 3, daysBetweenFirstAndLast: 2 });
});

test('enrolled is set only through the enrollment path, which needs the enrollment', () => {
  assert.deepEqual(decideEnrollmentStatus({ config, from: 'engaged', hasEnrollment: true }), { ok: true, correction: false });
  assert.deepEqual(decideEnrollmentStatus({ config, from: 'matched', hasEnrollment: true }), { ok: true, correction: false });
  const r = decideEnrollmentStatus({ config, from: 'engaged', hasEnrollment: false });
  assert.equal(r.ok, false);
  assert.equal(r.ok ? 0 : r.status, 422);
  assert.equal(r.ok ? '' : r.rule, 'enrollment-required');
  const ended = decideEnrollmentStatus({ config, from: 'cancelled', hasEnrollment: true });
  assert.equal(ended.ok ? '' : ended.rule, 'terminal-status-final');
  const again = decideEnrollmentStatus({ config, from: 'enrolled', hasEnrollment: true });
  assert.equal(again.ok ? '' : again.rule, 'no-change');
});

test('statusesSettableBy: the status form offers only what this user may set now', () => {
  const codes = (...args: Parameters<typeof statusesSettableBy>) => statusesSettableBy(...args).map((s) => s.code);
  assert.deepEqual(codes(config, ['provider'], 'matched'), [
    'attempting_contact',
    'engaged',
    'rematch_client_declined',
    'rematch_client_ineligible',
    'rematch_unable_to_contact',
    'closed_opening_filled',
  ]);
  assert.deepEqual(codes(config, ['provider'], 'attempting_contact'), [
    'engaged',
    'rematch_client_declined',
    'rematch_client_ineligible',
    'rematch_unable_to_contact',
    'closed_opening_filled',
  ]);
  // With the guard facts, a status whose guard is not met is left out.
  assert.deepEqual(
    codes(config, ['provider'], 'attempting_contact', { referralDate: '2026-11-01', contactAttempts: [], now: new Date('2026-11-03T12:00:00-06:00') }),
    ['engaged', 'rematch_client_declined', 'rematch_client_ineligible', 'closed_opening_filled'],
  );
  assert.ok(
    codes(config, ['provider'], 'attempting_contact', { referralDate: '2026-11-01', contactAttempts: THREE_SPREAD, now: new Date('2026-11-12T12:00:00-06:00') }).includes('rematch_unable_to_contact'),
  );
  assert.deepEqual(codes(config, ['ces_team'], 'matched'), ['closed_opening_filled', 'rematch_provider_no_response', 'cancelled']);
  assert.deepEqual(codes(config, ['provider'], 'cancelled'), []);
  assert.deepEqual(codes(config, ['hmis_admin'], 'engaged'), []);
  assert.deepEqual(codes(config, ['hmis_admin'], 'cancelled'), [
    'attempting_contact',
    'engaged',
    'rematch_client_declined',
    'rematch_client_ineligible',
    'rematch_unable_to_contact',
    'closed_opening_filled',
    'rematch_provider_no_response',
  ]);
  for (const from of ['matched', 'engaged', 'cancelled']) {
    for (const kinds of [['provider'], ['ces_team'], ['system'], ['hmis_admin']] as ActorKind[][]) {
      assert.equal(codes(config, kinds, from).includes('enrolled'), false);
      assert.equal(codes(config, kinds, from).includes('matched'), false);
    }
  }
});

test('rematch rules and HUD 4.20 referral results come from the configuration', () => {
  assert.deepEqual(rematchFor(config, 'rematch_client_declined'), { newReferrals: 2 });
  assert.deepEqual(rematchFor(config, 'rematch_provider_no_response'), { newReferrals: 1 });
  assert.equal(rematchFor(config, 'enrolled'), null);
  assert.equal(rematchFor(config, 'unknown'), null);
  const results: Record<string, 1 | 2 | 3 | null> = {
    matched: null,
    attempting_contact: null,
    engaged: null,
    enrolled: 1,
    rematch_client_declined: 2,
    rematch_client_ineligible: 3,
    rematch_unable_to_contact: 2,
    closed_opening_filled: 3,
    rematch_provider_no_response: 3,
    cancelled: null,
    unknown: null,
  };
  for (const [code, result] of Object.entries(results)) assert.equal(hudReferralResult(config, code), result, code);
});

test('HUD 4.20.2 event code from the receiving project type', () => {
  const table: Array<[number | null, number | null, string]> = [
    [13, 13, 'PH – Rapid Re-Housing → Referral to RRH project resource opening'],
    [3, 14, 'PH – Permanent Supportive Housing → Referral to PSH project resource opening'],
    [9, 15, 'PH – Housing Only → Referral to Other PH'],
    [10, 15, 'PH – Housing with Services → Referral to Other PH'],
    [2, 11, 'Transitional Housing → Referral to TH bed/unit opening'],
    [0, 10, 'ES entry/exit → Referral to Emergency Shelter bed opening'],
    [1, 10, 'ES night-by-night → Referral to Emergency Shelter bed opening'],
    [8, 10, 'Safe Haven → Referral to Emergency Shelter bed opening'],
    [4, 6, 'Street Outreach → Referral to Street Outreach project or services'],
    [6, 7, 'Services Only → Referral to Housing Navigation project or services'],
    [7, 7, 'Other → Referral to Housing Navigation project or services'],
    [11, 7, 'Day Shelter → Referral to Housing Navigation project or services'],
    [12, 1, 'Homelessness Prevention → Referral to Prevention Assistance project'],
    [14, null, 'Coordinated Entry is not a referral destination'],
    [99, null, 'unknown'],
    [null, null, 'no project type'],
  ];
  for (const [type, event, why] of table) assert.equal(ceEventCodeForProjectType(type), event, why);
});
