import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkEditableAfterExit, membersStillEnrolled, validateExit, type ExitInput } from '../../src/domain/enrollment/exit.ts';

const ok: ExitInput = { entryDate: '2026-01-10', moveInDate: '2026-02-01', exitDate: '2026-06-30', destination: 410, today: '2026-07-01' };
const rules = (input: Partial<ExitInput>) => validateExit({ ...ok, ...input }).map((p) => [p.rule, p.pointer]);

test('an exit after the start and the move-in to a HUD destination is accepted', () => {
  assert.deepEqual(validateExit(ok), []);
  assert.deepEqual(rules({ exitDate: '2026-02-01' }), []); // same day as move-in
  assert.deepEqual(rules({ exitDate: '2026-01-10', moveInDate: null }), []); // same day as start
});

test('exit date rules', () => {
  assert.deepEqual(rules({ exitDate: '2026-01-09', moveInDate: null }), [['exit.before-start', '/exitDate']]);
  assert.deepEqual(rules({ exitDate: '2026-01-31' }), [['exit.before-move-in', '/exitDate']]);
  assert.deepEqual(rules({ exitDate: '2026-07-02' }), [['exit.future', '/exitDate']]);
  assert.deepEqual(rules({ exitDate: 'June' }), [['exit.invalid-date', '/exitDate']]);
  assert.deepEqual(rules({ currentExitDate: '2026-05-01' }), [['exit.already-exited', '/exitDate']]);
});

test('destination from the HUD list; the subsidy type only and always for 435', () => {
  assert.deepEqual(rules({ destination: null }), [['exit.destination-required', '/destination']]);
  assert.deepEqual(rules({ destination: 336 }), [['exit.destination-invalid', '/destination']]); // enrollment-only code
  assert.deepEqual(rules({ destination: 435 }), [['exit.subsidy-required', '/destinationSubsidyType']]);
  assert.deepEqual(rules({ destination: 435, destinationSubsidyType: 431 }), []);
  assert.deepEqual(rules({ destination: 435, destinationSubsidyType: 999 }), [['exit.subsidy-invalid', '/destinationSubsidyType']]);
  assert.deepEqual(rules({ destination: 410, destinationSubsidyType: 431 }), [['exit.subsidy-not-allowed', '/destinationSubsidyType']]);
  assert.deepEqual(rules({ destination: 17 }), [['exit.other-destination-required', '/otherDestination']]);
  assert.deepEqual(rules({ destination: 17, otherDestination: 'Cruise ship job' }), []);
});

test('exiting the head lists the members still enrolled', () => {
  const members = [
    { clientId: 'head', exitDate: null },
    { clientId: 'kid', exitDate: null },
    { clientId: 'left', exitDate: '2026-03-01' },
  ];
  assert.deepEqual(membersStillEnrolled(members, 'head').map((m) => m.clientId), ['kid']);
});

test('exited enrollments are read-only except follow-ups and administrator amendments', () => {
  const exited = { exitDate: '2026-06-30' };
  const worker = { isAdministrator: false };
  const admin = { isAdministrator: true };
  for (const change of ['edit', 'assessment', 'service', 'move-in'] as const) {
    assert.equal(checkEditableAfterExit(exited, change, worker)?.rule, 'exit.read-only');
    assert.equal(checkEditableAfterExit(exited, change, admin)?.rule, 'exit.read-only');
  }
  assert.equal(checkEditableAfterExit(exited, 'post-exit-follow-up', worker), null);
  assert.equal(checkEditableAfterExit(exited, 'amendment', admin), null);
  assert.equal(checkEditableAfterExit(exited, 'amendment', worker)?.rule, 'exit.read-only');
  assert.equal(checkEditableAfterExit({ exitDate: null }, 'edit', worker), null);
  assert.equal(checkEditableAfterExit({ exitDate: null }, 'post-exit-follow-up', worker)?.rule, 'exit.follow-up-before-exit');
});
