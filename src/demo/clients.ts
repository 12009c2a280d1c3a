/**
 * Demo clients: every consent state (full, limited/locked, expired, revoked, none/anonymous), lock
 * reasons, three families and singles, with contact information. Deterministic; names are fictional
 * and phone numbers are in the 555-01xx range reserved for fiction.
 */
import { demoToday, minusDays } from './today.ts';
import type { Tx } from '../data/db.ts';
import { addYears, defaultConsentEnd } from '../domain/clients/consent.ts';
import { newId } from '../domain/ids.ts';

type Sharing = 'full' | 'limited' | 'none';
type ConsentKind = Sharing | 'expired' | 'revoked';

interface DemoClient {
  key: string;
  first?: string;
  middle?: string;
  last?: string;
  dob?: string;
  ssn?: string;
  sex: number;
  veteran?: number;
  race: string[];
  owner: 'northside' | 'lakeshore' | 'lead';
  by: string;
  consent: ConsentKind;
  locks?: string[];
  guardian?: boolean;
  phone?: { n: string; type: string; ok: boolean; preferred?: boolean; confirmedDaysAgo?: number };
  email?: string;
  address?: { line1: string; city: string; zip: string; type: string };
}

export const DEMO_CLIENTS: DemoClient[] = [
  { key: 'marcus', first: 'Marcus', last: 'Whitfield', dob: '1968-04-12', ssn: '412589637', sex: 1, veteran: 1, race: ['BlackAfAmerican'], owner: 'lead', by: 'hrs', consent: 'full', phone: { n: '(312) 555-0142', type: 'mobile', ok: true, preferred: true, confirmedDaysAgo: 6 }, email: 'marcus.whitfield@example.org' },
  { key: 'denise', first: 'Denise', last: 'Okafor', dob: '1979-09-30', ssn: '358209174', sex: 0, race: ['BlackAfAmerican'], owner: 'northside', by: 'provider', consent: 'full', phone: { n: '(773) 555-0118', type: 'mobile', ok: true, confirmedDaysAgo: 20 } },
  { key: 'rafael', first: 'Rafael', last: 'Gutiérrez', dob: '1985-01-22', ssn: '521xx8830', sex: 1, race: ['HispanicLatinao', 'White'], owner: 'northside', by: 'provider', consent: 'full', phone: { n: '(312) 555-0167', type: 'home', ok: false }, address: { line1: '4410 N Broadway', city: 'Chicago', zip: '60640', type: 'shelter' } },
  { key: 'lucia', first: 'Lucía', last: 'Morales', dob: '1992-07-14', ssn: '602913385', sex: 0, race: ['HispanicLatinao'], owner: 'lead', by: 'hrs', consent: 'limited', phone: { n: '(872) 555-0103', type: 'mobile', ok: true, preferred: true, confirmedDaysAgo: 2 } },
  { key: 'tanya', first: 'Tanya', last: 'Brooks', dob: '1988-11-03', ssn: '317604829', sex: 0, race: ['White'], owner: 'lakeshore', by: 'provider2', consent: 'full', locks: ['fleeing_dv'], phone: { n: '(312) 555-0188', type: 'mobile', ok: false } },
  { key: 'james', first: 'James', last: 'Kowalski', dob: '1957-02-18', ssn: '330815472', sex: 1, veteran: 0, race: ['White'], owner: 'lead', by: 'hrs', consent: 'full', locks: ['hiv_aids'], phone: { n: '(773) 555-0131', type: 'mobile', ok: true } },
  { key: 'kevin', first: 'Kevin', last: 'Tran', dob: '2009-05-05', sex: 1, race: ['Asian'], owner: 'lead', by: 'hrs', consent: 'limited', locks: ['unaccompanied_minor'], phone: { n: '(312) 555-0195', type: 'mobile', ok: true } },
  { key: 'gloria', first: 'Gloria', last: 'Washington', dob: '1961-06-25', ssn: '287430916', sex: 0, race: ['BlackAfAmerican'], owner: 'northside', by: 'provider', consent: 'expired', phone: { n: '(773) 555-0150', type: 'home', ok: true } },
  { key: 'samuel', first: 'Samuel', last: 'Adeyemi', dob: '1974-12-01', ssn: '455120387', sex: 1, race: ['BlackAfAmerican'], owner: 'lakeshore', by: 'provider2', consent: 'revoked' },
  { key: 'anon1', sex: 99, race: [], owner: 'northside', by: 'provider', consent: 'none' },
  { key: 'anon2', sex: 1, race: [], owner: 'lead', by: 'hrs', consent: 'none' },
  { key: 'anthony', first: 'Anthony', last: 'Russo', dob: '1983-03-09', ssn: '340918256', sex: 1, race: ['White'], owner: 'lead', by: 'hrs', consent: 'full', phone: { n: '(312) 555-0124', type: 'mobile', ok: true, confirmedDaysAgo: 40 }, email: 'a.russo@example.org' },
  { key: 'keisha', first: 'Keisha', last: 'Dawson', dob: '1990-10-10', ssn: '362017845', sex: 0, race: ['BlackAfAmerican'], owner: 'lakeshore', by: 'provider2', consent: 'full', email: 'keisha.dawson@example.org' },
  { key: 'robert', first: 'Robert', last: 'Nguyen', dob: '1970-08-08', ssn: 'xxxxx4821', sex: 1, race: ['Asian'], owner: 'northside', by: 'provider', consent: 'full', phone: { n: '(773) 555-0176', type: 'work', ok: false } },
  { key: 'maria', first: 'Maria', last: 'Santos', dob: '1995-04-04', ssn: '398560214', sex: 0, race: ['HispanicLatinao'], owner: 'lead', by: 'hrs', consent: 'full', phone: { n: '(312) 555-0109', type: 'mobile', ok: true, preferred: true, confirmedDaysAgo: 1 } },
  { key: 'darnell', first: 'Darnell', last: 'Hayes', dob: '1966-01-15', ssn: '319072648', sex: 1, veteran: 1, race: ['BlackAfAmerican'], owner: 'lead', by: 'hrs', consent: 'full', address: { line1: '1200 W Madison St', city: 'Chicago', zip: '60607', type: 'mailing' } },
  { key: 'elena', first: 'Elena', last: 'Petrova', dob: '1981-05-19', ssn: '427810395', sex: 0, race: ['White'], owner: 'northside', by: 'provider', consent: 'limited', phone: { n: '(872) 555-0161', type: 'mobile', ok: true } },
  { key: 'william', first: 'William', last: 'Carter', dob: '1953-09-09', ssn: '276094813', sex: 1, veteran: 1, race: ['White'], owner: 'lead', by: 'hrs', consent: 'full', phone: { n: '(312) 555-0137', type: 'home', ok: true } },
  { key: 'aisha', first: 'Aisha', last: 'Rahman', dob: '1998-02-27', ssn: '611208475', sex: 0, race: ['MidEastNAfrican'], owner: 'lakeshore', by: 'provider2', consent: 'full', phone: { n: '(773) 555-0112', type: 'mobile', ok: true } },
  { key: 'jonathan', first: 'Jonathan', last: 'Smith', dob: '1987-06-30', ssn: '384026517', sex: 1, race: ['AmIndAKNative'], owner: 'lead', by: 'hrs', consent: 'full', phone: { n: '(312) 555-0156', type: 'mobile', ok: true } },
  { key: 'priya', first: 'Priya', last: 'Natarajan', dob: '1976-11-11', ssn: '505731928', sex: 0, race: ['Asian'], owner: 'northside', by: 'provider', consent: 'full', email: 'priya.n@example.org' },
  { key: 'tomas', first: 'Tomás', last: 'Reyes', dob: '1964-10-02', ssn: '310862574', sex: 1, race: ['HispanicLatinao', 'NativeHIPacific'], owner: 'lead', by: 'hrs', consent: 'full', phone: { n: '(312) 555-0183', type: 'mobile', ok: false } },
  // Families (heads first).
  { key: 'angela', first: 'Angela', last: 'Johnson', dob: '1986-03-15', ssn: '351260948', sex: 0, race: ['BlackAfAmerican'], owner: 'lead', by: 'hrs', consent: 'full', phone: { n: '(773) 555-0145', type: 'mobile', ok: true, preferred: true, confirmedDaysAgo: 3 }, email: 'angela.johnson@example.org' },
  { key: 'tyrese', first: 'Tyrese', last: 'Johnson', dob: '2014-08-01', sex: 1, race: ['BlackAfAmerican'], owner: 'lead', by: 'hrs', consent: 'full', guardian: true },
  { key: 'imani', first: 'Imani', last: 'Johnson', dob: '2018-02-11', sex: 0, race: ['BlackAfAmerican'], owner: 'lead', by: 'hrs', consent: 'full', guardian: true },
  { key: 'carlos', first: 'Carlos', last: 'Hernández', dob: '1982-12-20', ssn: '420715386', sex: 1, race: ['HispanicLatinao'], owner: 'lakeshore', by: 'provider2', consent: 'full', phone: { n: '(312) 555-0171', type: 'mobile', ok: true } },
  { key: 'rosa', first: 'Rosa', last: 'Hernández', dob: '1984-06-07', ssn: '420915372', sex: 0, race: ['HispanicLatinao'], owner: 'lakeshore', by: 'provider2', consent: 'full', phone: { n: '(312) 555-0172', type: 'mobile', ok: true, preferred: true, confirmedDaysAgo: 10 } },
  { key: 'sofia', first: 'Sofía', last: 'Hernández', dob: '2012-09-14', sex: 0, race: ['HispanicLatinao'], owner: 'lakeshore', by: 'provider2', consent: 'full', guardian: true },
  { key: 'brianna', first: 'Brianna', last: 'Williams', dob: '1996-01-28', ssn: '378204615', sex: 0, race: ['BlackAfAmerican', 'White'], owner: 'lakeshore', by: 'provider2', consent: 'limited', locks: ['fleeing_dv'], phone: { n: '(872) 555-0127', type: 'mobile', ok: false, preferred: true } },
  { key: 'jayden', first: 'Jayden', last: 'Williams', dob: '2020-04-17', sex: 1, race: ['BlackAfAmerican', 'White'], owner: 'lakeshore', by: 'provider2', consent: 'limited', locks: ['fleeing_dv'], guardian: true },
];

const FAMILIES: { members: [string, number][] }[] = [
  { members: [['angela', 1], ['tyrese', 2], ['imani', 2]] },
  { members: [['carlos', 1], ['rosa', 3], ['sofia', 2]] },
  { members: [['brianna', 1], ['jayden', 2]] },
];


export async function loadDemoClients(tx: Tx, ids: { agencies: Record<string, string>; users: Record<string, string> }, now: Date): Promise<Record<string, string>> {
  const today = demoToday(now);
  const out: Record<string, string> = {};
  for (const c of DEMO_CLIENTS) {
    const id = newId();
    out[c.key] = id;
    const by = ids.users[c.by] ?? null;
    const anonymous = c.consent === 'none';
    await tx
      .insertInto('clients')
      .values({
        id,
        first_name: c.first ?? null,
        middle_name: c.middle ?? null,
        last_name: c.last ?? null,
        name_data_quality: anonymous ? 9 : 1,
        ssn: c.ssn ?? null,
        ssn_data_quality: c.ssn ? (c.ssn.includes('x') ? 2 : 1) : anonymous ? 9 : 8,
        dob: c.dob ?? null,
        dob_data_quality: c.dob ? 1 : 9,
        race: c.race,
        race_none: c.race.length ? null : 9,
        sex: c.sex,
        veteran_status: c.veteran ?? (c.dob && c.dob > minusDays(today, 18 * 365) ? 99 : 0),
        owner_agency_id: ids.agencies[c.owner]!,
        anonymous,
        lock_reasons: c.locks ?? [],
        created_at: now,
        updated_at: now,
        created_by: by,
      })
      .execute();
    const sharing: Sharing = c.consent === 'expired' || c.consent === 'revoked' ? 'full' : c.consent;
    const start = c.consent === 'expired' ? addYears(today, -4) : minusDays(today, 45);
    await tx
      .insertInto('client_consents')
      .values({
        id: newId(),
        client_id: id,
        sharing,
        start_date: start,
        end_date: defaultConsentEnd(start),
        witness: anonymous ? null : 'Harper Specialist',
        signed_by: c.guardian ? 'guardian' : 'self',
        signer_name: c.guardian ? 'Parent (see household)' : null,
        revoked_at: c.consent === 'revoked' ? new Date(now.getTime() - 5 * 86_400_000) : null,
        revoked_by: c.consent === 'revoked' ? by : null,
        revoke_reason: c.consent === 'revoked' ? 'Client asked to stop sharing.' : null,
        created_at: now,
        created_by: by,
      })
      .execute();
    const contacts = [];
    if (c.phone) {
      contacts.push({ kind: 'phone' as const, type: c.phone.type, value: c.phone.n, ok_to_leave_message: c.phone.ok, preferred: c.phone.preferred ?? false, last_confirmed_on: c.phone.confirmedDaysAgo !== undefined ? minusDays(today, c.phone.confirmedDaysAgo) : null });
    }
    if (c.email) contacts.push({ kind: 'email' as const, type: 'personal', value: c.email, ok_to_leave_message: true, preferred: false, last_confirmed_on: minusDays(today, 30) });
    if (c.address) contacts.push({ kind: 'address' as const, type: c.address.type, value: null, line1: c.address.line1, city: c.address.city, state: 'IL', zip: c.address.zip, ok_to_leave_message: false, preferred: false, last_confirmed_on: minusDays(today, 60) });
    for (const k of contacts) {
      await tx.insertInto('client_contacts').values({ id: newId(), client_id: id, ...k, created_at: now, created_by: by, updated_at: now }).execute();
    }
  }
  for (const f of FAMILIES) {
    const hid = newId();
    await tx.insertInto('households').values({ id: hid, created_at: now, created_by: ids.users.hrs ?? null }).execute();
    for (const [key, rel] of f.members) {
      await tx
        .insertInto('household_members')
        .values({ id: newId(), household_id: hid, client_id: out[key]!, relationship_to_hoh: rel, joined_on: minusDays(today, 120), created_at: now, created_by: ids.users.hrs ?? null })
        .execute();
    }
  }
  return out;
}
