import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';
import type { ZodType } from 'zod';
import { textProblems } from '../domain/text.ts';
import { textProblemSentence } from './field-messages.ts';

/** The mark fastify-type-provider-zod puts on its validation errors (a registered symbol): the error handler reads both alike. */
const ZOD_VALIDATION = Symbol.for('ZodFastifySchemaValidationError');

/**
 * The schema layer for every route: before its zod schema, every string of the body, query, params and
 * headers is checked for text that cannot be stored (NUL, control characters, lone surrogates) and for
 * nesting deeper than any request takes — a 400 naming each field, whatever the route forgot.
 */
export const validatorCompiler: FastifySchemaCompiler<ZodType> = (route) => {
  const zod = zodValidatorCompiler(route);
  return (data) => {
    const problems = textProblems(data);
    if (problems.length === 0) return zod(data);
    return {
      error: problems.map((p) => ({ [ZOD_VALIDATION]: true, keyword: 'text', instancePath: p.pointer, schemaPath: '#', message: textProblemSentence(p.pointer, p.message), params: {} })) as never,
    };
  };
};
