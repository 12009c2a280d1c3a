import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SettingsCache, type Versioned } from '../../src/usecases/settings-cache.ts';

/** A loader that answers with the given value read at the given version, counting its calls. */
function loader<T>(value: T, version: number) {
  const calls = { n: 0 };
  const load = async (): Promise<Versioned<T>> => {
    calls.n++;
    return { value, version };
  };
  return { load, calls };
}

test('a value read at the version the request saw is kept for that version only', async () => {
  const cache = new SettingsCache();
  const v5 = loader('five', 5);
  assert.equal(await cache.get('k', 5, v5.load), 'five');
  assert.equal(await cache.get('k', 5, v5.load), 'five');
  assert.equal(v5.calls.n, 1, 'the second request at version 5 reads nothing');
  const v6 = loader('six', 6);
  assert.equal(await cache.get('k', 6, v6.load), 'six', 'a new version is read again');
  assert.equal(await cache.get('k', 6, v6.load), 'six');
  assert.equal(v6.calls.n, 1);
  assert.equal(await cache.get('other', 6, loader('other', 6).load), 'other', 'keys are separate');
});

test('a value read at another version than the request saw is served once and not kept', async () => {
  const cache = new SettingsCache();
  // The request saw version 7; by the time it read, version 8 was committed (or its own transaction changed it).
  const newer = loader('eight', 8);
  assert.equal(await cache.get('k', 7, newer.load), 'eight');
  const again = loader('seven', 7);
  assert.equal(await cache.get('k', 7, again.load), 'seven', 'read again: nothing was kept under 7');
  assert.equal(again.calls.n, 1);
});

test('a request that saw an older version than the one kept reads, and the newer value stays', async () => {
  const cache = new SettingsCache();
  await cache.get('k', 9, loader('nine', 9).load);
  const old = loader('eight', 8);
  assert.equal(await cache.get('k', 8, old.load), 'eight');
  assert.equal(old.calls.n, 1);
  const nine = loader('not read', 9);
  assert.equal(await cache.get('k', 9, nine.load), 'nine');
  assert.equal(nine.calls.n, 0);
});

test('a failed read is not kept', async () => {
  const cache = new SettingsCache();
  await assert.rejects(cache.get('k', 1, () => Promise.reject(new Error('database down'))), /database down/);
  const ok = loader('one', 1);
  assert.equal(await cache.get('k', 1, ok.load), 'one');
  assert.equal(ok.calls.n, 1);
});

test('concurrent requests at one version share one read', async () => {
  const cache = new SettingsCache();
  const v = loader('shared', 3);
  const [a, b] = await Promise.all([cache.get('k', 3, v.load), cache.get('k', 3, v.load)]);
  assert.equal(a, 'shared');
  assert.equal(b, 'shared');
  assert.equal(v.calls.n, 1);
});
