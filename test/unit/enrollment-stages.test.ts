import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  annualStatus,
  annualWindow,
  annualWindowsContaining,
  annualWindowsDue,
  followUpSchedule,
  followUpsRequired,
  missedAnnualWindows,
  validateStagedRecord,
  type StagedRecord,
} from '../../src/domain/enrollment/stages.ts';
import { addYears, ageOn } from '../../src/domain/enrollment/common.ts';

const stay = { entryDate: '2026-01-10', exitDate: null };

test('anniversaries of 29 February fall on 28 February in common years', () => {
  assert.equal(addYears('2024-02-29', 1), '2025-02-28');
  assert.equal(addYears('2024-02-29', 4), '2028-02-29');
  assert.equal(addYears('2023-03-01', 1), '2024-03-01');
  assert.equal(ageOn('2008-02-29', '2026-02-27'), 17);
  assert.equal(ageOn('2008-02-29', '2026-02-28'), 18);
});

test('the annual window is 30 days either side of the anniversary, across a leap year', () => {
  assert.deepEqual(annualWindow('2024-02-29', 1), { year: 1, anniversary: '2025-02-28', opens: '2025-01-29', closes: '2025-03-30' });
  assert.deepEqual(annualWindow('2024-02-29', 4), { year: 4, anniversary: '2028-02-29', opens: '2028-01-30', closes: '2028-03-30' });
  // Start 2023-03-15: the 2024 window spans 29 February 2024.
  assert.deepEqual(annualWindow('2023-03-15', 1), { year: 1, anniversary: '2024-03-15', opens: '2024-02-14', closes: '2024-04-14' });
  assert.deepEqual(annualWindowsContaining('2023-03-15', '2024-02-29').map((w) => w.year), [1]);
  assert.deepEqual(annualWindowsContaining('2023-03-15', '2024-02-13'), []);
  assert.deepEqual(annualWindowsContaining('2023-03-15', '2024-04-15'), []);
  assert.deepEqual(annualWindowsContaining('2024-02-29', '2025-03-30').map((w) => w.anniversary), ['2025-02-28']);
  assert.deepEqual(annualWindowsContaining('2024-02-29', '2025-03-31'), []);
  assert.deepEqual(annualWindowsContaining('2023-03-15', '2025-03-01').map((w) => w.year), [2]);
  // Not before the first anniversary.
  assert.deepEqual(annualWindowsContaining('2026-01-10', '2026-01-10'), []);
});

test('annual status: not yet due, open, completed, overdue', () => {
  const s = { entryDate: '2024-02-29', exitDate: null };
  assert.deepEqual(annualStatus(s, [], '2025-01-28'), { status: 'not_yet_due', next: annualWindow('2024-02-29', 1) });
  assert.deepEqual(annualStatus(s, [], '2025-01-29'), { status: 'open', window: annualWindow('2024-02-29', 1) });
  assert.deepEqual(annualStatus(s, [], '2025-03-30'), { status: 'open', window: annualWindow('2024-02-29', 1) });
  assert.deepEqual(annualStatus(s, [], '2025-03-31'), { status: 'overdue', window: annualWindow('2024-02-29', 1) });
  const done = [{ stage: 5, informationDate: '2025-03-02' }];
  assert.deepEqual(annualStatus(s, done, '2025-06-01'), {
    status: 'completed',
    window: annualWindow('2024-02-29', 1),
    informationDate: '2025-03-02',
    next: annualWindow('2024-02-29', 2),
  });
  // An update (stage 2) inside the window does not count as the annual.
  assert.equal(annualStatus(s, [{ stage: 2, informationDate: '2025-03-02' }], '2025-06-01').status, 'overdue');
  // Second year: the first year's annual does not cover it.
  assert.equal(annualStatus(s, done, '2026-04-01').status, 'overdue');
  assert.deepEqual(missedAnnualWindows(s, done, '2026-04-01').map((w) => w.anniversary), ['2026-02-28']);
});

test("members follow the head's anniversary; those who joined after it or left before it owe nothing for it", () => {
  const child = { entryDate: '2025-12-01', headEntryDate: '2025-01-10', exitDate: null };
  assert.deepEqual(annualWindowsDue(child, '2026-02-01').map((w) => w.anniversary), ['2026-01-10']);
  assert.equal(annualStatus(child, [], '2026-01-15').status, 'open');
  const lateJoiner = { entryDate: '2026-01-12', headEntryDate: '2025-01-10', exitDate: null };
  assert.deepEqual(annualStatus(lateJoiner, [], '2026-01-20'), { status: 'not_yet_due', next: annualWindow('2025-01-10', 2) });
  const leftEarly = { entryDate: '2025-01-10', exitDate: '2026-01-05' };
  assert.deepEqual(annualStatus(leftEarly, [], '2026-03-01'), { status: 'not_yet_due', next: null });
});

test('staged records: one project start and one exit per element, dated the start/exit date', () => {
  const existing: StagedRecord[] = [{ element: '4.02', stage: 1, informationDate: '2026-01-10' }];
  assert.deepEqual(validateStagedRecord(stay, [], { element: '4.02', stage: 1, informationDate: '2026-01-10' }), []);
  assert.equal(validateStagedRecord(stay, existing, { element: '4.02', stage: 1, informationDate: '2026-01-10' })[0]!.rule, 'stage.one-project-start');
  // Another element may have its own project start record.
  assert.deepEqual(validateStagedRecord(stay, existing, { element: '4.11', stage: 1, informationDate: '2026-01-10' }), []);
  assert.equal(validateStagedRecord(stay, [], { element: '4.04', stage: 1, informationDate: '2026-01-11' })[0]!.rule, 'stage.project-start-date');

  assert.equal(validateStagedRecord(stay, [], { element: '4.02', stage: 3, informationDate: '2026-05-01' })[0]!.rule, 'stage.exit-needs-exit');
  const exited = { entryDate: '2026-01-10', exitDate: '2026-05-01' };
  assert.deepEqual(validateStagedRecord(exited, [], { element: '4.05', stage: 3, informationDate: '2026-05-01' }), []);
  assert.equal(validateStagedRecord(exited, [], { element: '4.05', stage: 3, informationDate: '2026-04-30' })[0]!.rule, 'stage.exit-date');
  assert.equal(
    validateStagedRecord(exited, [{ element: '4.05', stage: 3, informationDate: '2026-05-01' }], { element: '4.05', stage: 3, informationDate: '2026-05-01' })[0]!.rule,
    'stage.one-exit',
  );
});

test('staged records: updates within the stay, annuals in the window, post-exit after the exit', () => {
  const exited = { entryDate: '2025-01-10', exitDate: '2026-05-01' };
  assert.deepEqual(validateStagedRecord(exited, [], { element: '4.03', stage: 2, informationDate: '2025-06-01' }), []);
  assert.equal(validateStagedRecord(exited, [], { element: '4.03', stage: 2, informationDate: '2026-05-02' })[0]!.rule, 'stage.update-date');
  assert.equal(validateStagedRecord(exited, [], { element: '4.03', stage: 2, informationDate: '2025-01-09' })[0]!.rule, 'stage.update-date');
  assert.deepEqual(validateStagedRecord(exited, [], { element: '4.02', stage: 5, informationDate: '2025-12-12' }), []);
  assert.equal(validateStagedRecord(exited, [], { element: '4.02', stage: 5, informationDate: '2025-12-10' })[0]!.rule, 'stage.annual-window');
  assert.equal(
    validateStagedRecord(exited, [{ element: '4.02', stage: 5, informationDate: '2026-01-01' }], { element: '4.02', stage: 5, informationDate: '2026-01-20' })[0]!.rule,
    'stage.one-annual',
  );
  assert.deepEqual(validateStagedRecord(exited, [], { element: '4.02', stage: 6, informationDate: '2026-06-01' }), []);
  assert.equal(validateStagedRecord(exited, [], { element: '4.02', stage: 6, informationDate: '2026-05-01' })[0]!.rule, 'stage.post-exit-date');
  assert.equal(validateStagedRecord(exited, [], { element: '4.02', stage: 4 as never, informationDate: '2026-05-01' })[0]!.rule, 'stage.invalid');
  assert.equal(validateStagedRecord(stay, [], { element: '4.02', stage: 2, informationDate: '2026-03-01' }, '2026-02-01')[0]!.rule, 'stage.information-date');
});

test('post-exit follow-ups at 30 days, 60 days and one year', () => {
  const schedule = followUpSchedule('2025-02-28', [{ informationDate: '2025-03-29' }], '2025-05-15');
  assert.deepEqual(
    schedule.map((f) => [f.key, f.dueDate, f.status]),
    [
      ['30-day', '2025-03-30', 'done'],
      ['60-day', '2025-04-29', 'overdue'],
      ['1-year', '2026-02-28', 'upcoming'],
    ],
  );
  assert.equal(followUpSchedule('2024-02-29', [], '2025-02-20')[2]!.dueDate, '2025-02-28');
  assert.equal(followUpSchedule('2024-02-29', [], '2025-02-20')[2]!.status, 'due');
  assert.equal(followUpsRequired({ isEsgRrh: true }), true);
  assert.equal(followUpsRequired({ requiresFollowUps: true }), true);
  assert.equal(followUpsRequired({}), false);
});
