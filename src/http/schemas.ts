import { z } from 'zod';
import { decodeKeyCursor, decodeOffsetCursor, decodeSortCursor } from '../domain/cursors.ts';
import { ID_PATTERN } from '../domain/ids.ts';
import { fieldLabel, installFieldMessages } from './field-messages.ts';
import { hudSpec } from '../domain/hud/spec.ts';
import { hudForbiddenCharacter, HUD_FORBIDDEN_LIST } from '../domain/hud/text.ts';

// Field errors are sentences in the users' words, naming the field by its label (field-messages.ts).
installFieldMessages();

/** Shared pieces of the API contract. Text that cannot be stored is refused for every string (validation.ts). */
export const Id = z.string().regex(ID_PATTERN, {
  error: (iss) => {
    const label = fieldLabel(iss.path ?? []);
    return `Enter a valid ${/\bID$/.test(label) ? label : `${label} ID`} (up to 32 letters, digits, - or _).`;
  },
});
/** A calendar date; year 0000 is refused here (PostgreSQL has no year 0). */
export const IsoDate = z.iso.date().refine((d) => !d.startsWith('0000'), { error: (iss) => `Enter the ${fieldLabel(iss.path ?? [])} as a date from year 0001 on.` });

const CURSOR_MESSAGE = 'Start again from the first page: this page cursor is not one this list gave out.';
/** A keyset cursor (date, id) as the referral lists give out in `nextCursor`. */
export const KeyCursor = z.string().max(200).refine((c) => decodeKeyCursor(c) !== null, CURSOR_MESSAGE);
/** An offset cursor as the CE list gives out in `nextCursor`. */
export const OffsetCursor = z.string().max(200).refine((c) => decodeOffsetCursor(c) !== null, CURSOR_MESSAGE);
/** A sorted list's cursor (sort, id, value) as the caseload gives out in `nextCursor`. */
export const SortCursor = z.string().max(200).refine((c) => decodeSortCursor(c) !== null, CURSOR_MESSAGE);
/** Text without HUD's forbidden characters (`< > [ ] { }`): the importer's rule, domain/hud/text.ts. */
export const withoutHudForbidden = (s: z.ZodString) =>
  s.refine((v) => hudForbiddenCharacter(v) === null, { error: (iss) => `Enter the ${fieldLabel(iss.path ?? [])} without ${HUD_FORBIDDEN_LIST}: HUD's data format does not allow them.` });

/**
 * Text Hearth exports to a HUD CSV column (`file`, `column` of FY2026): trimmed, at most the column's
 * length (or `max` when the product keeps it shorter) and without HUD's forbidden characters — the
 * importer's own rule, so that whatever is accepted here exports into a set that imports (issue 15).
 */
export function HudText(file: string, column: string, max?: number) {
  const length = hudSpec('2026').file(file)?.column(column)?.maxLength;
  if (!length) throw new Error(`${file} ${column} is not a HUD text column`);
  return withoutHudForbidden(z.string().trim().max(Math.min(length, max ?? length)));
}

export const Problem = z
  .object({
    type: z.string(),
    status: z.number().int(),
    title: z.string(),
    detail: z.string(),
    errors: z.array(z.object({ pointer: z.string(), message: z.string() })).optional(),
  })
  .loose()
  .describe('RFC 9457 problem document (application/problem+json)');

/** The error answers every route may give, documented once. */
export const problemResponses = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  409: Problem,
  422: Problem,
  503: Problem,
} as const;

export const ListOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
