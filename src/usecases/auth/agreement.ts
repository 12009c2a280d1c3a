import type { Tx } from '../../data/db.ts';
import { RuleViolation } from '../../domain/errors.ts';
import { agreementCurrent, type UserAgreement } from '../../domain/security-settings.ts';
import { writeAudit } from '../audit.ts';
import { requireActor, type RequestContext } from '../context.ts';
import { loadSecurity } from './settings.ts';

export interface AgreementStatus {
  agreement: UserAgreement;
  acceptedAt: Date | null;
  acceptedVersion: string | null;
  current: boolean;
  /** When the acceptance must be renewed (null when not current). */
  renewBy: Date | null;
}

export async function agreementStatus(tx: Tx, ctx: RequestContext): Promise<AgreementStatus> {
  const actor = requireActor(ctx);
  const { settings } = await loadSecurity(tx);
  const user = await tx.selectFrom('users').select(['agreement_accepted_at', 'agreement_version']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  const current = agreementCurrent(user.agreement_accepted_at, user.agreement_version, ctx.clock.now(), settings);
  return {
    agreement: settings.agreement,
    acceptedAt: user.agreement_accepted_at,
    acceptedVersion: user.agreement_version,
    current,
    renewBy: current && user.agreement_accepted_at ? new Date(user.agreement_accepted_at.getTime() + settings.agreementDays * 86_400_000) : null,
  };
}

/** The user accepts the CoC's current user agreement (the version they read must still be current). */
export async function acceptAgreement(tx: Tx, ctx: RequestContext, version: string | undefined): Promise<AgreementStatus> {
  const actor = requireActor(ctx);
  const { settings } = await loadSecurity(tx);
  if (version !== undefined && version !== settings.agreement.version) {
    throw new RuleViolation('The user agreement changed while you were reading it. Read the new version and accept it.', [
      { pointer: '/version', message: 'Read and accept the current version of the agreement.' },
    ]);
  }
  const now = ctx.clock.now();
  await tx.updateTable('users').set({ agreement_accepted_at: now, agreement_version: settings.agreement.version }).where('id', '=', actor.userId).execute();
  await writeAudit(tx, ctx, { action: 'auth.agreement_accepted', entityType: 'user', entityId: actor.userId, details: { version: settings.agreement.version } });
  return agreementStatus(tx, ctx);
}
