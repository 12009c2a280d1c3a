import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startApp, type Client } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { validateHudSource } from '../../src/domain/hud/validate.ts';
import { zipSource } from '../../src/usecases/hud/source.ts';
import { zipFolder } from './hud-helpers.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/hud-2024');

async function raw(c: Client, method: string, path: string, body?: Buffer) {
  const headers: Record<string, string> = {};
  if (c.cookie) headers.cookie = c.cookie;
  if (c.csrfToken && method !== 'GET') headers['x-csrf-token'] = c.csrfToken;
  if (body) headers['content-type'] = 'application/zip';
  const res = await fetch(c.baseUrl + path, { method, headers, ...(body ? { body: new Uint8Array(body) } : {}) });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

async function waitDone(c: Client, id: string) {
  for (let i = 0; i < 200; i++) {
    const res = await c.get(`/api/v1/hud/exports/${id}`);
    assert.equal(res.status, 200);
    if (res.body.status !== 'running') return res.body;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error('export did not finish');
}

test('an HMIS administrator exports in the background, sees progress per file and downloads a valid zip (audited)', async () => {
  const t = await startApp();
  try {
    const admin = await t.as('admin');
    const start = await admin.post('/api/v1/hud/exports', { from: '2020-01-01', to: '2026-12-31', periodType: 3, directive: 2, hashed: false });
    assert.equal(start.status, 202, JSON.stringify(start.body));
    const done = await waitDone(admin, start.body.id);
    assert.equal(done.status, 'done', done.error);
    assert.equal(done.files.length, 24);
    assert.ok(done.files.every((f: { done: boolean }) => f.done));
    assert.ok(done.rowCounts['Client.csv'] > 0);
    const file = await raw(admin, 'GET', `/api/v1/hud/exports/${start.body.id}/file`);
    assert.equal(file.status, 200);
    assert.equal(file.headers.get('content-type'), 'application/zip');
    const src = await zipSource(file.bytes);
    const report = await validateHudSource(src, { mode: 'export' });
    src.close();
    assert.equal(report.errorCount, 0);
    const audit = await t.db.database.db.selectFrom('audit_log').select(['action', 'details']).where('entity_id', '=', start.body.id).orderBy('id').execute();
    assert.deepEqual(audit.map((a) => a.action), ['hud.export', 'hud.export.download']);
    assert.equal((audit[0]!.details as { rowCounts: Record<string, number> }).rowCounts['Client.csv'], done.rowCounts['Client.csv']);
  } finally {
    await t.close();
  }
});

test('export permission: agency administrators export their own agency only; case managers not at all', async () => {
  const t = await startApp();
  try {
    const body = { from: '2020-01-01', to: '2026-12-31', periodType: 3, directive: 2, hashed: true };
    const provider = await t.as('provider');
    assert.equal((await provider.post('/api/v1/hud/exports', body)).status, 403);
    const agencyAdmin = await t.as('agencyadmin');
    const other = Object.entries(t.ids.projects).find(([k]) => !k.startsWith('northside'))![1];
    assert.equal((await agencyAdmin.post('/api/v1/hud/exports', { ...body, projectIds: [other] })).status, 403);
    const own = await agencyAdmin.post('/api/v1/hud/exports', body);
    assert.equal(own.status, 202);
    const done = await waitDone(agencyAdmin, own.body.id);
    assert.equal(done.status, 'done', done.error);
    const projects = await t.db.database.db.selectFrom('projects').innerJoin('agencies', 'agencies.id', 'projects.agency_id').select(['projects.id', 'agencies.name']).execute();
    const northside = projects.filter((p) => p.name.startsWith('Northside')).length;
    assert.equal(done.rowCounts['Project.csv'], northside);
    // Someone else's export is not visible.
    const admin = await t.as('admin');
    assert.equal((await admin.get(`/api/v1/hud/exports/${own.body.id}`)).status, 200);
    assert.equal((await provider.get(`/api/v1/hud/exports/${own.body.id}`)).status, 403);
  } finally {
    await t.close();
  }
});

test('import: a rejected fixture zip gives the report and cannot be applied; an accepted set is applied once', async () => {
  const t = await startApp();
  try {
    const admin = await t.as('admin');
    const rejected = await raw(admin, 'POST', '/api/v1/hud/imports', await zipFolder(join(FIXTURES, 'loader_errors')));
    assert.equal(rejected.status, 201);
    const rep = JSON.parse(rejected.bytes.toString());
    assert.equal(rep.accepted, false);
    assert.equal(rep.version, '2024');
    assert.ok(rep.problems.some((p: { file: string; line: number; code: string }) => p.file === 'Client.csv' && p.line === 7 && p.code === 'field-count'));
    assert.equal((await admin.post(`/api/v1/hud/imports/${rep.id}/apply`)).status, 409);
    const text = await admin.get(`/api/v1/hud/imports/${rep.id}/report?format=text`);
    assert.match(String(text.body), /Client\.csv:7 - — error field-count/);
    const provider = await t.as('provider');
    assert.equal((await raw(provider, 'POST', '/api/v1/hud/imports', Buffer.from('PK'))).status, 403);

    // The demo's own export, into a second server (its own demo CoC: same IDs and names, matched).
    const start = await admin.post('/api/v1/hud/exports', { from: '2000-01-01', to: '2030-12-31', periodType: 3, directive: 2, hashed: false });
    await waitDone(admin, start.body.id);
    const zip = (await raw(admin, 'GET', `/api/v1/hud/exports/${start.body.id}/file`)).bytes;
    const empty = await createTestDatabase();
    const target = await startApp({ database: empty });
    try {
      const admin2 = await target.as('admin');
      const up = JSON.parse((await raw(admin2, 'POST', '/api/v1/hud/imports', zip)).bytes.toString());
      assert.equal(up.accepted, true, JSON.stringify(up.problems.slice(0, 3)));
      const applied = await admin2.post(`/api/v1/hud/imports/${up.id}/apply`);
      assert.equal(applied.status, 200, JSON.stringify(applied.body));
      assert.ok(applied.body.counts['Client.csv'].unchanged + applied.body.counts['Client.csv'].inserted > 0);
      assert.equal((await admin2.post(`/api/v1/hud/imports/${up.id}/apply`)).status, 409);
      const after = await admin2.get(`/api/v1/hud/imports/${up.id}`);
      assert.equal(after.body.progress, null);
      assert.ok(after.body.appliedAt);
      assert.deepEqual(after.body.counts, applied.body.counts);
    } finally {
      await target.close();
      await empty.close();
    }
  } finally {
    await t.close();
  }
});
