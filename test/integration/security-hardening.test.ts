import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';
import { startApp, type TestApp } from '../helpers/app.ts';

/** Issue 15, defect 12: the request log, the sign-in origin, the password-reset throttle. */
describe('informational defects fixed as documented', () => {
  let t: TestApp;
  const lines: string[] = [];
  before(async () => {
    t = await startApp({ config: { publicUrl: 'https://hearth.example.org' }, logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } } });
  });
  after(() => t.close());

  test('the request log holds method, route pattern and status: never the raw URL nor the client address and port', async () => {
    const admin = await t.as('admin');
    lines.length = 0;
    const id = t.ids.users.provider!;
    assert.equal((await admin.get(`/api/v1/users/${id}?note=secret-text`)).status, 200);
    assert.equal((await t.client().get('/api/v1/clients/C0FFEE?name=Maria')).status, 401);
    const text = lines.join('');
    const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.req || l.res);
    assert.ok(requests.length >= 4, text);
    assert.ok(requests.some((l) => l.req?.route === '/api/v1/users/:id' && l.req.method === 'GET'), text);
    assert.ok(requests.some((l) => l.req?.route === '/api/v1/clients/:id'), text);
    assert.ok(requests.some((l) => l.res?.statusCode === 401), text);
    for (const leak of [id, 'secret-text', 'C0FFEE', 'Maria', '127.0.0.1', 'remoteAddress', 'remotePort', '"url"']) assert.ok(!text.includes(leak), `${leak} in the log: ${text}`);
  });

  test('sign-in compares the Origin with HEARTH_PUBLIC_URL, not with the Host header', async () => {
    // Before the fix, an Origin equal to the request's own Host passed whatever the public URL.
    const sameHost = await t.client().post('/api/v1/auth/login', { username: 'provider', password: DEMO_PASSWORD }, { origin: t.url });
    assert.equal(sameHost.status, 403);
    const forgedHost = await t.client().post('/api/v1/auth/login', { username: 'provider', password: DEMO_PASSWORD }, { origin: 'https://evil.example', host: 'evil.example' });
    assert.equal(forgedHost.status, 403);
    const own = await t.client().post('/api/v1/auth/login', { username: 'provider', password: DEMO_PASSWORD }, { origin: 'https://hearth.example.org' });
    assert.equal(own.status, 200);
    const reset = await t.client().post('/api/v1/auth/password-reset', { token: 'x'.repeat(43), newPassword: 'a long enough password' }, { origin: t.url });
    assert.equal(reset.status, 403);
  });

  test('guessing password-reset links is throttled per address: the 6th bad link answers 429 with Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await t.client().post('/api/v1/auth/password-reset', { token: `guess-${i}-${'x'.repeat(30)}`, newPassword: 'a long enough password' })).status);
    assert.deepEqual(statuses, [404, 404, 404, 404, 404, 429]);
    const res = await t.client().post('/api/v1/auth/password-reset', { token: 'another-guess-xxxxxxxxxxxxxxxxxxxx', newPassword: 'a long enough password' });
    assert.equal(res.status, 429);
    assert.ok(Number(res.headers.get('retry-after')) > 0);
    t.clock.advanceMinutes(16);
    assert.equal((await t.client().post('/api/v1/auth/password-reset', { token: 'after-the-wait-xxxxxxxxxxxxxxxxxxx', newPassword: 'a long enough password' })).status, 404);
  });
});
