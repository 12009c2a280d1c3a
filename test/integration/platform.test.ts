import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import { startApp, type TestApp, type Client } from '../helpers/app.ts';

const PROBLEM = 'application/problem+json';

function assertProblem(res: { status: number; contentType: string | null; body: any }, status: number) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.ok(res.contentType?.startsWith(PROBLEM), `content-type ${res.contentType}`);
  assert.equal(res.body.status, status);
  assert.equal(typeof res.body.title, 'string');
  assert.equal(typeof res.body.detail, 'string');
  assert.ok(res.body.detail.length > 0);
}

describe('API conventions', () => {
  let t: TestApp;
  let admin: Client;
  before(async () => {
    t = await startApp();
    admin = await t.as('admin');
  });
  after(() => t.close());

  test('health and readiness', async () => {
    const c = t.client();
    assert.deepEqual((await c.get('/healthz')).body, { status: 'ok' });
    const ready = await c.get('/readyz');
    assert.equal(ready.status, 200);
    assert.equal(ready.body.status, 'ready');
  });

  test('400 for malformed JSON and for invalid fields, naming the field', async () => {
    const malformed = await admin.post('/api/v1/agencies', '{"name":', { 'content-type': 'application/json' });
    assertProblem(malformed, 400);
    const invalid = await admin.post('/api/v1/agencies', { name: '', victimServiceProvider: 'yes' });
    assertProblem(invalid, 400);
    const pointers = invalid.body.errors.map((e: { pointer: string }) => e.pointer).sort();
    assert.deepEqual(pointers, ['/name', '/victimServiceProvider']);
    const badQuery = await admin.get('/api/v1/projects?agencyId=' + 'x'.repeat(40));
    assertProblem(badQuery, 400);
    assert.equal(badQuery.body.errors[0].pointer, '/querystring/agencyId');
  });

  test('401 without a session', async () => {
    assertProblem(await t.client().get('/api/v1/me'), 401);
    assertProblem(await t.client().get('/api/v1/agencies'), 401);
  });

  test('403 for an action the caller may not take, and for a missing CSRF token', async () => {
    const provider = await t.as('provider');
    assertProblem(await provider.post('/api/v1/agencies', { name: 'Not allowed' }), 403);
    const noCsrf = await admin.post('/api/v1/agencies', { name: 'No token' }, { 'x-csrf-token': '' });
    assertProblem(noCsrf, 403);
    assert.match(noCsrf.body.detail, /CSRF/);
  });

  test('404 for what does not exist', async () => {
    assertProblem(await admin.get('/api/v1/nothing-here'), 404);
    assertProblem(await admin.patch('/api/v1/agencies/doesnotexist', { name: 'x', version: 1 }), 404);
  });

  test('409 for a stale version; the fresh one wins', async () => {
    const created = await admin.post('/api/v1/agencies', { name: 'Versioned Agency' });
    assert.equal(created.status, 201);
    assert.equal(created.body.version, 1);
    const first = await admin.patch(`/api/v1/agencies/${created.body.id}`, { name: 'Versioned Agency 2', version: 1 });
    assert.equal(first.status, 200);
    assert.equal(first.body.version, 2);
    const stale = await admin.patch(`/api/v1/agencies/${created.body.id}`, { name: 'Versioned Agency 3', version: 1 });
    assertProblem(stale, 409);
    assert.equal(stale.body.errors[0].pointer, '/version');
    const list = await admin.get('/api/v1/agencies');
    assert.equal(list.body.items.find((a: { id: string }) => a.id === created.body.id).name, 'Versioned Agency 2');
  });

  test('Idempotency-Key: a repeat returns the first response and creates nothing; another body → 422', async () => {
    const key = 'create-agency-7f3a';
    const one = await admin.post('/api/v1/agencies', { name: 'Idempotent Agency' }, { 'idempotency-key': key });
    const two = await admin.post('/api/v1/agencies', { name: 'Idempotent Agency' }, { 'idempotency-key': key });
    assert.equal(one.status, 201);
    assert.equal(two.status, 201);
    assert.deepEqual(two.body, one.body);
    assert.equal(two.headers.get('idempotent-replayed'), 'true');
    const agencies = await admin.get('/api/v1/agencies');
    assert.equal(agencies.body.items.filter((a: { name: string }) => a.name === 'Idempotent Agency').length, 1);
    const other = await admin.post('/api/v1/agencies', { name: 'Another Agency' }, { 'idempotency-key': key });
    assertProblem(other, 422);
    const after = await admin.get('/api/v1/agencies');
    assert.equal(after.body.items.some((a: { name: string }) => a.name === 'Another Agency'), false);
  });

  test('422 problems carry the rule and keep their shape', async () => {
    const res = await admin.post('/api/v1/agencies', { name: 'Rule Agency' }, { 'idempotency-key': 'k-422' });
    assert.equal(res.status, 201);
    const reused = await admin.post('/api/v1/agencies', { name: 'Rule Agency B' }, { 'idempotency-key': 'k-422' });
    assertProblem(reused, 422);
    assert.equal(reused.body.errors[0].pointer, '/headers/idempotency-key');
  });

  test('security headers on every response, no-store on the API', async () => {
    const res = await admin.get('/api/v1/me');
    assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const health = await t.client().get('/healthz');
    assert.equal(health.headers.get('x-content-type-options'), 'nosniff');
  });

  test('GET /api/openapi.json is valid OpenAPI 3.1 and lists every route', async () => {
    const res = await t.client().get('/api/openapi.json');
    assert.equal(res.status, 200);
    assert.equal(res.body.openapi, '3.1.0');
    const validator = new Validator();
    const result = await validator.validate(res.body);
    assert.equal(result.valid, true, JSON.stringify(result.errors));
    const documented = new Set<string>();
    for (const [p, ops] of Object.entries(res.body.paths as Record<string, Record<string, unknown>>)) {
      for (const m of Object.keys(ops)) documented.add(`${m.toUpperCase()} ${p}`);
    }
    const routes = t.app.routeList.filter((r) => !r.hidden && r.method !== 'HEAD' && (r.url.startsWith('/api/v1/') || r.url.endsWith('z')));
    assert.ok(routes.length >= 8);
    for (const r of routes) {
      const openapiPath = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
      assert.ok(documented.has(`${r.method} ${openapiPath}`), `${r.method} ${openapiPath} is not documented`);
    }
    const docs = await t.client().get('/api/docs/');
    assert.equal(docs.status, 200);
  });

  test('every demo user signs in', async () => {
    for (const u of ['admin', 'matcher', 'hrs', 'provider', 'agencyadmin', 'provider2']) {
      const c = t.client();
      const res = await c.login(u);
      assert.equal(res.status, 200, u);
      const me = await c.get('/api/v1/me');
      assert.equal(me.body.user.username, u);
      assert.ok(me.body.memberships.length >= 1);
    }
  });
});
