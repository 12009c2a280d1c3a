/**
 * Messages in the users' words (docs/UI.md): every field error of a problem response is a sentence that
 * names the field by its label and says what to do ("Enter a user name of at least 3 characters."),
 * never a JSON pointer or a validator's text. The pointer stays beside it, machine-readable.
 *
 * Installed as zod's error map (`z.config({ customError })`, see schemas.ts), so it applies to every
 * schema that does not give its own message; a schema that does give one must write such a sentence.
 * The field's label is, in order: `.meta({ label })` on its schema, the labels below, or its name in
 * words ("decidedOn" → "decided on").
 */
import { z } from 'zod';

/** API field names → the label a user reads on the screen (lower case, as it stands inside a sentence). */
const LABELS: Record<string, string> = {
  username: 'user name',
  password: 'password',
  currentPassword: 'current password',
  newPassword: 'new password',
  totpCode: 'verification code',
  displayName: 'display name',
  email: 'e-mail address',
  firstName: 'first name',
  middleName: 'middle name',
  lastName: 'last name',
  dateOfBirth: 'date of birth',
  dobDataQuality: 'date of birth data quality',
  nameDataQuality: 'name data quality',
  ssn: 'SSN',
  ssnLast4: 'last four digits of the SSN',
  ssnDataQuality: 'SSN data quality',
  veteranStatus: 'veteran status',
  q: 'name',
  clientId: 'client',
  projectId: 'project',
  agencyId: 'agency',
  enrollmentId: 'enrollment',
  openingId: 'opening',
  referralId: 'referral',
  targetProjectId: 'target project',
  newHeadClientId: 'new head of household',
  memberClientIds: 'members who move',
  entryDate: 'project start date',
  exitDate: 'exit date',
  moveInDate: 'housing move-in date',
  referralDate: 'referral date',
  assessmentDate: 'assessment date',
  informationDate: 'information date',
  decidedOn: 'date of the decision',
  availableOn: 'available date',
  startDate: 'start date',
  endDate: 'end date',
  joinedOn: 'date joined',
  leftOn: 'date left',
  leavingDate: 'date the head leaves',
  effectiveOn: 'effective date',
  relationshipToHoH: 'relationship to the head of household',
  formerHeadRelationship: "former head's relationship",
  householdSize: 'household size',
  destination: 'destination',
  destinationSubsidyType: 'subsidy type',
  livingSituation: 'living situation',
  lengthOfStay: 'length of stay',
  disablingCondition: 'disabling condition',
  socialServiceContacts: 'social-service contacts',
  skipReason: 'reason for skipping higher-ranked households',
  note: 'note',
  reason: 'reason',
  denyReason: 'reason for the denial',
  revokeReason: 'reason for revoking',
  status: 'status',
  version: 'version',
  cursor: 'page cursor',
  limit: 'page size',
  sort: 'sort order',
  at: 'date and time',
  method: 'method',
  outcome: 'outcome',
  from: 'start of the period',
  to: 'end of the period',
  name: 'name',
  role: 'role',
  sharing: 'sharing',
  signedBy: 'signer',
  signerName: "signer's name",
  hmisProjectNumber: 'HMIS project number',
  projectType: 'project type',
  operatingStart: 'operating start date',
  operatingEnd: 'operating end date',
  grantId: 'grant ID',
  cocCode: 'CoC code',
  zip: 'ZIP code',
  phone: 'phone number',
  value: 'value',
  bedrooms: 'bedrooms',
  population: 'population',
  id: 'ID',
};

/** "decidedOn" → "decided on"; "hmisProjectNumber" → "hmis project number". */
function words(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
}

/** The label of the field at `path` (the last named segment), from its schema's meta, the table or its name. */
export function fieldLabel(path: readonly PropertyKey[], meta?: { label?: unknown } | undefined): string {
  if (typeof meta?.label === 'string') return meta.label;
  const key = [...path].reverse().find((k): k is string => typeof k === 'string');
  if (key === undefined) return 'request';
  return LABELS[key] ?? words(key);
}

const article = (phrase: string) => (/^[aeiou]/i.test(phrase) && !/^(user|one|eu)/i.test(phrase) ? 'an' : 'a');
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

type Issue = {
  code?: string;
  path?: PropertyKey[];
  input?: unknown;
  expected?: string;
  origin?: string;
  format?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  values?: unknown[];
  keys?: string[];
  divisor?: number;
  message?: string;
  inst?: unknown;
  schema?: unknown;
};

function metaOf(iss: Issue): { label?: unknown } | undefined {
  for (const s of [iss.schema, iss.inst]) {
    if (s && typeof s === 'object') {
      const m = z.globalRegistry.get(s as z.ZodType) as { label?: unknown } | undefined;
      if (m && typeof m.label === 'string') return m;
    }
  }
  return undefined;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'as text',
  number: 'as a number',
  int: 'as a whole number',
  boolean: 'as yes or no (true or false)',
  array: 'as a list',
  object: 'as a group of fields (a JSON object)',
  date: 'as a date',
};

/** The sentence for one validation issue (zod 4's raw issue), or undefined to leave zod's own. */
export function sentenceFor(iss: Issue): string | undefined {
  // No path: the body itself (or a union's inner attempt, which is not shown to the user).
  const path = iss.path ?? [];
  const label = fieldLabel(path, metaOf(iss));
  const the = path.length === 0 ? 'the request body' : `the ${label}`;
  const missing = iss.input === undefined;
  const min = Number(iss.minimum);
  const max = Number(iss.maximum);
  switch (iss.code) {
    case 'invalid_type': {
      if (path.length === 0) return 'Send the request body as a JSON object.';
      if (missing) return iss.expected === 'array' ? `Give ${the}.` : iss.expected === 'boolean' ? `Answer ${the}.` : `Enter ${the}.`;
      if (iss.input === null) return `Enter ${the}: it cannot be empty.`;
      return `Enter ${the} ${TYPE_WORDS[iss.expected ?? ''] ?? 'in the expected form'}.`;
    }
    case 'too_small': {
      if (iss.origin === 'string') return min <= 1 ? `Enter ${the}.` : `Enter ${article(label)} ${label} of at least ${plural(min, 'character', 'characters')}.`;
      if (iss.origin === 'array' || iss.origin === 'set') return `Give at least ${plural(min, 'entry', 'entries')} for ${the}.`;
      return `Enter ${article(label)} ${label} of ${iss.inclusive === false ? 'more than' : 'at least'} ${min}.`;
    }
    case 'too_big': {
      if (iss.origin === 'string') return `Shorten ${the} to at most ${plural(max, 'character', 'characters')}.`;
      if (iss.origin === 'array' || iss.origin === 'set') return `Give at most ${plural(max, 'entry', 'entries')} for ${the}.`;
      return `Enter ${article(label)} ${label} of ${iss.inclusive === false ? 'less than' : 'at most'} ${max}.`;
    }
    case 'invalid_format': {
      if (iss.format === 'date') return `Enter ${the} as a date (YYYY-MM-DD).`;
      if (iss.format === 'datetime') return `Enter ${the} as a date and time with its offset (e.g. 2026-12-07T15:30:00-06:00).`;
      if (iss.format === 'email') return `Enter ${the} as an e-mail address, like name@example.org.`;
      if (iss.format === 'url') return `Enter ${the} as a web address.`;
      return `Enter a valid ${label}.`;
    }
    case 'invalid_value': {
      if (missing) return `Choose ${the}.`;
      const values = (iss.values ?? []).map((v) => JSON.stringify(v));
      return values.length > 0 && values.length <= 8 ? `Choose ${the} from the list (${values.join(', ')}).` : `Choose ${the} from the list.`;
    }
    case 'unrecognized_keys': {
      const keys = iss.keys ?? [];
      return `Remove ${keys.map((k) => `“${k}”`).join(', ')}: ${keys.length === 1 ? 'it is not a field' : 'they are not fields'} of ${path.length === 0 ? 'this request' : the}.`;
    }
    case 'not_multiple_of':
      return iss.divisor === 1 ? `Enter ${the} as a whole number.` : `Enter ${the} as a multiple of ${iss.divisor}.`;
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
      return missing ? `Enter ${the}.` : `Enter a valid ${label}.`;
    default:
      return `Check ${the}.`;
  }
}

/**
 * A sentence for text that cannot be stored (`domain/text.ts` says why, as a phrase that follows the
 * field's name: "must not contain control characters (…)"), at JSON Pointer `pointer` of the request part.
 */
export function textProblemSentence(pointer: string, why: string): string {
  const path = pointer.split('/').slice(1).map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (why.startsWith('nested ')) return `Send ${path.length === 0 ? 'the request' : `the ${fieldLabel(path)}`} with less nesting: it is ${why}.`;
  return `The ${path.length === 0 ? 'request' : fieldLabel(path)} ${why}.`;
}

/** True when `message` follows the convention: one or more sentences, from a capital to a full stop. */
export function isUserSentence(message: string): boolean {
  return /^[A-Z“"0-9]/.test(message) && /[.?!)”]$/.test(message.trim()) && !/(^|\s)\/[a-zA-Z]/.test(message) && !/^(Invalid|Too (small|big)|Expected|Required)\b/.test(message);
}

let installed = false;

/** Makes the sentences above zod's default messages (idempotent; schemas.ts calls it once). */
export function installFieldMessages(): void {
  if (installed) return;
  installed = true;
  z.config({ customError: (iss) => sentenceFor(iss as unknown as Issue) });
}
