import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { navigationFor, type Role } from '../../src/domain/access.ts';
import {
  acknowledgementOverdue,
  approvalRequired,
  checkMovingMembers,
  decideTransition,
  exitDestinationFor,
  filedOnTime,
  initialState,
  median,
  outcomeOf,
  parseNoApprovalRules,
  priorLivingSituationFor,
  transferKind,
  transferMoveInDate,
} from '../../src/domain/transfers/index.ts';

const CHICAGO = JSON.parse(fs.readFileSync(new URL('../../config/referral-statuses.chicago.json', import.meta.url), 'utf8')).transfers.noApprovalNeeded as string[];
const p = (agencyId: string, programModel: string, projectType: number) => ({ agencyId, programModel, projectType });
const PSH_A = p('a', 'PSH', 3);
const PSH_A2 = p('a', 'PSH', 3);
const RRH_A = p('a', 'RRH', 13);
const SH_A = p('a', 'Safe Haven', 8);
const TH_A = p('a', 'TH', 2);
const PSH_B = p('b', 'PSH', 3);

describe('transfer rules (issue 8)', () => {
  test('kind: internal within the agency, external to another', () => {
    assert.equal(transferKind(PSH_A, PSH_A2), 'internal');
    assert.equal(transferKind(PSH_A, PSH_B), 'external');
  });

  test("the configuration's noApprovalNeeded list is read as data", () => {
    const { rules, unreadable } = parseNoApprovalRules(CHICAGO);
    assert.deepEqual(rules, [{ kind: 'same-model' }, { kind: 'pair', a: 'safe haven', b: 'psh' }]);
    assert.deepEqual(unreadable, []);
    assert.deepEqual(parseNoApprovalRules(['whatever the director says']).unreadable, ['whatever the director says']);
    assert.deepEqual(parseNoApprovalRules(['TH ↔ RRH']).rules, [{ kind: 'pair', a: 'th', b: 'rrh' }]);
  });

  test('approval: none for the same model or Safe Haven ↔ PSH within the agency; needed otherwise', () => {
    assert.equal(approvalRequired(PSH_A, PSH_A2, CHICAGO), false);
    assert.equal(approvalRequired(SH_A, PSH_A, CHICAGO), false);
    assert.equal(approvalRequired(PSH_A, SH_A, CHICAGO), false, 'either direction');
    assert.equal(approvalRequired(RRH_A, PSH_A, CHICAGO), true);
    assert.equal(approvalRequired(TH_A, SH_A, CHICAGO), true);
    assert.equal(approvalRequired(PSH_A, PSH_B, CHICAGO), true, 'another agency always needs approval');
    assert.equal(approvalRequired(PSH_A, PSH_A2, []), true, 'a CoC without exemptions approves every transfer');
    assert.equal(approvalRequired(RRH_A, TH_A, ['TH <-> RRH']), false, 'a CoC may add its own pairs');
    assert.equal(approvalRequired(p('a', 'psh', 3), PSH_A2, CHICAGO), false, 'model names compare case-insensitively');
  });

  test('exit destination: rental with ongoing subsidy, subsidy type after the target (HUD FY2026 codes)', () => {
    const lists = JSON.parse(fs.readFileSync(new URL('../../src/domain/hud/spec/lists-2026.json', import.meta.url), 'utf8'));
    assert.equal(lists.Destination['435'], 'Rental by client, with ongoing housing subsidy');
    assert.equal(lists.RentalSubsidyType['439'], 'Permanent Supportive Housing');
    assert.equal(lists.RentalSubsidyType['431'], 'RRH or equivalent subsidy');
    assert.deepEqual(exitDestinationFor(PSH_A), { destination: 435, destinationSubsidyType: 439 });
    assert.deepEqual(exitDestinationFor(RRH_A), { destination: 435, destinationSubsidyType: 431 });
    assert.deepEqual(exitDestinationFor(p('a', 'Other', 9)), { destination: 435, destinationSubsidyType: 440 });
    assert.deepEqual(exitDestinationFor(SH_A), { destination: 118, destinationSubsidyType: null });
    assert.deepEqual(exitDestinationFor(TH_A), { destination: 302, destinationSubsidyType: null });
    assert.equal(lists.Destination['118'], 'Safe Haven');
  });

  test('prior living situation of the new stay', () => {
    assert.deepEqual(priorLivingSituationFor(PSH_A, true), { livingSituation: 435, rentalSubsidyType: 439 });
    assert.equal(priorLivingSituationFor(RRH_A, false), null, 'not housed yet: the caseworker says');
    assert.deepEqual(priorLivingSituationFor(SH_A, false), { livingSituation: 118, rentalSubsidyType: null });
  });

  test('move-in: PH target, housed before, not moving → the new start; otherwise none', () => {
    const base = { targetProjectType: 3, oldMoveInDate: '2025-01-10', householdMoves: false, entryDate: '2026-11-25' };
    assert.equal(transferMoveInDate(base), '2026-11-25');
    for (const type of [9, 10, 13]) assert.equal(transferMoveInDate({ ...base, targetProjectType: type }), '2026-11-25');
    assert.equal(transferMoveInDate({ ...base, targetProjectType: 8 }), null, 'Safe Haven is not permanent housing');
    assert.equal(transferMoveInDate({ ...base, oldMoveInDate: null }), null, 'not housed before');
    assert.equal(transferMoveInDate({ ...base, householdMoves: true }), null, 'moves: move-in recorded when they move in');
  });

  test('state machine', () => {
    assert.equal(initialState(true), 'awaiting_approval');
    assert.equal(initialState(false), 'awaiting_completion');
    assert.deepEqual(decideTransition('awaiting_approval', 'approve'), { ok: true, to: 'approved' });
    assert.deepEqual(decideTransition('awaiting_approval', 'deny'), { ok: true, to: 'denied' });
    assert.deepEqual(decideTransition('awaiting_completion', 'complete'), { ok: true, to: 'completed' });
    assert.deepEqual(decideTransition('approved', 'complete', { approvalRequired: true }), { ok: true, to: 'completed' });
    assert.deepEqual(decideTransition('completed', 'acknowledge'), { ok: true, to: 'acknowledged' });
    assert.equal(decideTransition('completed', 'acknowledge', { approvalRequired: true }).ok, false, 'an approved transfer has its referral');
    for (const [state, action] of [
      ['denied', 'approve'],
      ['awaiting_approval', 'complete'],
      ['awaiting_completion', 'approve'],
      ['awaiting_completion', 'acknowledge'],
      ['acknowledged', 'acknowledge'],
      ['approved', 'deny'],
    ] as const) {
      const d = decideTransition(state, action);
      assert.equal(d.ok, false, `${action} from ${state}`);
    }
    assert.equal(outcomeOf('awaiting_approval'), 'pending');
    assert.equal(outcomeOf('denied'), 'denied');
  });

  test('deadlines: filed on time, acknowledgement overdue', () => {
    const due = new Date('2026-11-30T23:59:59.999-06:00');
    assert.equal(filedOnTime(new Date('2026-11-30T23:00:00-06:00'), due), true);
    assert.equal(filedOnTime(new Date('2026-12-01T00:00:00-06:00'), due), false);
    const after = new Date('2026-12-01T06:00:00Z');
    assert.equal(acknowledgementOverdue({ state: 'completed', approvalRequired: false, cesReferralDueAt: due }, after), true);
    assert.equal(acknowledgementOverdue({ state: 'acknowledged', approvalRequired: false, cesReferralDueAt: due }, after), false);
    assert.equal(acknowledgementOverdue({ state: 'completed', approvalRequired: false, cesReferralDueAt: due }, new Date('2026-11-30T12:00:00Z')), false);
  });

  test('who moves: household members still enrolled, the head among them, nobody left without a head', () => {
    const open = [
      { clientId: 'h', relationshipToHoH: 1 },
      { clientId: 'c', relationshipToHoH: 2 },
    ];
    assert.deepEqual(checkMovingMembers(open, ['h', 'c']), []);
    assert.equal(checkMovingMembers(open, [])[0]!.pointer, '/memberClientIds');
    assert.equal(checkMovingMembers(open, ['h', 'c', 'x'])[0]!.pointer, '/memberClientIds/2');
    assert.match(checkMovingMembers(open, ['c'])[0]!.message, /head of household moves/);
    assert.match(checkMovingMembers(open, ['h'])[0]!.message, /left without a head/);
    assert.deepEqual(checkMovingMembers([{ clientId: 'h', relationshipToHoH: 1 }], ['h']), []);
  });

  test('median', () => {
    assert.equal(median([]), null);
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 2, 3]), 2.5);
  });

  test('navigation: the queue and log for the matching team and administrators; providers their transfers', () => {
    const nav = (role: Role, projectIds: string[] = []) => navigationFor({ userId: 'u', username: 'u', memberships: [{ agencyId: 'a', role, projectIds }] });
    for (const role of ['ces_matcher', 'hmis_admin'] as const) {
      assert.ok(nav(role).includes('transfers') && nav(role).includes('transfers.log'), role);
    }
    assert.ok(nav('case_manager', ['p']).includes('transfers'));
    assert.equal(nav('case_manager', ['p']).includes('transfers.log'), false);
    assert.equal(nav('housing_resource_specialist', ['ce']).includes('transfers'), false);
  });
});
