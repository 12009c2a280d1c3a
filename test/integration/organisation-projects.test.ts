import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, type TestApp, type Client } from '../helpers/app.ts';

const pointers = (res: { body: any }) => (res.body.errors ?? []).map((e: { pointer: string }) => e.pointer).sort();

/** A residential RRH project with every descriptor. */
const fullProject = (agencyId: string, number: string) => ({
  agencyId,
  name: `Test RRH ${number}`,
  hmisProjectNumber: number,
  projectType: 13,
  rrhSubtype: 2,
  housingType: 3,
  targetPopulation: 4,
  operatingStart: '2024-01-01',
  programModel: 'RRH',
  populations: ['families', 'youth'],
  funders: [{ funder: 3, grantId: 'IL0999L5T012399', startDate: '2025-07-01', endDate: '2026-06-30' }],
  cocs: [{ cocCode: 'XX-999', geocode: '179031', address1: '1 Test St', city: 'Chicago', state: 'IL', zip: '60601', geographyType: 1 }],
  inventory: [{ cocCode: 'XX-999', householdType: 3, unitInventory: 10, bedInventory: 30, youthBedInventory: 10, otherBedInventory: 20, startDate: '2024-01-01' }],
  hmisParticipation: [{ participationType: 1, startDate: '2024-01-01' }],
  ceParticipation: [{ accessPoint: false, receivesReferrals: true, startDate: '2024-01-01' }],
});

async function auditRows(t: TestApp, entityId: string) {
  return t.db.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', entityId).orderBy('id').execute();
}

describe('projects with HUD descriptors', () => {
  let t: TestApp;
  let admin: Client;
  before(async () => {
    t = await startApp();
    admin = await t.as('admin');
  });
  after(() => t.close());

  test('the demo projects carry full descriptors; the list keeps the contract fields', async () => {
    const list = await admin.get('/api/v1/projects');
    assert.equal(list.status, 200);
    const psh = list.body.items.find((p: any) => p.hmisProjectNumber === '2101');
    for (const k of ['id', 'name', 'agencyId', 'hmisProjectNumber', 'projectType', 'programModel', 'receivesReferrals', 'funders']) assert.ok(k in psh, k);
    const detail = await admin.get(`/api/v1/projects/${t.ids.projects['northside-psh']}`);
    assert.equal(detail.status, 200);
    assert.equal(detail.body.cocs[0].cocCode, 'XX-999');
    assert.match(detail.body.cocs[0].geocode, /^\d{6}$/);
    assert.equal(detail.body.inventory[0].bedInventory, 40);
    assert.equal(detail.body.hmisParticipation[0].participationType, 1);
    assert.equal(detail.body.ceParticipation[0].receivesReferrals, true);
    const ce = await admin.get(`/api/v1/projects/${t.ids.projects.ce}`);
    assert.equal(ce.body.ceParticipation[0].accessPoint, true);
    assert.equal(ce.body.inventory.length, 0);
  });

  test('create and read back a project with every descriptor; the write is audited', async () => {
    const res = await admin.post('/api/v1/projects', fullProject(t.ids.agencies.northside!, '9001'));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.version, 1);
    assert.equal(res.body.receivesReferrals, true, 'follows the current CE participation');
    const got = await admin.get(`/api/v1/projects/${res.body.id}`);
    assert.equal(got.body.inventory[0].youthBedInventory, 10);
    assert.equal(got.body.funders[0].grantId, 'IL0999L5T012399');
    assert.equal(got.body.cocs[0].zip, '60601');
    assert.equal(got.body.capabilities.canEdit, true);
    const rows = await auditRows(t, res.body.id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.action, 'project.create');
    assert.equal((rows[0]!.after as any).inventory[0].bedInventory, 30);
  });

  test('HUD validation answers 422 naming each field', async () => {
    const agencyId = t.ids.agencies.northside!;
    const bad = {
      ...fullProject(agencyId, '9002'),
      projectType: 5,
      operatingStart: '2024-05-01',
      operatingEnd: '2024-04-30',
      programModel: 'Castle',
      funders: [{ funder: 47, grantId: '', startDate: '2025-07-01' }],
      cocs: [{ cocCode: 'X-1', geocode: '12' }],
    };
    const res = await admin.post('/api/v1/projects', bad);
    assert.equal(res.status, 422);
    const p = pointers(res);
    for (const ptr of ['/projectType', '/operatingEnd', '/programModel', '/funders/0/funder', '/funders/0/grantId', '/cocs/0/cocCode', '/cocs/0/geocode']) assert.ok(p.includes(ptr), `${ptr} in ${p}`);

    const subtype = await admin.post('/api/v1/projects', { ...fullProject(agencyId, '9003'), projectType: 3, rrhSubtype: 2, ceParticipation: [] });
    assert.equal(subtype.status, 422);
    assert.deepEqual(pointers(subtype), ['/rrhSubtype']);

    const soInventory = await admin.post('/api/v1/projects', { ...fullProject(agencyId, '9004'), projectType: 4, rrhSubtype: null, housingType: null, programModel: 'SO' });
    assert.equal(soInventory.status, 422);
    assert.ok(pointers(soInventory).includes('/inventory'));

    const beds = await admin.post('/api/v1/projects', {
      ...fullProject(agencyId, '9005'),
      inventory: [{ cocCode: 'YY-111', householdType: 2, unitInventory: 1, bedInventory: 5, otherBedInventory: 4, startDate: '2024-01-01' }],
      hmisParticipation: [{ participationType: 1, startDate: '2024-01-01' }, { participationType: 0, startDate: '2024-06-01' }],
    });
    assert.equal(beds.status, 422);
    assert.deepEqual(pointers(beds), ['/hmisParticipation/1/startDate', '/inventory/0/bedInventory', '/inventory/0/cocCode', '/inventory/0/householdType']);

    const referrals = await admin.post('/api/v1/projects', { ...fullProject(agencyId, '9006'), receivesReferrals: false });
    assert.equal(referrals.status, 422);
    assert.deepEqual(pointers(referrals), ['/receivesReferrals']);
    assert.equal((await admin.get('/api/v1/projects')).body.items.filter((x: any) => ['9002', '9003', '9004', '9005', '9006'].includes(x.hmisProjectNumber)).length, 0, 'nothing created');
  });

  test('PATCH: fields merge, nested lists are replaced, CE participation drives receivesReferrals, stale version → 409', async () => {
    const created = await admin.post('/api/v1/projects', fullProject(t.ids.agencies.lakeshore!, '9010'));
    const id = created.body.id;
    const changed = await admin.patch(`/api/v1/projects/${id}`, {
      version: 1,
      name: 'Renamed RRH',
      funders: [
        { funder: 3, grantId: 'A-1', startDate: '2025-07-01' },
        { funder: 46, otherFunder: 'City of Chicago', grantId: 'CITY-9', startDate: '2025-07-01' },
      ],
      ceParticipation: [
        { accessPoint: false, receivesReferrals: true, startDate: '2024-01-01', endDate: '2026-10-31' },
        { accessPoint: false, receivesReferrals: false, startDate: '2026-11-01' },
      ],
    });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.version, 2);
    assert.equal(changed.body.name, 'Renamed RRH');
    assert.equal(changed.body.funders.length, 2);
    assert.equal(changed.body.inventory.length, 1, 'lists left out stay');
    assert.equal(changed.body.receivesReferrals, false, 'the CE participation current today says no');
    assert.equal(changed.body.projectType, 13);

    const stale = await admin.patch(`/api/v1/projects/${id}`, { version: 1, name: 'Lost update' });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.errors[0].pointer, '/version');
    const badEnd = await admin.patch(`/api/v1/projects/${id}`, { version: 2, operatingEnd: '2023-12-31' });
    assert.equal(badEnd.status, 422);
    assert.deepEqual(pointers(badEnd), ['/operatingEnd']);
    const rows = await auditRows(t, id);
    assert.deepEqual(rows.map((r) => r.action), ['project.create', 'project.update']);
    assert.equal((rows[1]!.before as any).name, 'Test RRH 9010');
    assert.equal((rows[1]!.after as any).name, 'Renamed RRH');
    assert.equal((rows[1]!.before as any).funders.length, 1);
  });

  test('a case manager gets 403 for changing a project and for administration routes', async () => {
    const provider = await t.as('provider');
    const other = await admin.get(`/api/v1/projects/${t.ids.projects['lakeshore-psh']}`);
    assert.equal(other.body.capabilities.canEdit, true);
    assert.equal((await provider.get(`/api/v1/projects/${t.ids.projects['lakeshore-psh']}`)).body.capabilities.canEdit, false);
    assert.equal((await provider.patch(`/api/v1/projects/${t.ids.projects['lakeshore-psh']}`, { version: other.body.version, name: 'Hijack' })).status, 403);
    assert.equal((await provider.patch(`/api/v1/projects/${t.ids.projects['northside-psh']}`, { version: 1, name: 'Own agency, still no' })).status, 403);
    assert.equal((await provider.post('/api/v1/projects', fullProject(t.ids.agencies.northside!, '9020'))).status, 403);
    assert.equal((await provider.get('/api/v1/users')).status, 403);
    assert.equal((await provider.post('/api/v1/users', { username: 'sneaky', displayName: 'Sneaky' })).status, 403);
    assert.equal((await provider.get('/api/v1/audit')).status, 403);
    assert.equal((await provider.patch(`/api/v1/agencies/${t.ids.agencies.lakeshore}`, { version: 1, name: 'x' })).status, 403);
    const denied = await t.db.database.db.selectFrom('audit_log').select('action').where('user_id', '=', t.ids.users.provider!).where('action', '=', 'access.denied').execute();
    assert.ok(denied.length >= 5, 'denials are audited');
  });

  test('an agency administrator changes and creates only their own agency’s projects', async () => {
    const aa = await t.as('agencyadmin');
    const own = await aa.get(`/api/v1/projects/${t.ids.projects['northside-es']}`);
    assert.equal(own.body.capabilities.canEdit, true);
    const ok = await aa.patch(`/api/v1/projects/${own.body.id}`, { version: own.body.version, populations: ['singles', 'veterans'] });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const lake = await aa.get(`/api/v1/projects/${t.ids.projects['lakeshore-sh']}`);
    assert.equal(lake.body.capabilities.canEdit, false);
    assert.equal((await aa.patch(`/api/v1/projects/${lake.body.id}`, { version: lake.body.version, name: 'Not mine' })).status, 403);
    assert.equal((await aa.post('/api/v1/projects', fullProject(t.ids.agencies.lakeshore!, '9030'))).status, 403);
    assert.equal((await aa.post('/api/v1/projects', fullProject(t.ids.agencies.northside!, '9031'))).status, 201);
    assert.equal((await aa.patch(`/api/v1/projects/${own.body.id}`, { version: ok.body.version, agencyId: t.ids.agencies.lakeshore })).status, 403, 'cannot move it away');
    const psh = await admin.get(`/api/v1/projects/${t.ids.projects['northside-psh']}`);
    const move = await admin.patch(`/api/v1/projects/${psh.body.id}`, { version: psh.body.version, agencyId: t.ids.agencies.lakeshore });
    assert.equal(move.status, 422, 'the provider is assigned to it');
    assert.deepEqual(pointers(move), ['/agencyId']);
  });
});
