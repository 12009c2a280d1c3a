import type { Action } from '../domain/access.ts';
import type { ActiveSession } from '../usecases/auth/sessions.ts';
import type { RequestContext } from '../usecases/context.ts';
import type { Database } from '../data/db.ts';
import type { Clock } from '../clock.ts';
import type { AppConfig } from '../config.ts';

/**
 * What a route needs before its handler runs. `public`: nobody need be signed in;
 * `signedIn`: any signed-in user (the handler or the gateway decides per record); otherwise an action of the access module.
 */
export type RouteAccess = 'public' | 'signedIn' | Action;

export interface AppDeps {
  database: Database;
  /** The read replica (DATABASE_REPLICA_URL): reports and HUD exports read from it. */
  replica?: Database | undefined;
  clock: Clock;
  config: AppConfig;
  /** Pino options or false; tests keep the log quiet. */
  logger?: boolean | Record<string, unknown>;
  /** Folder of the built web app; omitted when the API runs alone. */
  webRoot?: string | undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** Sign-in must run before a session exists, so it carries no CSRF token; it checks Origin instead. */
    skipCsrf?: boolean;
    /** The route reads or writes client data: refused (403) until the user has accepted the current user agreement. */
    clientData?: boolean;
    /** Open to a restricted session (one that must first enrol MFA or change an expired password). */
    allowRestricted?: boolean;
    /** Reads the session without counting as activity (idle timeout status). */
    sessionPeek?: boolean;
  }
  interface FastifyRequest {
    ctx: RequestContext;
    session: ActiveSession | null;
  }
  interface FastifyInstance {
    deps: AppDeps;
    routeList: { method: string; url: string; hidden: boolean }[];
  }
}
