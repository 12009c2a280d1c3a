/** Contact information on the client profile: validation and "the best way to reach first". Pure. */
import type { FieldProblem } from '../errors.ts';

export const CONTACT_KINDS = ['phone', 'email', 'address'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];
export const CONTACT_TYPES: Record<ContactKind, readonly string[]> = {
  phone: ['mobile', 'home', 'work', 'other'],
  email: ['personal', 'work', 'other'],
  address: ['home', 'mailing', 'shelter', 'other'],
};

export interface ContactInput {
  id?: string | undefined;
  kind: ContactKind;
  type?: string | undefined;
  value?: string | null | undefined;
  line1?: string | null | undefined;
  line2?: string | null | undefined;
  city?: string | null | undefined;
  state?: string | null | undefined;
  zip?: string | null | undefined;
  okToLeaveMessage?: boolean | undefined;
  preferred?: boolean | undefined;
  lastConfirmedOn?: string | null | undefined;
  notes?: string | null | undefined;
}

/** Digits of a US phone number, formatted (312) 555-0142; null when it is not one. */
export function normalizePhone(value: string): string | null {
  let d = value.replace(/[^0-9]/g, '');
  if (d.length === 11 && d.startsWith('1')) d = d.slice(1);
  if (d.length !== 10) return null;
  return `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks and normalises a list of contacts; problems point into `base` (e.g. "/items"). */
export function validateContacts(items: readonly ContactInput[], today: string, base = '/items'): { items: ContactInput[]; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const out = items.map((c, i) => {
    const p = `${base}/${i}`;
    const type = c.type ?? 'other';
    if (!CONTACT_TYPES[c.kind].includes(type)) problems.push({ pointer: `${p}/type`, message: `Choose one of: ${CONTACT_TYPES[c.kind].join(', ')}.` });
    let value = c.value?.trim() || null;
    if (c.kind === 'phone') {
      const phone = value ? normalizePhone(value) : null;
      if (!phone) problems.push({ pointer: `${p}/value`, message: 'Enter a 10-digit phone number, e.g. (312) 555-0142.' });
      value = phone;
    } else if (c.kind === 'email') {
      if (!value || !EMAIL.test(value)) problems.push({ pointer: `${p}/value`, message: 'Enter an e-mail address such as name@example.org.' });
    } else {
      value = null;
      if (!c.line1?.trim() && !c.city?.trim()) problems.push({ pointer: `${p}/line1`, message: 'Enter at least the street or the city.' });
      if (c.zip && !/^[0-9]{5}(-[0-9]{4})?$/.test(c.zip.trim())) problems.push({ pointer: `${p}/zip`, message: 'A ZIP code has 5 digits (or 5+4).' });
    }
    if (c.lastConfirmedOn && c.lastConfirmedOn > today) problems.push({ pointer: `${p}/lastConfirmedOn`, message: 'The date last confirmed cannot be in the future.' });
    return {
      ...c,
      type,
      value,
      line1: c.kind === 'address' ? c.line1?.trim() || null : null,
      line2: c.kind === 'address' ? c.line2?.trim() || null : null,
      city: c.kind === 'address' ? c.city?.trim() || null : null,
      state: c.kind === 'address' ? c.state?.trim().toUpperCase() || null : null,
      zip: c.kind === 'address' ? c.zip?.trim() || null : null,
    };
  });
  const preferred = items.map((c, i) => (c.preferred ? i : -1)).filter((i) => i >= 0);
  if (preferred.length > 1) for (const i of preferred.slice(1)) problems.push({ pointer: `${base}/${i}/preferred`, message: 'Only one contact can be the preferred way to reach the client.' });
  return { items: out, problems };
}

/** The best way to reach the client first: the preferred one, then the most recently confirmed. */
export function bestFirst<T extends { preferred: boolean; lastConfirmedOn: string | null; createdAt?: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => {
    if (a.preferred !== b.preferred) return a.preferred ? -1 : 1;
    const ac = a.lastConfirmedOn ?? '';
    const bc = b.lastConfirmedOn ?? '';
    if (ac !== bc) return ac < bc ? 1 : -1;
    return (a.createdAt ?? '') < (b.createdAt ?? '') ? -1 : (a.createdAt ?? '') > (b.createdAt ?? '') ? 1 : 0;
  });
}
