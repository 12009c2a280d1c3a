/**
 * A CoC renames, adds and retires statuses and changes the standards as data: the same code keeps working.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEFAULT_REFERRAL_CONFIG_URL, parseReferralConfig, parseReferralConfigOrThrow, statusLabel } from '../../src/domain/referrals/config.ts';
import { decideStatusChange, hudReferralResult, rematchFor, statusesSettableBy } from '../../src/domain/referrals/transitions.ts';
import { evaluateTimeliness, missedSteps } from '../../src/domain/timeliness/deadlines.ts';

function modified() {
  const doc = JSON.parse(readFileSync(DEFAULT_REFERRAL_CONFIG_URL, 'utf8'));
  // Rename.
  doc.statuses.find((s: any) => s.code === 'attempting_contact').label = 'CES: Reaching Out to Client';
  // Add: an open status the provider sets, and a terminal one with a rematch and a HUD result.
  doc.statuses.push(
    { code: 'on_hold', label: 'CES: On Hold: Awaiting Documents', setBy: ['provider'], terminal: false, requiresNote: true },
    { code: 'rematch_unit_unavailable', label: 'CES: Rematch Needed: Unit Unavailable', setBy: ['provider', 'ces_team'], terminal: true, rematch: { newReferrals: 1 }, hudReferralResult: 3 },
  );
  // The new open status keeps the enrollment step running and meets the engagement step.
  doc.timeliness[1].mustReach.push('on_hold', 'rematch_unit_unavailable');
  doc.timeliness[2].while.push('on_hold');
  doc.timeliness[2].mustReach.push('rematch_unit_unavailable');
  // Retire.
  doc.statuses.find((s: any) => s.code === 'rematch_client_declined').retired = true;
  return doc;
}

test('a renamed, added and retired status set validates', () => {
  const r = parseReferralConfig(modified());
  assert.equal(r.ok, true, r.ok ? '' : JSON.stringify(r.problems));
});

test('renamed labels show as written; codes and rules are unchanged', () => {
  const config = parseReferralConfigOrThrow(modified());
  assert.equal(statusLabel(config, 'attempting_contact'), 'CES: Reaching Out to Client');
  assert.equal(decideStatusChange({ config, from: 'matched', to: 'attempting_contact', actorKinds: ['provider'], referralDate: '2026-11-25', now: new Date('2026-11-25T12:00:00-06:00') }).ok, true);
});

test('added statuses can be set by their setters, with their note, rematch and HUD result', () => {
  const config = parseReferralConfigOrThrow(modified());
  const base = { config, referralDate: '2026-11-25', now: new Date('2026-11-30T12:00:00-06:00') } as const;
  const noNote = decideStatusChange({ ...base, from: 'attempting_contact', to: 'on_hold', actorKinds: ['provider'] });
  assert.equal(noNote.ok ? '' : noNote.rule, 'note-required');
  assert.equal(decideStatusChange({ ...base, from: 'attempting_contact', to: 'on_hold', actorKinds: ['provider'], note: 'Waiting for ID' }).ok, true);
  const ces = decideStatusChange({ ...base, from: 'on_hold', to: 'on_hold', actorKinds: ['ces_team'] });
  assert.equal(ces.ok ? '' : ces.rule, 'no-change');
  assert.equal(decideStatusChange({ ...base, from: 'on_hold', to: 'rematch_unit_unavailable', actorKinds: ['ces_team'] }).ok, true);
  assert.deepEqual(rematchFor(config, 'rematch_unit_unavailable'), { newReferrals: 1 });
  assert.equal(hudReferralResult(config, 'rematch_unit_unavailable'), 3);
  assert.ok(statusesSettableBy(config, ['provider'], 'engaged').some((s) => s.code === 'on_hold'));
});

test('a retired status cannot be newly set, but a referral already in it reads and moves on', () => {
  const config = parseReferralConfigOrThrow(modified());
  const base = { config, referralDate: '2026-11-25', now: new Date('2026-11-30T12:00:00-06:00') } as const;
  const r = decideStatusChange({ ...base, from: 'engaged', to: 'rematch_client_declined', actorKinds: ['provider'] });
  assert.equal(r.ok, false);
  assert.equal(r.ok ? 0 : r.status, 422);
  assert.equal(r.ok ? '' : r.rule, 'status-retired');
  assert.equal(statusesSettableBy(config, ['provider'], 'engaged').some((s) => s.code === 'rematch_client_declined'), false);
  assert.equal(statusesSettableBy(config, ['hmis_admin'], 'cancelled').some((s) => s.code === 'rematch_client_declined'), false);
  assert.equal(statusLabel(config, 'rematch_client_declined'), 'CES: Rematch Needed: Client Declined');
  assert.equal(hudReferralResult(config, 'rematch_client_declined'), 2, 'ended referrals keep their HUD result');
});

test('the timeliness engine follows the added status', () => {
  const config = parseReferralConfigOrThrow(modified());
  const referral = {
    referralDate: '2026-11-25',
    status: 'on_hold',
    history: [
      { to: 'matched', at: new Date('2026-11-25T10:00:00-06:00') },
      { to: 'attempting_contact', at: new Date('2026-11-26T10:00:00-06:00') },
      { to: 'on_hold', at: new Date('2026-12-01T10:00:00-06:00') },
    ],
  };
  const states = evaluateTimeliness({ config }, referral, new Date('2026-12-30T10:00:00-06:00')).map((s) => [s.step, s.state]);
  assert.deepEqual(states, [
    ['first response', 'met'],
    ['engagement', 'met'],
    ['enrollment', 'overdue'],
  ]);
  assert.deepEqual(missedSteps({ config }, referral, new Date('2026-12-30T10:00:00-06:00')).map((m) => m.step), ['enrollment']);
});

test('an unknown current status (removed from the configuration) is treated as open', () => {
  const doc = modified();
  const config = parseReferralConfigOrThrow(doc);
  const r = decideStatusChange({ config, from: 'legacy_status', to: 'engaged', actorKinds: ['provider'], referralDate: '2026-11-25', now: new Date('2026-11-30T12:00:00-06:00') });
  assert.equal(r.ok, true);
});
