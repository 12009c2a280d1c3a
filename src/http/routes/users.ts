import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Tx } from '../../data/db.ts';
import type { UserRow } from '../../data/repos/users.ts';
import { ROLES, type Actor, type Role } from '../../domain/access.ts';
import { userCapabilities } from '../../domain/policies/user-accounts.ts';
import { addMembership, removeMembership, replaceMembership } from '../../usecases/organisation/memberships.ts';
import { issuePasswordReset } from '../../usecases/auth/password-change.ts';
import { clearSignInThrottle, signInFailuresOf, usernameKey, type SignInFailures } from '../../usecases/auth/throttle.ts';
import { createUser, getVisibleUser, listVisibleUsers, updateUser } from '../../usecases/organisation/users.ts';
import { Id, ListOf, problemResponses, withoutHudForbidden } from '../schemas.ts';

const RoleEnum = z.enum(ROLES as readonly [Role, ...Role[]]);

export const AdminMembershipOut = z.object({
  id: z.string(),
  agencyId: z.string(),
  role: RoleEnum,
  projectIds: z.array(z.string()).describe('Assigned projects; for an agency administrator every project of the agency'),
});

export const AdminUserOut = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  active: z.boolean(),
  mfaEnabled: z.boolean(),
  lastLoginAt: z.string().nullable(),
  version: z.number().int(),
  memberships: z.array(AdminMembershipOut),
  capabilities: z.object({
    canEdit: z.boolean(),
    canDeactivate: z.boolean(),
    canManageMemberships: z.boolean(),
    canResetPassword: z.boolean(),
    canResetMfa: z.boolean(),
    canClearSignInThrottle: z.boolean(),
  }),
  signInFailures: z
    .object({ recent: z.number().int(), lastAt: z.string().nullable() })
    .describe('Failed sign-ins in the last 15 minutes that still count for the throttle (cleared by a successful sign-in from that address, or by an administrator)'),
});

const MembershipIn = z.object({ agencyId: Id, role: RoleEnum, projectIds: z.array(Id).max(200).optional() });

/** Same form as POST /api/v1/users/{id}/password-reset: the token in the fragment stays out of server logs. */
const resetUrl = (publicUrl: string, token: string) => `${publicUrl.replace(/\/$/, '')}/reset-password#token=${token}`;

const NO_FAILURES: SignInFailures = { recent: 0, lastAt: null };

/** Each user with their recent failed sign-ins, read in one query for all of them. */
async function withSignInFailures<U extends { username: string }>(t: Tx, now: Date, users: readonly U[]): Promise<{ user: U; failures: SignInFailures }[]> {
  const byUsername = await signInFailuresOf(t, users.map((u) => u.username), now);
  return users.map((user) => ({ user, failures: byUsername.get(usernameKey(user.username)) ?? NO_FAILURES }));
}

export const presentUser = (actor: Actor, u: UserRow, failures: SignInFailures = NO_FAILURES) => ({
  ...u,
  lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  capabilities: userCapabilities(actor, u),
  signInFailures: { recent: failures.recent, lastAt: failures.lastAt?.toISOString() ?? null },
});

/** Users and memberships: HMIS administrators for everyone, agency administrators for their agency. */
export async function userRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tx = <T>(fn: (t: Tx) => Promise<T>) => app.deps.database.transaction(fn);

  r.get('/api/v1/users', {
    config: { access: 'user.manage' },
    schema: { summary: 'Users the caller administers', tags: ['users'], response: { 200: ListOf(AdminUserOut), ...problemResponses } },
    handler: async (request) => {
      const users = await tx(async (t) => withSignInFailures(t, request.ctx.clock.now(), await listVisibleUsers(t, request.ctx)));
      return { items: users.map(({ user, failures }) => presentUser(request.session!.actor, user, failures)) };
    },
  });

  r.get('/api/v1/users/:id', {
    config: { access: 'user.manage' },
    schema: { summary: 'A user with their memberships', tags: ['users'], params: z.object({ id: Id }), response: { 200: AdminUserOut, ...problemResponses } },
    handler: async (request) => {
      const [one] = await tx(async (t) => withSignInFailures(t, request.ctx.clock.now(), [await getVisibleUser(t, request.ctx, request.params.id)]));
      return presentUser(request.session!.actor, one!.user, one!.failures);
    },
  });

  r.post('/api/v1/users/:id/sign-in-throttle/clear', {
    config: { access: 'user.manage' },
    schema: {
      summary: "Clear a user's sign-in throttle",
      description:
        "The user's failed sign-ins stop counting: no delay and no wait for their username from any address (an address's own count across usernames stays). Same authority as a password reset. Audited as auth.throttle_cleared.",
      tags: ['users'],
      params: z.object({ id: Id }),
      response: { 200: z.object({ failuresCleared: z.number().int() }), ...problemResponses },
    },
    handler: async (request) => ({ failuresCleared: await tx((t) => clearSignInThrottle(t, request.ctx, request.params.id)) }),
  });

  r.post('/api/v1/users', {
    config: { access: 'user.manage' },
    schema: {
      summary: 'Create a user',
      description:
        'The user has no password until they follow the one-time password-set link returned as `passwordSetLink` (a new one: POST /api/v1/users/{id}/password-reset). Give it to them over a trusted channel.',
      tags: ['users'],
      body: z.object({
        username: z.string().trim().min(3).max(64).regex(/^[A-Za-z0-9._@-]+$/, 'Enter a user name of letters, digits, dot, underscore, @ or hyphen only.'),
        displayName: withoutHudForbidden(z.string().trim().min(1).max(200)),
        email: z.email().max(254).nullable().optional(),
        memberships: z.array(MembershipIn).max(20).optional(),
      }),
      response: { 201: AdminUserOut.extend({ passwordSetLink: z.object({ resetUrl: z.string(), expiresAt: z.string() }) }), ...problemResponses },
    },
    handler: async (request, reply) => {
      const { user, link } = await tx(async (t) => {
        const created = await createUser(t, request.ctx, request.body);
        // The new user's one-time password-set link, issued in the same transaction.
        return { user: created, link: await issuePasswordReset(t, request.ctx, created.id) };
      });
      return reply.code(201).send({
        ...presentUser(request.session!.actor, user),
        passwordSetLink: { resetUrl: resetUrl(app.deps.config.publicUrl, link.token), expiresAt: link.expiresAt.toISOString() },
      });
    },
  });

  r.patch('/api/v1/users/:id', {
    config: { access: 'user.manage' },
    schema: {
      summary: 'Change a user; `active: false` deactivates and ends their sessions at once',
      tags: ['users'],
      params: z.object({ id: Id }),
      body: z.object({
        displayName: withoutHudForbidden(z.string().trim().min(1).max(200)).optional(),
        email: z.email().max(254).nullable().optional(),
        active: z.boolean().optional(),
        version: z.number().int().positive(),
      }),
      response: { 200: AdminUserOut, ...problemResponses },
    },
    handler: async (request) => {
      const { version, ...changes } = request.body;
      const user = await tx((t) => updateUser(t, request.ctx, request.params.id, version, changes));
      return presentUser(request.session!.actor, user);
    },
  });

  r.post('/api/v1/users/:id/memberships', {
    config: { access: 'user.manage' },
    schema: {
      summary: 'Give a user a membership (agency, role, projects)',
      description: 'Case managers and Housing Resource Specialists work in the projects listed, which must belong to the agency; the other roles cover every project.',
      tags: ['users'],
      params: z.object({ id: Id }),
      body: MembershipIn,
      response: { 201: AdminMembershipOut.extend({ userId: z.string() }), ...problemResponses },
    },
    handler: async (request, reply) => reply.code(201).send(await tx((t) => addMembership(t, request.ctx, request.params.id, request.body))),
  });

  r.put('/api/v1/memberships/:id', {
    config: { access: 'user.manage' },
    schema: {
      summary: "Change a membership's role and projects (the project list is replaced)",
      tags: ['users'],
      params: z.object({ id: Id }),
      body: z.object({ role: RoleEnum, projectIds: z.array(Id).max(200).optional() }),
      response: { 200: AdminMembershipOut.extend({ userId: z.string() }), ...problemResponses },
    },
    handler: async (request) => tx((t) => replaceMembership(t, request.ctx, request.params.id, request.body)),
  });

  r.delete('/api/v1/memberships/:id', {
    config: { access: 'user.manage' },
    schema: { summary: 'Remove a membership', tags: ['users'], params: z.object({ id: Id }), response: { 204: z.null(), ...problemResponses } },
    handler: async (request, reply) => {
      await tx((t) => removeMembership(t, request.ctx, request.params.id));
      return reply.code(204).send(null);
    },
  });
}
