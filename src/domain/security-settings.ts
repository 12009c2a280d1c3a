/**
 * The CoC's security configuration, kept in `coc.settings.security` (jsonb) and read with defaults, so
 * a CoC only writes what it changes: e.g. `{ "security": { "mfaRequiredRoles": ["hmis_admin"] } }`.
 */
import { ROLES, type Role } from './access.ts';

export interface UserAgreement {
  version: string;
  title: string;
  text: string;
}

export interface SecuritySettings {
  /** Roles whose members must use a second factor (ignored in demo mode). */
  mfaRequiredRoles: Role[];
  /** An accepted user agreement stays current this many days. */
  agreementDays: number;
  /** Accounts not seen for this many days are disabled by the scheduled job. */
  inactiveDays: number;
  /** Forced password rotation; null (the default, per NIST SP 800-63B and OWASP ASVS) means never. */
  passwordMaxAgeDays: number | null;
  agreement: UserAgreement;
}

export const DEFAULT_AGREEMENT: UserAgreement = {
  version: '1',
  title: 'HMIS user agreement',
  text: [
    'I will use the HMIS only to serve the people our Continuum of Care works with, and only as my role requires.',
    'I will look at a client’s record only when I need it for my work, and share client information only as the client’s consent and the CoC’s policies allow.',
    'I will keep my password and authentication device to myself, never share my account, and sign out or lock my screen when I step away.',
    'I will enter information that is accurate and complete, and correct mistakes when I find them.',
    'I will report any suspected misuse of the HMIS or breach of client information to my agency administrator or the HMIS lead at once.',
    'I understand that every access is recorded, and that breaking this agreement may end my access and lead to further action.',
  ].join('\n\n'),
};

export const DEFAULT_SECURITY: SecuritySettings = {
  mfaRequiredRoles: ['hmis_admin', 'ces_matcher'],
  agreementDays: 365,
  inactiveDays: 90,
  passwordMaxAgeDays: null,
  agreement: DEFAULT_AGREEMENT,
};

const positiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

/** Reads the settings document; anything missing or malformed falls back to the default. */
export function securitySettingsFrom(settings: unknown): SecuritySettings {
  const root = settings && typeof settings === 'object' ? (settings as Record<string, unknown>) : {};
  const s = root.security && typeof root.security === 'object' ? (root.security as Record<string, unknown>) : {};
  const a = s.agreement && typeof s.agreement === 'object' ? (s.agreement as Record<string, unknown>) : {};
  return {
    mfaRequiredRoles: Array.isArray(s.mfaRequiredRoles)
      ? s.mfaRequiredRoles.filter((r): r is Role => (ROLES as readonly unknown[]).includes(r))
      : DEFAULT_SECURITY.mfaRequiredRoles,
    agreementDays: positiveInt(s.agreementDays) ? s.agreementDays : DEFAULT_SECURITY.agreementDays,
    inactiveDays: positiveInt(s.inactiveDays) ? s.inactiveDays : DEFAULT_SECURITY.inactiveDays,
    passwordMaxAgeDays: positiveInt(s.passwordMaxAgeDays) ? s.passwordMaxAgeDays : null,
    agreement: {
      version: nonEmpty(a.version) ? a.version : DEFAULT_AGREEMENT.version,
      title: nonEmpty(a.title) ? a.title : DEFAULT_AGREEMENT.title,
      text: nonEmpty(a.text) ? a.text : DEFAULT_AGREEMENT.text,
    },
  };
}

/** MFA is required when one of the user's roles is listed, except in demo mode. */
export const mfaRequiredFor = (roles: readonly Role[], settings: SecuritySettings, demo: boolean): boolean =>
  !demo && roles.some((r) => settings.mfaRequiredRoles.includes(r));

const DAY_MS = 86_400_000;

/** The accepted agreement is current when it is the current version and younger than `agreementDays`. */
export function agreementCurrent(acceptedAt: Date | null, acceptedVersion: string | null, now: Date, settings: SecuritySettings): boolean {
  if (acceptedAt === null) return false;
  // Acceptances recorded without a version (the demo data) count as the default version.
  if ((acceptedVersion ?? DEFAULT_AGREEMENT.version) !== settings.agreement.version) return false;
  return now.getTime() - acceptedAt.getTime() < settings.agreementDays * DAY_MS;
}

export function passwordExpired(changedAt: Date | null, now: Date, settings: SecuritySettings): boolean {
  if (settings.passwordMaxAgeDays === null || changedAt === null) return false;
  return now.getTime() - changedAt.getTime() >= settings.passwordMaxAgeDays * DAY_MS;
}
