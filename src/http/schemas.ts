import { z } from 'zod';
import { ID_PATTERN } from '../domain/ids.ts';

/** Shared pieces of the API contract. */
export const Id = z.string().regex(ID_PATTERN, 'must be an ID of at most 32 letters, digits, - or _');
export const IsoDate = z.iso.date();
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
