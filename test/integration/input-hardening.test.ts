import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startApp, type TestApp, type Client } from '../helpers/app.ts';

/** Issue 15, defects 5, 6, 10 and 11: bad text, bad cursors, huge uploads, SSN overwrites. */
describe('input hardening', () => {
  let t: TestApp;
  let admin: Client, provider: Client, provider2: Client;
  before(async () => {
    t = await startApp();
    admin = await t.as('admin');
    provider = await t.as('provider');
    provider2 = await t.as('provider2');
  });
  after(() => t.close());

  const pointers = (res: { body: any }) => (res.body?.errors ?? []).map((e: { pointer: string }) => e.pointer);
  const clientCount = async () => Number((await t.db.owner.db.selectFrom('clients').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  test('defect 5: a NUL or another control character in any text is a 400 naming the field, never a 500', async () => {
    const anonymous = t.client();
    const login = await anonymous.post('/api/v1/auth/login', { username: 'a\u0000', password: 'x' });
    assert.equal(login.status, 400, JSON.stringify(login.body));
    assert.deepEqual(pointers(login), ['/username']);
    assert.match(login.contentType ?? '', /^application\/problem\+json/);

    const before = await clientCount();
    const created = await provider.post('/api/v1/clients', { firstName: 'Ana\u0000', lastName: 'Bell\u0007', dateOfBirth: '1980-05-17', sex: 1, race: ['White'], consent: { sharing: 'full' } });
    assert.equal(created.status, 400, JSON.stringify(created.body));
    assert.deepEqual(pointers(created).sort(), ['/firstName', '/lastName']);
    assert.equal(await clientCount(), before, 'nothing written');

    const search = await provider.post('/api/v1/clients/search', { q: 'x\u0000y' });
    assert.equal(search.status, 400);
    assert.deepEqual(pointers(search), ['/q']);
    const duplicates = await provider.post('/api/v1/clients/duplicates', { lastName: '\u0000' });
    assert.equal(duplicates.status, 400);
    const audit = await admin.get('/api/v1/audit?action=' + encodeURIComponent('client\u0000'));
    assert.equal(audit.status, 400);
    assert.deepEqual(pointers(audit), ['/querystring/action']);
    // A lone surrogate cannot be stored as UTF-8 either (PostgreSQL would get a replacement character).
    const surrogate = await provider.post('/api/v1/clients/search', '{"q":"\\ud800"}');
    assert.equal(surrogate.status, 400);
    // Tabs and line breaks are ordinary text.
    const ok = await provider.post('/api/v1/clients/search', { q: 'two\twords\nhere' });
    assert.equal(ok.status, 200);
  });

  test('defect 6: a cursor that does not decode is a 400', async () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    for (const cursor of [b64('2026-02-31|x'), b64('0000-00-00|x'), b64('9999-99-99|x'), b64('2026-13-01|x'), b64('2026-01-01|\u0000'), 'not base64!', '']) {
      const res = await provider.get(`/api/v1/referrals?cursor=${encodeURIComponent(cursor)}`);
      assert.equal(res.status, 400, `${JSON.stringify(cursor)}: ${res.status} ${JSON.stringify(res.body)}`);
      assert.deepEqual(pointers(res), ['/querystring/cursor']);
    }
    const tiles = await provider.get('/api/v1/counts-reports');
    const tile = tiles.body.tiles?.[0]?.id ?? tiles.body.items?.[0]?.id;
    if (tile) {
      const res = await provider.get(`/api/v1/counts-reports/${tile}/referrals?cursor=${b64('2026-02-31|x')}`);
      assert.equal(res.status, 400);
    }
    const list = await t.as('matcher');
    const ce = await list.get(`/api/v1/ce-list?cursor=${b64('o:99999999999999999999999')}`);
    assert.equal(ce.status, 400);
    // A cursor the list gave back still works.
    const first = await provider.get('/api/v1/referrals?limit=1&state=all');
    assert.equal(first.status, 200);
    if (first.body.nextCursor) assert.equal((await provider.get(`/api/v1/referrals?limit=1&state=all&cursor=${first.body.nextCursor}`)).status, 200);
  });

  test('defect 10: a document upload over the limit gets a 413 problem at any size, not a reset connection', async () => {
    const c = await provider.post('/api/v1/clients', { firstName: 'Uma', lastName: 'Upload', dateOfBirth: '1980-05-17', sex: 1, race: ['White'], consent: { sharing: 'full' } });
    assert.equal(c.status, 201);
    const url = new URL(`/api/v1/clients/${c.body.id}/documents?type=id`, t.url);
    const send = (bytes: number, declared: boolean) =>
      new Promise<{ status: number; body: string; type: string | undefined }>((resolve, reject) => {
        const req = http.request(url, {
          method: 'POST',
          ...(declared ? {} : { agent: false }), // keep-alive (as browsers) and Connection: close both
          headers: { cookie: provider.cookie!, 'x-csrf-token': provider.csrfToken!, 'content-type': 'application/octet-stream', ...(declared ? { 'content-length': String(bytes) } : {}) },
        });
        req.on('response', (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode!, body, type: res.headers['content-type'] }));
        });
        req.on('error', reject);
        const chunk = Buffer.alloc(1 << 20, 0x25);
        let sent = 0;
        const pump = () => {
          while (sent < bytes) {
            sent += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          req.end();
        };
        pump();
      });
    for (const [mib, declared] of [[40, true], [100, true], [100, false]] as const) {
      const res = await send(mib << 20, declared);
      assert.equal(res.status, 413, `${mib} MiB (${declared ? 'Content-Length' : 'chunked'})`);
      assert.match(res.type ?? '', /^application\/problem\+json/);
      assert.equal(JSON.parse(res.body).status, 413);
    }
  });

  test('defect 11: changing the SSN needs the right to reveal it (403 otherwise, nothing written)', async () => {
    const c = await provider.post('/api/v1/clients', { firstName: 'Sam', lastName: 'Secure', dateOfBirth: '1980-05-17', ssn: '456781234', sex: 1, race: ['White'], consent: { sharing: 'full' } });
    assert.equal(c.status, 201, JSON.stringify(c.body));
    const seen = await provider2.get(`/api/v1/clients/${c.body.id}`);
    assert.equal(seen.body.capabilities.canRevealSsn, false, 'another agency sees the last four only');
    const overwrite = await provider2.patch(`/api/v1/clients/${c.body.id}`, { version: seen.body.version, ssn: '111223333' });
    assert.equal(overwrite.status, 403, JSON.stringify(overwrite.body));
    const cleared = await provider2.patch(`/api/v1/clients/${c.body.id}`, { version: seen.body.version, ssn: null });
    assert.equal(cleared.status, 403);
    const revealed = await provider.post(`/api/v1/clients/${c.body.id}/ssn-reveal`);
    assert.equal(revealed.body.ssn, '456781234', 'unchanged');
    // Other fields stay theirs to correct; the owner may change the SSN.
    assert.equal((await provider2.patch(`/api/v1/clients/${c.body.id}`, { version: seen.body.version, middleName: 'Q' })).status, 200);
    const again = await provider.get(`/api/v1/clients/${c.body.id}`);
    assert.equal((await provider.patch(`/api/v1/clients/${c.body.id}`, { version: again.body.version, ssn: '456781235' })).status, 200);
  });
});
