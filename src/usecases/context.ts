import type { Clock } from '../clock.ts';
import type { Actor } from '../domain/access.ts';
import type { SettingsSnapshot } from './settings-cache.ts';

/** What every use case knows about the request it serves: who, when, from where. */
export interface RequestContext {
  actor: Actor | null;
  requestId: string;
  address: string | null;
  clock: Clock;
  /**
   * The CoC configuration version the request's session query saw, and the process's cache of it
   * (src/usecases/settings-cache.ts). Absent outside signed-in HTTP requests: the configuration is read.
   */
  settings?: SettingsSnapshot | undefined;
}

export function requireActor(ctx: RequestContext): Actor {
  if (!ctx.actor) throw new Error('use case needs a signed-in actor');
  return ctx.actor;
}
