/**
 * Client search over the distinct names (migration 0014): best first, paged, the count capped, only
 * visible clients in items and total, and the names kept up to date by every writer.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, type TestApp, type Client } from '../helpers/app.ts';
import { newId } from '../../src/domain/ids.ts';
import { SEARCH_COUNT_CAP } from '../../src/usecases/clients/search.ts';

interface Result {
  items: { id: string; displayName: string; score: number }[];
  total: number;
  totalIsCapped: boolean;
}

describe('client search: relevance, paging and the capped count', () => {
  let t: TestApp;
  let provider: Client, provider2: Client;
  before(async () => {
    t = await startApp();
    provider = await t.as('provider');
    provider2 = await t.as('provider2');
  });
  after(() => t.close());

  const search = async (c: Client, body: Record<string, unknown>) => {
    const res = await c.post('/api/v1/clients/search', body);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as Result;
  };

  /** Inserts clients of the Lakeshore agency in one statement; `consent: false` leaves them to their agency. */
  async function insertClients(rows: { first: string; last: string; consent: boolean }[]): Promise<string[]> {
    const ids = rows.map(() => newId());
    const now = t.clock.now();
    await t.db.owner.db
      .insertInto('clients')
      .values(rows.map((r, i) => ({ id: ids[i]!, first_name: r.first, last_name: r.last, owner_agency_id: t.ids.agencies.lakeshore!, created_at: now, updated_at: now })) as never)
      .execute();
    const consented = rows.flatMap((r, i) => (r.consent ? [ids[i]!] : []));
    if (consented.length) {
      await t.db.owner.db
        .insertInto('client_consents')
        .values(consented.map((id) => ({ id: newId(), client_id: id, sharing: 'full', start_date: '2020-01-01', end_date: '2099-12-31' })) as never)
        .execute();
    }
    return ids;
  }

  const sorted = (ids: string[]) => [...ids].sort();

  test('exact names first, then similar ones; pages join up; hidden clients neither listed nor counted', async () => {
    const exact = await insertClients(Array.from({ length: 30 }, () => ({ first: 'Zebulon', last: 'Quackenbush', consent: true })));
    const similar = await insertClients(Array.from({ length: 5 }, () => ({ first: 'Zebulon', last: 'Quackenbosh', consent: true })));
    const hidden = await insertClients(Array.from({ length: 5 }, () => ({ first: 'Zebulon', last: 'Quackenbush', consent: false })));

    const first = await search(provider, { q: 'Zebulon Quackenbush' });
    assert.equal(first.items.length, 25);
    assert.equal(first.total, SEARCH_COUNT_CAP, 'counted up to the cap');
    assert.equal(first.totalIsCapped, true, 'more match than the count says');
    assert.deepEqual(first.items.map((i) => i.id), sorted(exact).slice(0, 25), 'exact matches first, then by id');
    assert.ok(first.items.every((i) => i.score === 1));

    const page1 = await search(provider, { q: 'zebulon quackenbush', limit: 20 });
    const page2 = await search(provider, { q: 'zebulon quackenbush', limit: 20, offset: 20 });
    assert.equal(page2.items.length, 15);
    assert.equal(page2.total, 35, 'counted to the end of the page asked for: exact');
    assert.equal(page2.totalIsCapped, false);
    const all = [...page1.items, ...page2.items];
    assert.deepEqual(all.map((i) => i.id), [...sorted(exact), ...sorted(similar)]);
    assert.ok(all.every((i, n) => n === 0 || all[n - 1]!.score >= i.score), 'best first');
    assert.ok(all.every((i) => !hidden.includes(i.id)), 'a record without consent is not found by another agency');

    const owner = await search(provider2, { q: 'zebulon quackenbush', limit: 100 });
    assert.equal(owner.total, 40, 'the owning agency sees every one of them');
    assert.equal(owner.totalIsCapped, false);
    assert.deepEqual(sorted(owner.items.slice(0, 35).map((i) => i.id)), sorted([...exact, ...hidden]));
  });

  test('many similar names, few visible: every visible one is found, best first, and counted exactly', async () => {
    // 600 distinct names (each its own candidate; more than one page of names, several batches of
    // their clients), one in twenty visible to the other agency.
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const rows = Array.from({ length: 600 }, (_, i) => ({ first: 'Xanthippe', last: `Zarzycki${letters[i % 26]}${letters[Math.floor(i / 26)]}`, consent: i % 20 === 0 }));
    const ids = await insertClients(rows);
    const visible = ids.filter((_, i) => i % 20 === 0);
    const res = await search(provider, { q: 'xanthippe zarzycki', limit: 100 });
    assert.deepEqual(sorted(res.items.map((i) => i.id)), sorted(visible), JSON.stringify(res.items.filter((i) => !visible.includes(i.id))));
    assert.equal(res.total, 30);
    assert.equal(res.totalIsCapped, false);
    assert.ok(res.items.every((i, n) => n === 0 || res.items[n - 1]!.score >= i.score));
  });

  test('a renamed client is found by its new name, and no longer by the old one', async () => {
    const [id] = await insertClients([{ first: 'Philippa', last: 'Oldersham', consent: true }]);
    assert.deepEqual((await search(provider, { q: 'philippa oldersham' })).items.map((i) => i.id), [id]);
    await t.db.owner.db.updateTable('clients').set({ last_name: 'Newcombe-Vries' }).where('id', '=', id!).execute();
    const renamed = await search(provider, { q: 'Philippa Newcombe-Vries' });
    assert.equal(renamed.items[0]?.id, id);
    assert.equal(renamed.items[0]?.score, 1);
    assert.equal((await search(provider, { q: 'philippa oldersham' })).items.some((i) => i.id === id && i.score === 1), false);
  });

  test('date of birth with a name, and the list without criteria: visible clients only, the count capped', async () => {
    const dob = await search(provider2, { q: 'markus whitfeld', dateOfBirth: '1968-04-12' });
    assert.deepEqual(dob.items.map((i) => i.id), [t.ids.clients!.marcus]);
    assert.equal(dob.total, 1);
    const inside = await search(provider2, { q: 'itfie' });
    assert.ok(inside.items.some((i) => i.id === t.ids.clients!.marcus), 'a name that holds the query matches, however low its score');
    const locked = await search(provider, { q: 'lucia morales', dateOfBirth: '1992-07-14' });
    assert.deepEqual([locked.total, locked.items.length], [0, 0], 'a limited-consent record stays hidden from another agency');

    const list = await search(provider, { limit: 10 });
    assert.equal(list.items.length, 10);
    assert.equal(list.total, SEARCH_COUNT_CAP);
    assert.equal(list.totalIsCapped, true);
    const ids = list.items.map((i) => i.id);
    const inOrder = await t.db.owner.db.selectFrom('clients as c').select('c.id').where('c.id', 'in', ids).orderBy((eb) => eb.fn('lower', ['c.last_name'])).orderBy((eb) => eb.fn('lower', ['c.first_name'])).orderBy('c.id').execute();
    assert.deepEqual(ids, inOrder.map((r) => r.id), 'by last name, first name, id');
    const next = await search(provider, { limit: 10, offset: 5 });
    assert.deepEqual(next.items.slice(0, 5).map((i) => i.id), ids.slice(5), 'pages overlap where they should');
  });
});
