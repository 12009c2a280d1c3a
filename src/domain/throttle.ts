/**
 * Sign-in throttling without lockout (issue 15, defect 3). Three counts over a sliding 15 minutes:
 *
 * - per (username, address): 5 failures and that address waits for that username;
 * - per address: 20 failures, whatever the usernames, and the address waits for every username;
 * - per account: a delay that grows with the account's failures from *every* address (1 s after the
 *   5th, doubling, at most 5 minutes), imposed between attempts of an address that has itself failed
 *   on the account. An address that has not failed on the account is never delayed by it.
 *
 * So failures from other addresses never stop a user who has the right password (and code): an
 * attacker spread over many addresses gets at most 5 guesses per address and account and 20 per
 * address in all, each further one slower, while the user's own browser has no failures to wait on.
 * Nothing here locks an account; an administrator can clear an account's failures.
 */
export const THROTTLE = {
  windowMs: 15 * 60_000,
  perUsernameAndAddress: 5,
  perAddress: 20,
  /** The account's failures (all addresses) from which attempts are spaced. */
  accountDelayFrom: 5,
  accountDelayBaseMs: 1000,
  accountDelayMaxMs: 5 * 60_000,
  /** The account's holder is told by e-mail when this many failures fall in the window. */
  alertAt: 5,
} as const;

export interface Failure {
  at: Date;
  address: string | null;
}

export interface ThrottleCounts {
  /** Uncleared failures of the username, from every address. */
  account: readonly Failure[];
  /** Failures from the address, for every username (cleared ones too: an address that sprayed stays suspect). */
  address: readonly Date[];
}

/** When `limit` failures fall in the window, the wait (ms) until the oldest that counts leaves it. */
export function slidingWindowWaitMs(failures: readonly Date[], now: Date, limit: number): number {
  const since = now.getTime() - THROTTLE.windowMs;
  const inWindow = failures.map((d) => d.getTime()).filter((t) => t > since && t <= now.getTime()).sort((a, b) => a - b);
  if (inWindow.length < limit) return 0;
  return inWindow[inWindow.length - limit]! + THROTTLE.windowMs - now.getTime();
}

/** The spacing an address that has failed on the account keeps between attempts, given the account's failures. */
export function accountDelayMs(accountFailures: number): number {
  if (accountFailures < THROTTLE.accountDelayFrom) return 0;
  const doublings = Math.min(accountFailures - THROTTLE.accountDelayFrom, 30);
  return Math.min(THROTTLE.accountDelayBaseMs * 2 ** doublings, THROTTLE.accountDelayMaxMs);
}

/** How long (ms) an attempt for this username from this address must wait; 0 when it may go ahead now. */
export function throttleWaitMs(counts: ThrottleCounts, address: string | null, now: Date): number {
  const since = now.getTime() - THROTTLE.windowMs;
  const account = counts.account.filter((f) => f.at.getTime() > since && f.at.getTime() <= now.getTime());
  const fromHere = account.filter((f) => f.address === address).map((f) => f.at);
  const pair = slidingWindowWaitMs(fromHere, now, THROTTLE.perUsernameAndAddress);
  const byAddress = address === null ? 0 : slidingWindowWaitMs(counts.address, now, THROTTLE.perAddress);
  const lastHere = Math.max(...fromHere.map((d) => d.getTime()), -Infinity);
  const spacing = fromHere.length === 0 ? 0 : lastHere + accountDelayMs(account.length) - now.getTime();
  return Math.max(pair, byAddress, spacing, 0);
}
