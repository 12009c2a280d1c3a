import type { Clock } from '../clock.ts';
import type { Actor } from '../domain/access.ts';

/** What every use case knows about the request it serves: who, when, from where. */
export interface RequestContext {
  actor: Actor | null;
  requestId: string;
  address: string | null;
  clock: Clock;
}

export function requireActor(ctx: RequestContext): Actor {
  if (!ctx.actor) throw new Error('use case needs a signed-in actor');
  return ctx.actor;
}
