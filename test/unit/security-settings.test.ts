import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_SECURITY,
  agreementCurrent,
  mfaRequiredFor,
  passwordExpired,
  securitySettingsFrom,
} from '../../src/domain/security-settings.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-11-25T15:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);

test('defaults: MFA for administrators and the matching team, agreement yearly, 90 days inactivity, no rotation', () => {
  const s = securitySettingsFrom({});
  assert.deepEqual(s.mfaRequiredRoles, ['hmis_admin', 'ces_matcher']);
  assert.equal(s.agreementDays, 365);
  assert.equal(s.inactiveDays, 90);
  assert.equal(s.passwordMaxAgeDays, null);
  assert.equal(s.agreement.version, DEFAULT_SECURITY.agreement.version);
});

test('configured values win; malformed ones fall back to the default', () => {
  const s = securitySettingsFrom({
    security: { mfaRequiredRoles: ['case_manager', 'nonsense'], agreementDays: 180, inactiveDays: -3, passwordMaxAgeDays: 90, agreement: { version: '7', text: '' } },
  });
  assert.deepEqual(s.mfaRequiredRoles, ['case_manager']);
  assert.equal(s.agreementDays, 180);
  assert.equal(s.inactiveDays, 90);
  assert.equal(s.passwordMaxAgeDays, 90);
  assert.equal(s.agreement.version, '7');
  assert.equal(s.agreement.text, DEFAULT_SECURITY.agreement.text);
  assert.deepEqual(securitySettingsFrom({ security: { mfaRequiredRoles: [] } }).mfaRequiredRoles, []);
});

test('MFA is required by role, never in demo mode', () => {
  assert.equal(mfaRequiredFor(['hmis_admin'], DEFAULT_SECURITY, false), true);
  assert.equal(mfaRequiredFor(['case_manager', 'ces_matcher'], DEFAULT_SECURITY, false), true);
  assert.equal(mfaRequiredFor(['case_manager'], DEFAULT_SECURITY, false), false);
  assert.equal(mfaRequiredFor(['hmis_admin'], DEFAULT_SECURITY, true), false);
});

test('the agreement is current for agreementDays and for the current version only', () => {
  assert.equal(agreementCurrent(null, null, NOW, DEFAULT_SECURITY), false);
  assert.equal(agreementCurrent(ago(364 * DAY), '1', NOW, DEFAULT_SECURITY), true);
  assert.equal(agreementCurrent(ago(365 * DAY), '1', NOW, DEFAULT_SECURITY), false);
  assert.equal(agreementCurrent(ago(DAY), null, NOW, DEFAULT_SECURITY), true, 'no recorded version counts as the default');
  const v2 = securitySettingsFrom({ security: { agreement: { version: '2' } } });
  assert.equal(agreementCurrent(ago(DAY), '1', NOW, v2), false);
  assert.equal(agreementCurrent(ago(DAY), '2', NOW, v2), true);
});

test('passwords expire only when the CoC configures a maximum age', () => {
  assert.equal(passwordExpired(ago(5000 * DAY), NOW, DEFAULT_SECURITY), false);
  const s = securitySettingsFrom({ security: { passwordMaxAgeDays: 30 } });
  assert.equal(passwordExpired(ago(29 * DAY), NOW, s), false);
  assert.equal(passwordExpired(ago(30 * DAY), NOW, s), true);
});
