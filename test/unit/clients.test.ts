import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ageOn, displayName, lockReasonsForFunders, maskSsn, normalizeSsn } from '../../src/domain/clients/records.ts';
import { addYears, consentState, defaultConsentEnd, visibilityReason, type ViewerFacts } from '../../src/domain/clients/consent.ts';
import { bestFirst, normalizePhone, validateContacts } from '../../src/domain/clients/contacts.ts';
import { can, navigationFor, type Actor } from '../../src/domain/access.ts';

describe('SSN', () => {
  test('normalises dashes and spaces, keeps x for unknown digits', () => {
    assert.deepEqual(normalizeSsn('412-58-9637'), { ok: true, ssn: '412589637' });
    assert.deepEqual(normalizeSsn(' 52X 11 9876 '), { ok: true, ssn: '52x119876' });
    assert.deepEqual(normalizeSsn('xxxxx4821'), { ok: true, ssn: 'xxxxx4821' });
  });
  test('placeholders and impossible numbers are stored as empty', () => {
    for (const s of ['000000000', '000-00-0000', '123456789', '999999999', 'xxxxxxxxx', '666123456', '412001234', '412580000', '', null, undefined]) {
      assert.deepEqual(normalizeSsn(s), { ok: true, ssn: null }, String(s));
    }
  });
  test('anything else is refused with a readable message', () => {
    for (const s of ['12345', '4125896371', '41258963a']) {
      const r = normalizeSsn(s);
      assert.equal(r.ok, false, s);
      if (!r.ok) assert.match(r.message, /9 digits/);
    }
  });
  test('masked to the last four', () => {
    assert.equal(maskSsn('412589637'), '*****9637');
    assert.equal(maskSsn('52x119876'), '*****9876');
    assert.equal(maskSsn(null), null);
  });
});

describe('records', () => {
  test('display name never shows anything of an anonymous record', () => {
    assert.equal(displayName({ id: 'abcdef123', anonymous: true, firstName: null, lastName: null }), 'Anonymous client ABCDEF');
    assert.equal(displayName({ id: 'x', anonymous: false, firstName: 'Ana', middleName: 'B', lastName: 'Cruz', suffix: 'Jr' }), 'Ana B Cruz Jr');
  });
  test('age and HOPWA/RHY locks', () => {
    assert.equal(ageOn('2008-11-26', '2026-11-25'), 17);
    assert.equal(ageOn('2008-11-25', '2026-11-25'), 18);
    assert.deepEqual(lockReasonsForFunders([2, 15]), ['hopwa_project']);
    assert.deepEqual(lockReasonsForFunders([24, 13]), ['hopwa_project', 'rhy_project']);
    assert.deepEqual(lockReasonsForFunders([2, 3]), []);
  });
});

describe('consent', () => {
  test('a release ends three years after it starts by default (29 February → 28 February)', () => {
    assert.equal(defaultConsentEnd('2026-11-25'), '2029-11-25');
    assert.equal(defaultConsentEnd('2024-02-29'), '2027-02-28');
    assert.equal(addYears('2026-01-31', -4), '2022-01-31');
  });
  const k = (sharing: 'full' | 'limited' | 'none', startDate: string, endDate: string, seq: number, revoked = false) => ({ sharing, startDate, endDate, seq, revoked });
  test('the current release: latest started (ties: recorded last); expired, revoked, none', () => {
    assert.equal(consentState([], '2026-11-25'), 'none');
    assert.equal(consentState([k('full', '2026-12-01', '2029-12-01', 1)], '2026-11-25'), 'none', 'not started yet');
    assert.equal(consentState([k('full', '2026-01-01', '2029-01-01', 1)], '2026-11-25'), 'full');
    assert.equal(consentState([k('full', '2022-01-01', '2025-01-01', 1)], '2026-11-25'), 'expired');
    assert.equal(consentState([k('full', '2022-01-01', '2026-11-25', 1)], '2026-11-25'), 'full', 'the end date is the last day');
    assert.equal(consentState([k('limited', '2026-01-01', '2029-01-01', 1, true)], '2026-11-25'), 'revoked');
    assert.equal(consentState([k('full', '2026-01-01', '2029-01-01', 1, true), k('limited', '2026-01-01', '2029-01-01', 2)], '2026-11-25'), 'limited');
    assert.equal(consentState([k('full', '2026-06-01', '2029-01-01', 1), k('limited', '2026-01-01', '2029-01-01', 2)], '2026-11-25'), 'full');
    assert.equal(consentState([k('none', '2026-01-01', '2029-01-01', 1)], '2026-11-25'), 'none');
  });

  const viewer = (v: Partial<ViewerFacts>): ViewerFacts => ({ admin: false, agencyIds: ['other'], member: true, ceHrs: false, matcher: false, ...v });
  const client = (consent: 'full' | 'limited' | 'none' | 'expired' | 'revoked', lockReasons: string[] = []) => ({ ownerAgencyId: 'owner', consent, lockReasons });
  test('visibility decision', () => {
    assert.equal(visibilityReason(viewer({ admin: true }), client('none')), 'administrator');
    assert.equal(visibilityReason(viewer({ agencyIds: ['owner'] }), client('revoked', ['hiv_aids'])), 'owning agency');
    assert.equal(visibilityReason(viewer({}), client('full')), 'full consent');
    assert.equal(visibilityReason(viewer({ member: false, agencyIds: [] }), client('full')), null);
    assert.equal(visibilityReason(viewer({}), client('full', ['fleeing_dv'])), null);
    assert.equal(visibilityReason(viewer({}), client('limited')), null);
    assert.equal(visibilityReason(viewer({ ceHrs: true }), client('limited')), 'visibility group: CE project');
    assert.equal(visibilityReason(viewer({ matcher: true }), client('full', ['unaccompanied_minor'])), 'visibility group: matching team');
    for (const state of ['expired', 'revoked', 'none'] as const) {
      assert.equal(visibilityReason(viewer({ ceHrs: true, matcher: true }), client(state)), null, state);
    }
  });

  test('a referral opens the door to the receiving agency, whatever the consent or locks', () => {
    const referred = { ...client('revoked', ['fleeing_dv']), referralAgencyIds: ['other'] };
    assert.equal(visibilityReason(viewer({}), referred), 'referral');
    assert.equal(visibilityReason(viewer({ agencyIds: ['third'] }), referred), null, 'only the receiving agency');
    assert.equal(visibilityReason(viewer({ agencyIds: ['owner'] }), referred), 'owning agency', 'the owner keeps its own reason');
  });
});

describe('contacts', () => {
  test('phones and e-mails are checked; one preferred only', () => {
    assert.equal(normalizePhone('1-312-555-0142'), '(312) 555-0142');
    assert.equal(normalizePhone('555-0142'), null);
    const r = validateContacts(
      [
        { kind: 'phone', value: '312.555.0142', preferred: true },
        { kind: 'email', value: 'x@y', preferred: true },
        { kind: 'address', city: '', zip: '6061' },
        { kind: 'phone', type: 'pager', value: '3125550100', lastConfirmedOn: '2027-01-01' },
      ],
      '2026-11-25',
    );
    assert.equal(r.items[0]!.value, '(312) 555-0142');
    assert.deepEqual(r.problems.map((p) => p.pointer), ['/items/1/value', '/items/2/line1', '/items/2/zip', '/items/3/type', '/items/3/lastConfirmedOn', '/items/1/preferred']);
  });
  test('best way to reach first: preferred, then most recently confirmed', () => {
    const items = [
      { id: 'a', preferred: false, lastConfirmedOn: null },
      { id: 'b', preferred: false, lastConfirmedOn: '2026-11-01' },
      { id: 'c', preferred: true, lastConfirmedOn: '2025-01-01' },
      { id: 'd', preferred: false, lastConfirmedOn: '2026-11-20' },
    ];
    assert.deepEqual(bestFirst(items).map((i) => i.id), ['c', 'd', 'b', 'a']);
  });
});

describe('access: SSN reveal', () => {
  const actor = (memberships: Actor['memberships']): Actor => ({ userId: 'u', username: 'u', memberships });
  const scope = { agencyId: 'owner', ceProjectIds: ['ce'] };
  test('HMIS administrator, the CE project’s HRS and the owning agency; nobody else', () => {
    assert.equal(can(actor([{ agencyId: 'lead', role: 'hmis_admin', projectIds: [] }]), 'client.ssn.reveal', scope), true);
    assert.equal(can(actor([{ agencyId: 'lead', role: 'housing_resource_specialist', projectIds: ['ce'] }]), 'client.ssn.reveal', scope), true);
    assert.equal(can(actor([{ agencyId: 'lead', role: 'housing_resource_specialist', projectIds: ['psh'] }]), 'client.ssn.reveal', scope), false, 'an HRS outside the CE project');
    assert.equal(can(actor([{ agencyId: 'owner', role: 'case_manager', projectIds: ['psh'] }]), 'client.ssn.reveal', scope), true);
    assert.equal(can(actor([{ agencyId: 'other', role: 'case_manager', projectIds: ['psh'] }]), 'client.ssn.reveal', scope), false);
    assert.equal(can(actor([{ agencyId: 'lead', role: 'ces_matcher', projectIds: [] }]), 'client.ssn.reveal', scope), false);
  });
  test('Clients in the navigation for anyone with a membership', () => {
    assert.ok(navigationFor(actor([{ agencyId: 'a', role: 'case_manager', projectIds: [] }])).includes('clients'));
    assert.ok(!navigationFor(actor([])).includes('clients'));
  });
});
