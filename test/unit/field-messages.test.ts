import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Id, IsoDate } from '../../src/http/schemas.ts';
import { isUserSentence } from '../../src/http/field-messages.ts';

const messages = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input);
  assert.equal(r.success, false);
  return Object.fromEntries(r.error!.issues.map((i) => [i.path.join('/'), i.message]));
};

test('field errors name the field by its label and say what to do', () => {
  const schema = z.object({
    username: z.string().min(3),
    displayName: z.string().min(1).max(5),
    householdSize: z.number().int().min(1),
    entryDate: IsoDate,
    clientId: Id,
    status: z.enum(['active', 'exited', 'all']),
    skipReason: z.string(),
    at: z.iso.datetime({ offset: true }),
    arrival: z.string().meta({ label: 'arrival time' }),
  });
  const m = messages(schema, { username: 'ab', displayName: 'far too long', householdSize: 0.5, entryDate: '12/07/2026', clientId: 'not an id!', status: 'open', at: 'soon', arrival: 3 });
  assert.equal(m.username, 'Enter a user name of at least 3 characters.');
  assert.equal(m.displayName, 'Shorten the display name to at most 5 characters.');
  assert.equal(m.householdSize, 'Enter the household size as a whole number.');
  assert.equal(m.entryDate, 'Enter the project start date as a date (YYYY-MM-DD).');
  assert.equal(m.clientId, 'Enter a valid client ID (up to 32 letters, digits, - or _).');
  assert.equal(m.status, 'Choose the status from the list ("active", "exited", "all").');
  assert.equal(m.skipReason, 'Enter the reason for skipping higher-ranked households.');
  assert.match(m.at!, /^Enter the date and time as a date and time/);
  assert.equal(m.arrival, 'Enter the arrival time as text.');
  for (const message of Object.values(m)) assert.ok(isUserSentence(message), message);
});

test('nested and missing fields; unknown fields; the body itself', () => {
  const schema = z.object({ members: z.array(z.object({ relationshipToHoH: z.number().int().min(1).max(5) })).min(1) }).strict();
  assert.equal(messages(schema, { members: [{ relationshipToHoH: 9 }] })['members/0/relationshipToHoH'], 'Enter a relationship to the head of household of at most 5.');
  assert.equal(messages(schema, { members: [] }).members, 'Give at least 1 entry for the members.');
  assert.equal(messages(schema, {}).members, 'Give the members.');
  assert.equal(messages(schema, { members: [{ relationshipToHoH: 1 }], extra: 1 })[''], 'Remove “extra”: it is not a field of this request.');
  assert.equal(messages(schema, 'text')[''], 'Send the request body as a JSON object.');
});

test('the convention check refuses validator text and pointers', () => {
  for (const bad of ['in the future', 'Invalid input', 'Too small: expected string to have >=3 characters', '/members/0/entryDate: required', 'must be an ID']) assert.equal(isUserSentence(bad), false, bad);
  for (const good of ['Enter the exit date.', 'The project start date cannot be in the future.', '“Case manager” is not a role here (choose another).']) assert.equal(isUserSentence(good), true, good);
});
