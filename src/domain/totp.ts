/**
 * TOTP (RFC 6238) as authenticator apps use it: SHA-1, 6 digits, 30-second steps. A code is accepted
 * one step either side of now (clock drift) and only once: the caller stores the time step of the last
 * accepted code and a code of that step or an earlier one is refused as reused.
 */
import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';

export const TOTP_PERIOD_SECONDS = 30;
/** One step before and after the current one. */
const TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;

export const timeStepAt = (at: Date): number => Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'malformed' | 'invalid' | 'reused' };

/** A code matched at `step` may be used only if no code of that step or a later one was accepted before. */
export const stepIsFresh = (step: number, lastStep: number | null): boolean => lastStep === null || step > lastStep;

export function checkTotp(secret: string, code: string, at: Date, lastStep: number | null): TotpCheck {
  const token = code.replace(/\s+/g, '');
  if (!/^[0-9]{6}$/.test(token)) return { ok: false, reason: 'malformed' };
  const result = verifySync({ secret, token, epoch: Math.floor(at.getTime() / 1000), epochTolerance: TOLERANCE_SECONDS });
  if (!result.valid || !('timeStep' in result)) return { ok: false, reason: 'invalid' };
  if (!stepIsFresh(result.timeStep, lastStep)) return { ok: false, reason: 'reused' };
  return { ok: true, step: result.timeStep };
}

export const newTotpSecret = (): string => generateSecret({ length: 20 });

export const totpCodeAt = (secret: string, at: Date): string => generateSync({ secret, epoch: Math.floor(at.getTime() / 1000) });

/** The otpauth:// URI authenticator apps read (as a QR code or typed in). */
export const totpUri = (secret: string, issuer: string, account: string): string => generateURI({ issuer, label: account, secret });
