import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annualDue, caseloadNextDue } from '../../src/domain/enrollment/caseload.ts';
import { compareKeys, decodeSortCursor, encodeSortCursor, pageSorted, parseSort } from '../../src/domain/cursors.ts';

const base = { entryDate: '2025-12-01', exitDate: null, esgRrh: false, annualDates: [], reevaluationDates: [], projectStartRecorded: true };

test('next due: a missing project start comes first, then the open annual window, then the next window', () => {
  assert.deepEqual(caseloadNextDue({ ...base, projectStartRecorded: false }, '2026-01-10'), { kind: 'missing_data', label: 'Project start assessment missing', dueDate: '2025-12-01', overdue: true, upcoming: false });
  const open = caseloadNextDue(base, '2026-11-20');
  assert.equal(open?.kind, 'annual');
  assert.equal(open?.dueDate, '2026-12-31');
  assert.equal(open?.upcoming, false);
  assert.equal(annualDue(base, '2026-11-20'), true);
  const done = caseloadNextDue({ ...base, annualDates: ['2026-11-25'] }, '2026-12-07');
  assert.equal(done?.upcoming, true);
  assert.equal(done?.dueDate, '2027-11-01');
  assert.equal(annualDue({ ...base, annualDates: ['2026-11-25'] }, '2026-12-07'), false);
  assert.equal(caseloadNextDue(base, '2027-01-02')?.overdue, true);
  // ESG RRH: the re-evaluation a year after the last one (or the start), when it comes before the window.
  const esg = caseloadNextDue({ ...base, esgRrh: true, annualDates: ['2026-11-25'], reevaluationDates: ['2026-03-01'] }, '2026-12-07');
  assert.deepEqual([esg?.kind, esg?.dueDate], ['reevaluation', '2027-03-01']);
  const esgDue = caseloadNextDue({ ...base, esgRrh: true, annualDates: ['2026-11-25'], reevaluationDates: [] }, '2026-12-07');
  assert.deepEqual([esgDue?.kind, esgDue?.dueDate, esgDue?.overdue], ['reevaluation', '2026-12-01', true]);
  // Exited: only missing data is still owed.
  assert.equal(caseloadNextDue({ ...base, exitDate: '2026-05-01' }, '2026-12-07'), null);
});

test('sort cursors: strict decoding, nulls last both ways, pages that join up', () => {
  assert.deepEqual(parseSort('-entryDate', ['entryDate', 'headName'], 'headName'), { column: 'entryDate', descending: true });
  assert.deepEqual(parseSort('ssn', ['entryDate', 'headName'], 'headName'), { column: 'headName', descending: false });
  const c = encodeSortCursor({ sort: '-entryDate', id: 'abc', value: '2026-01-01' });
  assert.deepEqual(decodeSortCursor(c), { sort: '-entryDate', id: 'abc', value: '2026-01-01' });
  assert.deepEqual(decodeSortCursor(encodeSortCursor({ sort: 'headName', id: 'abc' })), { sort: 'headName', id: 'abc' });
  for (const bad of ['', 'x', Buffer.from('[1,2]').toString('base64url'), Buffer.from('["a","b c"]').toString('base64url'), Buffer.from('["a","b",{}]').toString('base64url')]) assert.equal(decodeSortCursor(bad), null, bad);
  assert.ok(compareKeys({ value: null, id: 'a' }, { value: '2026', id: 'b' }, false) > 0);
  assert.ok(compareKeys({ value: null, id: 'a' }, { value: '2026', id: 'b' }, true) > 0);
  const rows = Array.from({ length: 23 }, (_, i) => ({ id: `r${String(i).padStart(2, '0')}`, v: i % 4 === 0 ? null : i % 5 }));
  for (const descending of [false, true]) {
    const spec = { column: 'v', descending };
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const p = pageSorted(rows, spec, { valueOf: (r) => r.v, idOf: (r) => r.id, limit: 4, cursor });
      assert.equal(p.total, 23);
      seen.push(...p.items.map((r) => r.id));
      cursor = p.nextCursor ?? undefined;
    } while (cursor);
    assert.equal(new Set(seen).size, 23);
    assert.deepEqual(seen.slice(-5).map((id) => rows.find((r) => r.id === id)!.v), [null, null, null, null, null]);
  }
  assert.throws(() => pageSorted(rows, { column: 'v', descending: false }, { valueOf: (r) => r.v, idOf: (r) => r.id, limit: 4, cursor: c }), /cursor/);
});
