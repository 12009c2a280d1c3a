/**
 * Errors the rules and use cases raise. They say what went wrong in the users' words; the HTTP layer
 * turns them into problem documents (RFC 9457) with the matching status.
 */
export interface FieldProblem {
  /** JSON Pointer into the request, e.g. "/members/0/relationshipToHoH". */
  pointer: string;
  message: string;
}

/** What the audit log keeps of a refused attempt (written after the refused change is rolled back). */
export interface RefusalAudit {
  action: string;
  entityType?: string;
  entityId?: string;
  reason: string;
  details?: Record<string, unknown>;
}

export class DomainError extends Error {
  readonly status: number;
  readonly title: string;
  readonly errors: FieldProblem[];
  readonly extra: Record<string, unknown>;
  /** Set by `audited()`: the HTTP layer writes it to the audit log outside the failed transaction. */
  refusalAudit: RefusalAudit | undefined;
  constructor(status: number, title: string, detail: string, errors: FieldProblem[] = [], extra: Record<string, unknown> = {}) {
    super(detail);
    this.status = status;
    this.title = title;
    this.errors = errors;
    this.extra = extra;
  }

  audited(entry: RefusalAudit): this {
    this.refusalAudit = entry;
    return this;
  }
}

/** Missing, or the caller may not see it: the two are indistinguishable on purpose. */
export class NotFoundError extends DomainError {
  constructor(what = 'record') {
    super(404, 'Not found', `No such ${what}.`);
  }
}

/** The caller can see the record but may not take this action on it. */
export class ForbiddenError extends DomainError {
  constructor(detail = 'You are not allowed to do this.') {
    super(403, 'Forbidden', detail);
  }
}

/** A business rule refuses the change (HTTP 422). `rule` names it for clients. */
export class RuleViolation extends DomainError {
  constructor(detail: string, errors: FieldProblem[] = [], rule?: string) {
    super(422, 'Rule violated', detail, errors, rule ? { rule } : {});
  }
}

/** The record changed since the caller read it. */
export class StaleVersionError extends DomainError {
  constructor(currentVersion?: number) {
    super(
      409,
      'Conflict',
      'This record was changed by someone else since you opened it. Reload it and try again.',
      [{ pointer: '/version', message: 'Reload the record: someone else changed it since you opened it.' }],
      currentVersion === undefined ? {} : { currentVersion },
    );
  }
}

export class ConflictError extends DomainError {
  constructor(detail: string, errors: FieldProblem[] = []) {
    super(409, 'Conflict', detail, errors);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(detail = 'Sign in to continue.', extra: Record<string, unknown> = {}) {
    super(401, 'Unauthorized', detail, [], extra);
  }
}

export class TooManyRequestsError extends DomainError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super(429, 'Too many attempts', `Too many failed sign-in attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
