import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_NESTING, textProblems, unstorableText } from '../../src/domain/text.ts';
import { decodeKeyCursor, decodeOffsetCursor, encodeKeyCursor, encodeOffsetCursor } from '../../src/domain/cursors.ts';

test('text: NUL, C0 controls and lone surrogates are refused; tab, line breaks and any other Unicode are text', () => {
  for (const bad of ['a\u0000', '\u0007', 'x\u001by', '\ud800', 'a\udc00b']) assert.ok(unstorableText(bad), JSON.stringify(bad));
  for (const good of ['', 'tab\there', 'line\nbreak\r\n', 'Zoë Ñúñez 李 😀', '\u007f\u0085']) assert.equal(unstorableText(good), null, JSON.stringify(good));
});

test('text: every bad string and key is reported with its JSON Pointer; nesting is bounded without recursion', () => {
  assert.deepEqual(
    textProblems({ a: 'ok', b: ['x', 'y\u0000'], 'c/d': { e: '\u0001' }, ['k\u0000']: 1 }).map((p) => p.pointer).sort(),
    ['/b/1', '/c~1d/e', '/k\u0000'],
  );
  let deep: unknown = 'leaf';
  for (let i = 0; i < 100_000; i++) deep = [deep];
  assert.deepEqual(textProblems(deep).map((p) => p.message), [`nested more than ${MAX_NESTING} levels deep`]);
  fc.assert(fc.property(fc.jsonValue(), (v) => textProblems(v).every((p) => p.pointer.startsWith('/') || p.pointer === '')));
});

test('cursors: what a list gives out decodes back; anything else is null', () => {
  fc.assert(
    fc.property(fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }), fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/), (d, id) => {
      const date = d.toISOString().slice(0, 10);
      assert.deepEqual(decodeKeyCursor(encodeKeyCursor(date, id)), { date, id });
    }),
  );
  const b64 = (s: string) => Buffer.from(s).toString('base64url');
  for (const bad of [b64('2026-02-31|x'), b64('0000-00-00|x'), b64('9999-99-99|x'), b64('2026-13-01|x'), b64('0000-01-01|x'), b64('2026-01-01|'), b64('2026-01-01|a b'), b64('2026-01-01'), '', '!!', 'MjAy=', b64('2026-01-01|x') + 'A']) {
    assert.equal(decodeKeyCursor(bad), null, bad);
  }
  assert.equal(decodeOffsetCursor(encodeOffsetCursor(40)), 40);
  for (const bad of [b64('o:-1'), b64('o:01'), b64('o:99999999999999999999'), b64('o:2147483648'), b64('x:1')]) assert.equal(decodeOffsetCursor(bad), null, bad);
  fc.assert(fc.property(fc.string({ maxLength: 60 }), (s) => {
    decodeKeyCursor(s);
    decodeOffsetCursor(s);
  }));
});
