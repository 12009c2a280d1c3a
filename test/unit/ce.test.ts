import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor } from '../../src/domain/access.ts';
import { can } from '../../src/domain/access.ts';
import { CONTACTS_HIDDEN_REASON, socialServiceContactsDecision, withSocialServiceContacts } from '../../src/domain/ce/contacts-visibility.ts';
import { attachmentDisposition, safeFilename, sniffDocumentType } from '../../src/domain/ce/documents.ts';
import { checkPriorLivingSituation, chronicHomelessness, derivedLosUnderThreshold, EMPTY_PRIOR_LIVING_SITUATION, type PriorLivingSituation } from '../../src/domain/ce/living-situation.ts';

const CE = 'ceproject';
const actor = (memberships: Actor['memberships']): Actor => ({ userId: 'u', username: 'u', memberships });

describe('social-service contacts: only an HRS with access to the CE project', () => {
  const contacts = [{ name: 'Dana Ellis', organization: 'VA', role: 'social worker', phone: '(312) 555-0190', email: null, notes: null }];
  const cases: [string, Actor, boolean][] = [
    ['HRS of the CE project', actor([{ agencyId: 'lead', role: 'housing_resource_specialist', projectIds: [CE] }]), true],
    ['HRS of the CE project who is also a case manager elsewhere', actor([{ agencyId: 'n', role: 'case_manager', projectIds: ['psh'] }, { agencyId: 'lead', role: 'housing_resource_specialist', projectIds: ['other', CE] }]), true],
    ['HRS of another (non-CE) project', actor([{ agencyId: 'lead', role: 'housing_resource_specialist', projectIds: ['psh'] }]), false],
    ['HRS with no project', actor([{ agencyId: 'lead', role: 'housing_resource_specialist', projectIds: [] }]), false],
    ['matching team', actor([{ agencyId: 'lead', role: 'ces_matcher', projectIds: [] }]), false],
    ['case manager', actor([{ agencyId: 'n', role: 'case_manager', projectIds: ['psh'] }]), false],
    ['agency administrator of the agency that runs the CE project', actor([{ agencyId: 'lead', role: 'agency_admin', projectIds: [CE] }]), false],
    ['HMIS administrator', actor([{ agencyId: 'lead', role: 'hmis_admin', projectIds: [] }]), false],
    ['case manager whose project list names the CE project', actor([{ agencyId: 'lead', role: 'case_manager', projectIds: [CE] }]), false],
    ['no memberships', actor([]), false],
  ];
  for (const [name, a, visible] of cases) {
    test(`${name} → ${visible ? 'shown' : 'absent'}`, () => {
      const decision = socialServiceContactsDecision(a, [CE], 'Harper Specialist');
      assert.equal(decision.visible, visible);
      const out = withSocialServiceContacts({ id: 'x' }, contacts, decision) as Record<string, unknown>;
      if (visible) {
        assert.deepEqual(out.socialServiceContacts, contacts);
        assert.ok(!('askHrs' in out));
        assert.ok(!('socialServiceContactsHiddenReason' in out));
      } else {
        assert.ok(!('socialServiceContacts' in out), 'the field is absent, not empty');
        assert.equal(out.socialServiceContactsHiddenReason, CONTACTS_HIDDEN_REASON);
        assert.match(String(out.askHrs), /Harper Specialist/);
        assert.match(String(out.askHrs), /Housing Resource Specialist/);
      }
      assert.equal(can(a, 'ce.assess', { ceProjectIds: [CE] }), visible, 'the same people may assess');
    });
  }
  test('no CE project in the CoC: nobody sees them', () => {
    assert.equal(socialServiceContactsDecision(actor([{ agencyId: 'lead', role: 'housing_resource_specialist', projectIds: [CE] }]), []).visible, false);
  });
  test('without the assessor the text still says whom to ask', () => {
    const d = socialServiceContactsDecision(actor([]), [CE]);
    assert.equal(d.visible, false);
    if (!d.visible) assert.match(d.askHrs, /a Housing Resource Specialist of the Coordinated Entry project/);
  });
  test('the contacts given are copied, not shared', () => {
    const out = withSocialServiceContacts({}, contacts, { visible: true }) as { socialServiceContacts: unknown[] };
    assert.notEqual(out.socialServiceContacts[0], contacts[0]);
  });
});

describe('document sniffing', () => {
  const bytes = (...b: number[]) => Uint8Array.from(b);
  const ascii = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
  test('PDF, PNG, JPEG, TIFF (both byte orders), HEIC and HEIF are recognised from their first bytes', () => {
    assert.deepEqual(sniffDocumentType(ascii('%PDF-1.7\n...')), { contentType: 'application/pdf', extension: 'pdf' });
    assert.equal(sniffDocumentType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0))?.contentType, 'image/png');
    assert.equal(sniffDocumentType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))?.contentType, 'image/jpeg');
    assert.equal(sniffDocumentType(bytes(0x49, 0x49, 0x2a, 0x00, 8, 0))?.contentType, 'image/tiff');
    assert.equal(sniffDocumentType(bytes(0x4d, 0x4d, 0x00, 0x2a, 0, 8))?.contentType, 'image/tiff');
    assert.equal(sniffDocumentType(Uint8Array.from([0, 0, 0, 24, ...Buffer.from('ftypheic'), 0, 0, 0, 0]))?.contentType, 'image/heic');
    assert.equal(sniffDocumentType(Uint8Array.from([0, 0, 0, 24, ...Buffer.from('ftypmif1'), 0, 0, 0, 0]))?.contentType, 'image/heif');
  });
  test('anything else is refused, whatever its name says', () => {
    assert.equal(sniffDocumentType(ascii('<html><script>alert(1)</script>')), null);
    assert.equal(sniffDocumentType(ascii('MZ\x90\x00')), null, 'a Windows executable');
    assert.equal(sniffDocumentType(bytes(0x50, 0x4b, 0x03, 0x04)), null, 'a ZIP / Office file');
    assert.equal(sniffDocumentType(Uint8Array.from([0, 0, 0, 24, ...Buffer.from('ftypmp42')])), null, 'an MP4 video');
    assert.equal(sniffDocumentType(ascii('%PD')), null, 'too short to tell');
    assert.equal(sniffDocumentType(new Uint8Array(0)), null);
    assert.equal(sniffDocumentType(ascii(' %PDF-1.4')), null, 'the signature must be at the start');
  });
  test('safe file names: no folders, no quotes or control characters, the real extension, bounded', () => {
    assert.equal(safeFilename('../../etc/passwd', 'pdf'), 'passwd.pdf');
    assert.equal(safeFilename('C:\\Users\\hrs\\ID card "front".jpeg', 'jpg'), 'ID card front.jpg');
    assert.equal(safeFilename('letter.exe', 'pdf'), 'letter.pdf');
    assert.equal(safeFilename('scan\u0000\r\n.png', 'png'), 'scan.png');
    assert.equal(safeFilename('', 'png', 'id'), 'id.png');
    assert.equal(safeFilename(null, 'pdf'), 'document.pdf');
    assert.equal(safeFilename('.hidden', 'pdf'), 'hidden.pdf');
    assert.ok(safeFilename('a'.repeat(500) + '.pdf', 'pdf').length <= 104);
    assert.equal(safeFilename('Déclaration.pdf', 'pdf'), 'Déclaration.pdf');
  });
  test('Content-Disposition: attachment with an ASCII fallback and the UTF-8 name', () => {
    assert.equal(attachmentDisposition('Déclaration.pdf'), `attachment; filename="D_claration.pdf"; filename*=UTF-8''D%C3%A9claration.pdf`);
    assert.equal(attachmentDisposition("it's (1).pdf"), `attachment; filename="it's (1).pdf"; filename*=UTF-8''it%27s%20%281%29.pdf`);
  });
});

describe('3.917 and chronic homelessness', () => {
  const base = (p: Partial<PriorLivingSituation>): PriorLivingSituation => ({ ...EMPTY_PRIOR_LIVING_SITUATION, ...p });
  const entry = '2026-11-01';
  test('homeless a year or more with a disabling condition: chronic', () => {
    assert.equal(chronicHomelessness(base({ livingSituation: 116, dateToStreetEssh: '2025-11-01' }), 1, entry).status, 'yes');
    assert.equal(chronicHomelessness(base({ livingSituation: 116, dateToStreetEssh: '2025-11-02', timesHomelessPastThreeYears: 1, monthsHomelessPastThreeYears: 112 }), 1, entry).status, 'no');
  });
  test('four or more times adding up to twelve months: chronic', () => {
    assert.equal(chronicHomelessness(base({ livingSituation: 101, dateToStreetEssh: '2026-10-01', timesHomelessPastThreeYears: 4, monthsHomelessPastThreeYears: 112 }), 1, entry).status, 'yes');
    assert.equal(chronicHomelessness(base({ livingSituation: 101, dateToStreetEssh: '2026-10-01', timesHomelessPastThreeYears: 4, monthsHomelessPastThreeYears: 111 }), 1, entry).status, 'no');
    assert.equal(chronicHomelessness(base({ livingSituation: 101, timesHomelessPastThreeYears: 4, monthsHomelessPastThreeYears: 99 }), 1, entry).status, 'unknown');
  });
  test('no disabling condition: never chronic; unknown condition: unknown', () => {
    assert.equal(chronicHomelessness(base({ livingSituation: 116, dateToStreetEssh: '2020-01-01' }), 0, entry).status, 'no');
    assert.equal(chronicHomelessness(base({ livingSituation: 116, dateToStreetEssh: '2020-01-01' }), 99, entry).status, 'unknown');
  });
  test('a short institutional stay after the street counts; a long one does not', () => {
    assert.equal(chronicHomelessness(base({ livingSituation: 207, lengthOfStay: 3, previousStreetEssh: 1, dateToStreetEssh: '2024-01-01' }), 1, entry).status, 'yes');
    assert.equal(chronicHomelessness(base({ livingSituation: 207, lengthOfStay: 4, previousStreetEssh: 1, dateToStreetEssh: '2024-01-01' }), 1, entry).status, 'no');
    assert.equal(chronicHomelessness(base({ livingSituation: 207, lengthOfStay: 3, previousStreetEssh: 0, dateToStreetEssh: '2024-01-01' }), 1, entry).status, 'no');
    assert.equal(chronicHomelessness(base({ livingSituation: 336, lengthOfStay: 2, previousStreetEssh: 1, dateToStreetEssh: '2024-01-01' }), 1, entry).status, 'no', 'a week or more with a friend');
    assert.equal(chronicHomelessness(base({ livingSituation: 336, lengthOfStay: 11, previousStreetEssh: 1, dateToStreetEssh: '2024-01-01' }), 1, entry).status, 'yes');
  });
  test('the threshold follows the length of stay', () => {
    assert.equal(derivedLosUnderThreshold(207, 3), 1);
    assert.equal(derivedLosUnderThreshold(207, 4), 0);
    assert.equal(derivedLosUnderThreshold(336, 2), 0);
    assert.equal(derivedLosUnderThreshold(336, 11), 1);
    assert.equal(derivedLosUnderThreshold(116, 5), null);
    assert.equal(derivedLosUnderThreshold(336, 8), 99);
  });
  test('checks: the street date not after the start, the threshold consistent, the subsidy type with 435 only', () => {
    const r = checkPriorLivingSituation(base({ livingSituation: 207, lengthOfStay: 4, losUnderThreshold: 1, dateToStreetEssh: '2026-11-02' }), entry);
    assert.deepEqual(r.errors.map((e) => e.pointer).sort(), ['/dateToStreetEssh', '/losUnderThreshold']);
    assert.deepEqual(checkPriorLivingSituation(base({ livingSituation: 435 }), entry).errors.map((e) => e.pointer), ['/rentalSubsidyType']);
    assert.deepEqual(checkPriorLivingSituation(base({ livingSituation: 410, rentalSubsidyType: 431 }), entry).errors.map((e) => e.pointer), ['/rentalSubsidyType']);
    const ok = checkPriorLivingSituation(base({ livingSituation: 205, lengthOfStay: 2 }), entry);
    assert.deepEqual(ok.errors, []);
    assert.equal(ok.value.losUnderThreshold, 1, 'filled in from the length of stay');
  });
});
