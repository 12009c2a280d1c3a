/**
 * Demo Coordinated Entry data: CE enrollments (families through their heads) with the 3.917
 * chronic-homelessness inputs, CE assessments with scores, the standardized answers, prioritization
 * status and social-service contacts, current living situation contacts, client notes from several
 * agencies (some unread) and two small documents. Deterministic: everything is derived from the
 * tables below and the clock. A few full-consent clients (Maria Santos, Jonathan Smith, Priya
 * Natarajan) are left without a CE enrollment so that a demo HRS can enroll and assess them.
 */
import { demoToday, minusDays } from './today.ts';
import zlib from 'node:zlib';
import type { Tx } from '../data/db.ts';
import { DocumentStore, sha256 } from '../data/documents-store.ts';
import { derivedLosUnderThreshold } from '../domain/ce/living-situation.ts';
import { newId } from '../domain/ids.ts';
import { DEMO_CLIENTS } from './clients.ts';
import { insertDemoStageRecord } from './data-collection.ts';

interface DemoIdsLike {
  projects: Record<string, string>;
  users: Record<string, string>;
  agencies: Record<string, string>;
  clients?: Record<string, string>;
}

interface Contact {
  name: string;
  organization: string;
  role?: string;
  phone?: string;
  email?: string;
  notes?: string;
}

interface DemoCe {
  key: string;
  /** Days before today the CE enrollment started. */
  enteredDaysAgo: number;
  members?: [string, number][];
  disabling: number;
  living: number;
  los: number;
  previousStreet?: number;
  /** Days before the entry date the current episode started. */
  homelessDaysBeforeEntry?: number;
  times: number;
  months: number;
  score: number;
  prioritized: boolean;
  type: 1 | 2 | 3;
  contacts: Contact[];
  /** An earlier crisis-needs assessment too. */
  interim?: boolean;
}

const CE: DemoCe[] = [
  {
    key: 'marcus', enteredDaysAgo: 60, disabling: 1, living: 116, los: 5, homelessDaysBeforeEntry: 730, times: 4, months: 113, score: 14, prioritized: true, type: 3, interim: true,
    contacts: [
      { name: 'Dana Ellis', organization: 'Jesse Brown VA Medical Center', role: 'HUD-VASH social worker', phone: '(312) 555-0190', email: 'dana.ellis@example.org', notes: 'Sees Marcus every other Tuesday; best reached mornings.' },
      { name: 'Pastor Ray Greene', organization: 'Uptown Warming Center', role: 'Shelter coordinator', phone: '(773) 555-0114' },
    ],
  },
  { key: 'denise', enteredDaysAgo: 40, disabling: 0, living: 101, los: 3, homelessDaysBeforeEntry: 80, times: 1, months: 103, score: 7, prioritized: true, type: 3, contacts: [{ name: 'Lena Park', organization: 'Northside Emergency Shelter', role: 'Case worker', phone: '(773) 555-0119' }] },
  {
    key: 'rafael', enteredDaysAgo: 95, disabling: 1, living: 207, los: 3, previousStreet: 1, homelessDaysBeforeEntry: 420, times: 3, months: 110, score: 11, prioritized: true, type: 1,
    contacts: [{ name: 'Officer M. Diaz', organization: 'Cook County Reentry Services', role: 'Reentry navigator', phone: '(312) 555-0133', email: 'm.diaz@example.org' }],
  },
  { key: 'lucia', enteredDaysAgo: 30, disabling: 1, living: 101, los: 4, homelessDaysBeforeEntry: 200, times: 2, months: 107, score: 9, prioritized: true, type: 3, contacts: [{ name: 'Ana Lima', organization: 'Mujeres Latinas en Acción', role: 'Advocate', phone: '(773) 555-0108' }] },
  { key: 'tanya', enteredDaysAgo: 20, disabling: 0, living: 336, los: 11, previousStreet: 1, homelessDaysBeforeEntry: 25, times: 1, months: 101, score: 6, prioritized: true, type: 2, contacts: [{ name: 'Confidential advocate', organization: 'Domestic violence hotline partner', role: 'DV advocate', phone: '(312) 555-0100', notes: 'Do not leave messages that mention housing.' }] },
  {
    key: 'james', enteredDaysAgo: 150, disabling: 1, living: 118, los: 5, homelessDaysBeforeEntry: 900, times: 4, months: 113, score: 16, prioritized: true, type: 3,
    contacts: [
      { name: 'Dr. Helen Cho', organization: 'Howard Brown Health', role: 'Primary care physician', phone: '(773) 555-0177' },
      { name: 'Marcus Lee', organization: 'AIDS Foundation of Chicago', role: 'Case manager', phone: '(312) 555-0165', email: 'mlee@example.org' },
    ],
  },
  { key: 'kevin', enteredDaysAgo: 12, disabling: 99, living: 336, los: 10, previousStreet: 1, homelessDaysBeforeEntry: 12, times: 1, months: 101, score: 8, prioritized: true, type: 3, contacts: [{ name: 'Jordan Bell', organization: 'Teen Living Programs', role: 'Youth outreach worker', phone: '(312) 555-0152' }] },
  { key: 'anthony', enteredDaysAgo: 75, disabling: 1, living: 116, los: 4, homelessDaysBeforeEntry: 330, times: 2, months: 111, score: 10, prioritized: true, type: 3, contacts: [{ name: 'Street outreach team', organization: 'Thresholds', role: 'Outreach', phone: '(773) 555-0186' }] },
  { key: 'keisha', enteredDaysAgo: 18, disabling: 0, living: 335, los: 2, previousStreet: 0, times: 1, months: 101, score: 3, prioritized: false, type: 1, contacts: [] },
  { key: 'robert', enteredDaysAgo: 200, disabling: 1, living: 101, los: 5, homelessDaysBeforeEntry: 500, times: 4, months: 112, score: 13, prioritized: true, type: 3, contacts: [{ name: 'Grace Kim', organization: 'Heartland Health Outreach', role: 'Nurse', phone: '(773) 555-0128' }] },
  {
    key: 'darnell', enteredDaysAgo: 110, disabling: 1, living: 116, los: 5, homelessDaysBeforeEntry: 1500, times: 4, months: 113, score: 17, prioritized: true, type: 3,
    contacts: [{ name: 'Sgt. (ret.) Paul Owens', organization: 'Volunteers of America Illinois', role: 'SSVF case manager', phone: '(312) 555-0147', email: 'p.owens@example.org' }],
  },
  { key: 'elena', enteredDaysAgo: 25, disabling: 0, living: 314, los: 10, previousStreet: 1, homelessDaysBeforeEntry: 40, times: 1, months: 102, score: 5, prioritized: true, type: 2, contacts: [] },
  { key: 'william', enteredDaysAgo: 130, disabling: 1, living: 206, los: 2, previousStreet: 1, homelessDaysBeforeEntry: 600, times: 4, months: 113, score: 15, prioritized: true, type: 3, contacts: [{ name: 'Ruth Adams', organization: 'Rush University Medical Center', role: 'Discharge planner', phone: '(312) 555-0159' }] },
  { key: 'aisha', enteredDaysAgo: 8, disabling: 0, living: 101, los: 10, homelessDaysBeforeEntry: 8, times: 1, months: 101, score: 4, prioritized: false, type: 1, contacts: [] },
  { key: 'tomas', enteredDaysAgo: 55, disabling: 1, living: 116, los: 4, homelessDaysBeforeEntry: 260, times: 3, months: 109, score: 12, prioritized: true, type: 3, contacts: [{ name: 'Beatriz Soto', organization: 'Erie Family Health', role: 'Community health worker', phone: '(312) 555-0138' }] },
  // Families, through their heads.
  {
    key: 'angela', enteredDaysAgo: 35, members: [['tyrese', 2], ['imani', 2]], disabling: 0, living: 101, los: 3, homelessDaysBeforeEntry: 70, times: 2, months: 104, score: 11, prioritized: true, type: 3,
    contacts: [{ name: 'Ms. Lopez', organization: 'Stockton Elementary School', role: 'School social worker', phone: '(773) 555-0121', notes: 'Knows the children; can pass a message to Angela at pick-up.' }],
  },
  { key: 'carlos', enteredDaysAgo: 50, members: [['rosa', 3], ['sofia', 2]], disabling: 0, living: 335, los: 3, previousStreet: 0, times: 1, months: 102, score: 8, prioritized: true, type: 2, contacts: [{ name: 'Father Miguel', organization: 'St. Pius V Parish', role: 'Parish outreach', phone: '(312) 555-0166' }] },
  { key: 'brianna', enteredDaysAgo: 15, members: [['jayden', 2]], disabling: 1, living: 101, los: 10, homelessDaysBeforeEntry: 15, times: 1, months: 101, score: 10, prioritized: true, type: 3, contacts: [{ name: 'Confidential advocate', organization: 'Family Rescue', role: 'DV advocate', phone: '(773) 555-0102' }] },
];

/** The CoC's standardized assessment (a short, illustrative set of questions). */
const QUESTIONS: { group: string; question: string; answer: (d: DemoCe) => string }[] = [
  { group: 'History of housing and homelessness', question: 'Where do you sleep most frequently?', answer: (d) => (d.living === 116 ? 'Outdoors' : d.living === 101 ? 'Shelter' : d.living === 118 ? 'Safe Haven' : 'Other') },
  { group: 'History of housing and homelessness', question: 'How long has it been since you lived in permanent stable housing?', answer: (d) => `${Math.round((d.homelessDaysBeforeEntry ?? 10) / 30)} months` },
  { group: 'Risks', question: 'Have you been taken to the emergency room in the past six months?', answer: (d) => (d.score >= 10 ? 'Yes' : 'No') },
  { group: 'Risks', question: 'Has anyone tried to harm you since you became homeless?', answer: (d) => (d.score >= 12 ? 'Yes' : 'Prefers not to answer') },
  { group: 'Socialization and daily functioning', question: 'Is there a person or agency you owe money to?', answer: () => 'No' },
  { group: 'Wellness', question: 'Do you have a chronic health issue with your liver, kidneys, stomach, lungs or heart?', answer: (d) => (d.disabling === 1 ? 'Yes' : 'No') },
];

const NOTES: { client: string; by: string; agency: string; body: string; minutesAgo: number; readBy?: string[] }[] = [
  { client: 'marcus', by: 'hrs', agency: 'lead', body: 'Marcus prefers to be called after 10am. He keeps his VA appointments on Tuesdays.', minutesAgo: 60 * 24 * 3, readBy: ['matcher'] },
  { client: 'marcus', by: 'provider', agency: 'northside', body: 'Left a voicemail about the PSH opening; will try again tomorrow morning.', minutesAgo: 60 * 5 },
  { client: 'angela', by: 'provider2', agency: 'lakeshore', body: 'Family toured the unit; Angela asked about the school bus route from the new address.', minutesAgo: 60 * 26 },
  { client: 'angela', by: 'hrs', agency: 'lead', body: 'Birth certificates for both children are on file (documents tab).', minutesAgo: 60 * 24 * 2, readBy: ['provider2'] },
  { client: 'darnell', by: 'matcher', agency: 'lead', body: 'Top of the veterans list this week; check SSVF eligibility before matching.', minutesAgo: 60 * 8 },
  { client: 'denise', by: 'provider', agency: 'northside', body: 'Denise has a new phone number; updated on the profile.', minutesAgo: 60 * 30 },
];


/** A one-page PDF saying it is a demo homeless verification. */
export function tinyPdf(text: string): Buffer {
  const safe = text.replace(/[()\\]/g, '');
  const stream = `BT /F1 14 Tf 50 750 Td (${safe}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A small valid PNG (a grey card with a darker band), made in code. */
export function tinyPng(width = 48, height = 30): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0;
    for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = y > 8 && y < 14 ? 90 : 220;
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

export async function loadDemoCoordinatedEntry(tx: Tx, ids: DemoIdsLike, now: Date, dataDir?: string): Promise<void> {
  const clients = ids.clients ?? {};
  const ceProject = ids.projects.ce;
  const hrs = ids.users.hrs ?? null;
  if (!ceProject) return;
  const today = demoToday(now);
  const coc = (await tx.selectFrom('project_cocs').select('coc_code').where('project_id', '=', ceProject).executeTakeFirst())?.coc_code ?? 'XX-999';
  const location = 'Coordinated Entry System — Uptown access point';
  for (const [i, d] of CE.entries()) {
    const clientId = clients[d.key];
    if (!clientId) continue;
    const entryDate = minusDays(today, d.enteredDaysAgo);
    const created = new Date(Date.parse(entryDate + 'T15:00:00Z'));
    const householdId = newId();
    const enrollmentId = newId();
    const homeless = d.living >= 100 && d.living < 200;
    await tx
      .insertInto('enrollments')
      .values({
        id: enrollmentId,
        client_id: clientId,
        project_id: ceProject,
        household_id: householdId,
        relationship_to_hoh: 1,
        entry_date: entryDate,
        enrollment_coc: coc,
        disabling_condition: d.disabling,
        living_situation: d.living,
        length_of_stay: d.los,
        los_under_threshold: derivedLosUnderThreshold(d.living, d.los),
        previous_street_essh: homeless ? null : (d.previousStreet ?? 0),
        date_to_street_essh: d.homelessDaysBeforeEntry !== undefined ? minusDays(entryDate, d.homelessDaysBeforeEntry) : null,
        times_homeless_past_three_years: d.times,
        months_homeless_past_three_years: d.months,
        created_at: created,
        created_by: hrs,
        updated_at: created,
        updated_by: hrs,
      })
      .execute();
    for (const [key, rel] of d.members ?? []) {
      if (!clients[key]) continue;
      const memberEnrollmentId = newId();
      await tx
        .insertInto('enrollments')
        .values({ id: memberEnrollmentId, client_id: clients[key]!, project_id: ceProject, household_id: householdId, relationship_to_hoh: rel, entry_date: entryDate, disabling_condition: 0, created_at: created, created_by: hrs, updated_at: created, updated_by: hrs })
        .execute();
      const dob = DEMO_CLIENTS.find((c) => c.key === key)?.dob ?? null;
      await insertDemoStageRecord(tx, { enrollmentId: memberEnrollmentId, clientId: clients[key]!, member: { relationshipToHoH: rel, dob, entryDate }, projectType: 14, stage: 1, date: entryDate, at: created, by: hrs });
    }
    await insertDemoStageRecord(tx, { enrollmentId, clientId, member: { relationshipToHoH: 1, entryDate }, projectType: 14, stage: 1, date: entryDate, at: created, by: hrs }, { disabling: d.disabling === 1 });
    const chronicInputs = {
      livingSituation: d.living,
      rentalSubsidyType: null,
      lengthOfStay: d.los,
      losUnderThreshold: derivedLosUnderThreshold(d.living, d.los),
      previousStreetEssh: homeless ? null : (d.previousStreet ?? 0),
      dateToStreetEssh: d.homelessDaysBeforeEntry !== undefined ? minusDays(entryDate, d.homelessDaysBeforeEntry) : null,
      timesHomelessPastThreeYears: d.times,
      monthsHomelessPastThreeYears: d.months,
      disablingCondition: d.disabling,
      entryDate,
    };
    const assessments: { date: string; level: number; prioritized: boolean; score: number | null; contacts: Contact[] }[] = [];
    if (d.interim) assessments.push({ date: entryDate, level: 1, prioritized: false, score: null, contacts: d.contacts.slice(0, 1) });
    assessments.push({ date: minusDays(today, Math.max(0, d.enteredDaysAgo - 3 - (i % 4))), level: 2, prioritized: d.prioritized, score: d.score, contacts: d.contacts });
    for (const a of assessments) {
      const at = new Date(Date.parse(a.date + 'T16:00:00Z'));
      await tx
        .insertInto('ce_assessments')
        .values({
          id: newId(),
          enrollment_id: enrollmentId,
          client_id: clientId,
          assessment_date: a.date,
          assessment_location: location,
          assessment_type: d.type,
          assessment_level: a.level,
          prioritization_status: a.prioritized ? 1 : 2,
          score: a.score,
          answers: JSON.stringify(a.level === 2 ? QUESTIONS.map((q) => ({ group: q.group, question: q.question, answer: q.answer(d) })) : []),
          social_service_contacts: JSON.stringify(a.contacts.map((c) => ({ name: c.name, organization: c.organization, role: c.role ?? null, phone: c.phone ?? null, email: c.email ?? null, notes: c.notes ?? null }))),
          chronic_inputs: JSON.stringify(chronicInputs),
          created_at: at,
          created_by: hrs,
          updated_at: at,
          updated_by: hrs,
        })
        .execute();
    }
    await tx
      .insertInto('current_living_situations')
      .values({
        id: newId(),
        enrollment_id: enrollmentId,
        client_id: clientId,
        information_date: minusDays(today, Math.max(0, d.enteredDaysAgo - 5)),
        current_living_situation: d.living === 207 || d.living === 206 ? 116 : d.living,
        location_details: homeless ? 'Uptown, near Lawrence and Broadway' : null,
        verified_by: d.living === 101 ? 'Shelter staff' : null,
        created_at: now,
        created_by: hrs,
        updated_at: now,
      })
      .execute();
  }

  for (const [i, n] of NOTES.entries()) {
    const clientId = clients[n.client];
    const author = ids.users[n.by];
    if (!clientId || !author) continue;
    const id = newId();
    const at = new Date(now.getTime() - n.minutesAgo * 60_000 + i);
    await tx.insertInto('client_notes').values({ id, client_id: clientId, author_id: author, agency_id: ids.agencies[n.agency] ?? null, body: n.body, created_at: at }).execute();
    for (const u of [n.by, ...(n.readBy ?? [])]) {
      const userId = ids.users[u];
      if (userId) await tx.insertInto('client_note_reads').values({ user_id: userId, note_id: id, read_at: at }).execute();
    }
  }

  // Documents need the data folder (the running server's); tests that start without one get none.
  if (dataDir) {
    const store = new DocumentStore(dataDir);
    const docs = [
      { client: 'marcus', type: 'homeless_verification', filename: 'homeless-verification-letter.pdf', contentType: 'application/pdf', bytes: tinyPdf('Demo homeless verification letter - Uptown Warming Center') },
      { client: 'angela', type: 'id', filename: 'state-id-card.png', contentType: 'image/png', bytes: tinyPng() },
    ];
    for (const doc of docs) {
      const clientId = clients[doc.client];
      if (!clientId) continue;
      const id = newId();
      const key = DocumentStore.keyFor(id);
      await store.write(key, doc.bytes);
      await tx
        .insertInto('client_documents')
        .values({ id, client_id: clientId, agency_id: ids.agencies.lead ?? null, document_type: doc.type, filename: doc.filename, content_type: doc.contentType, size_bytes: doc.bytes.length, sha256: sha256(doc.bytes), storage_key: key, uploaded_at: now, uploaded_by: hrs })
        .execute();
    }
  }
}
