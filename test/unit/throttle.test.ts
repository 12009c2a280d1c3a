import { test } from 'node:test';
import assert from 'node:assert/strict';
import { THROTTLE, accountDelayMs, slidingWindowWaitMs, throttleWaitMs, type Failure } from '../../src/domain/throttle.ts';

const NOW = new Date('2026-11-25T15:00:00Z');
const min = 60_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const from = (address: string, ...msAgo: number[]): Failure[] => msAgo.map((ms) => ({ at: ago(ms), address }));

test('sliding window: five failures in 15 minutes are allowed, the sixth waits until the oldest leaves the window', () => {
  assert.equal(slidingWindowWaitMs([], NOW, 5), 0);
  const four = [ago(10 * min), ago(8 * min), ago(6 * min), ago(4 * min)];
  assert.equal(slidingWindowWaitMs(four, NOW, 5), 0);
  const five = [...four, ago(2 * min)];
  assert.equal(slidingWindowWaitMs(five, NOW, 5), 5 * min);
  assert.equal(slidingWindowWaitMs([ago(16 * min), ...four], NOW, 5), 0, 'failures older than the window do not count');
  // Seven failures: allowed again when three have left the window (the third-oldest at -6 min).
  assert.equal(slidingWindowWaitMs([...five, ago(1 * min), ago(0)], NOW, 5), 9 * min);
});

test('the account delay grows from the 5th failure (1 s, doubling) and stops at 5 minutes', () => {
  assert.deepEqual([0, 4, 5, 6, 7, 10, 13, 14, 1000].map(accountDelayMs), [0, 0, 1000, 2000, 4000, 32_000, 256_000, 300_000, 300_000]);
});

test('failures from other addresses never make a clean address wait, however many', () => {
  // Five addresses, five failures each, on one account: 25 failures.
  const account = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5'].flatMap((a) => from(a, 5 * min, 4 * min, 3 * min, 2 * min, 1 * min));
  assert.equal(throttleWaitMs({ account, address: [] }, '10.0.0.6', NOW), 0);
  // Each attacking address waits for this account: its own five fill the per-(username, address) window.
  assert.equal(throttleWaitMs({ account, address: account.filter((f) => f.address === '10.0.0.1').map((f) => f.at) }, '10.0.0.1', NOW), 10 * min);
});

test('an address that has failed on an account under attack keeps the account delay between its attempts', () => {
  const attack = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6'].flatMap((a) => from(a, 3 * min));
  const mine = from('192.0.2.7', 1000);
  const account = [...attack, ...mine];
  // 7 failures: 4 s between attempts; the last from here was 1 s ago → 3 s to wait.
  assert.equal(throttleWaitMs({ account, address: [ago(1000)] }, '192.0.2.7', NOW), 3000);
  assert.equal(throttleWaitMs({ account, address: [ago(1000)] }, '192.0.2.7', new Date(NOW.getTime() + 3000)), 0);
  // Below the threshold no delay at all.
  assert.equal(throttleWaitMs({ account: mine, address: [ago(1000)] }, '192.0.2.7', NOW), 0);
});

test('one address spraying many usernames waits after 20 failures, for every username', () => {
  const spray = Array.from({ length: THROTTLE.perAddress }, (_, i) => ago((i + 1) * 10_000));
  assert.equal(throttleWaitMs({ account: [], address: spray.slice(1) }, '10.9.9.9', NOW), 0);
  // Until the oldest of the 20 (200 s ago) leaves the window.
  assert.equal(throttleWaitMs({ account: [], address: spray }, '10.9.9.9', NOW), 15 * min - 200_000);
});
