import type { Clock } from '../../clock.ts';
import type { Database } from '../../data/db.ts';
import { RuleViolation } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { passwordProblem } from '../../domain/passwords.ts';
import { writeAudit } from '../audit.ts';
import { hashPassword } from '../auth/passwords.ts';

export interface FirstAdminInput {
  username: string;
  displayName: string;
  password: string;
  cocCode: string;
  cocName: string;
  agencyName: string;
}

/**
 * On a PostgreSQL installation no demo is ever loaded: this creates the CoC (if missing), its lead
 * agency and the first HMIS administrator, in one transaction.
 */
export async function createFirstAdmin(database: Database, clock: Clock, input: FirstAdminInput): Promise<{ userId: string }> {
  const problem = passwordProblem(input.password, { username: input.username, displayName: input.displayName });
  if (problem) throw new RuleViolation(problem, [{ pointer: '/password', message: problem }]);
  const passwordHash = await hashPassword(input.password);
  return database.transaction(async (tx) => {
    const now = clock.now();
    const taken = await tx.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['username']), '=', input.username.toLowerCase())).executeTakeFirst();
    if (taken) throw new RuleViolation(`The username ${input.username} is taken.`);
    if (!(await tx.selectFrom('coc').select('id').executeTakeFirst())) {
      await tx.insertInto('coc').values({ id: newId(), code: input.cocCode, name: input.cocName, demo: false, settings: '{}' }).execute();
    }
    let agency = await tx.selectFrom('agencies').select('id').where('name', '=', input.agencyName).executeTakeFirst();
    if (!agency) {
      agency = { id: newId() };
      await tx.insertInto('agencies').values({ id: agency.id, name: input.agencyName, created_at: now, updated_at: now }).execute();
    }
    const userId = newId();
    await tx.insertInto('users').values({ id: userId, username: input.username, display_name: input.displayName, password_hash: passwordHash, password_changed_at: now, created_at: now, updated_at: now }).execute();
    await tx.insertInto('memberships').values({ id: newId(), user_id: userId, agency_id: agency.id, role: 'hmis_admin', created_at: now }).execute();
    await writeAudit(tx, { actor: null, requestId: 'cli', address: null, clock }, { action: 'user.create', entityType: 'user', entityId: userId, userId: null, details: { via: 'cli create-admin', role: 'hmis_admin' } });
    return { userId };
  });
}
