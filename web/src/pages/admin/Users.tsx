import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api, patch, post } from '../../api.ts';
import { useMe } from '../../auth.tsx';
import { usePageTitle, useResource } from '../../hooks.ts';
import { ROLE_LABELS, type Agency, type Project, type Role } from '../../types.ts';
import { CheckField, ErrorSummary, errorsOf, SelectField, TextField, type Errors } from './form.tsx';
import { PROJECT_ROLES, type AdminMembership, type AdminUser } from './model.ts';
import { formatDateTime } from '../../format.ts';
import { THROTTLE } from '../../../../src/domain/throttle.ts';

const ALL_ROLES = Object.keys(ROLE_LABELS) as Role[];

export function AdminUsersPage() {
  const heading = usePageTitle('Users');
  const users = useResource<{ items: AdminUser[] }>('/api/v1/users');
  const agencies = useResource<{ items: Agency[] }>('/api/v1/agencies');
  const agencyName = (id: string) => agencies.data?.items.find((a) => a.id === id)?.name ?? '';
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Users
      </h1>
      <p className="actions">
        <Link to="/admin/users/new">New user</Link>
      </p>
      {users.error && (
        <p role="alert" className="error">
          {users.error.message}
        </p>
      )}
      <div className="table-wrap">
        <table>
          <caption>Users you administer</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Username</th>
              <th scope="col">Memberships</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.data?.items.map((u) => (
              <tr key={u.id}>
                <th scope="row">{u.displayName}</th>
                <td>{u.username}</td>
                <td>
                  <ul className="plain">
                    {u.memberships.map((m) => (
                      <li key={m.id}>
                        {ROLE_LABELS[m.role]}, {agencyName(m.agencyId)}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>{u.active ? 'Active' : 'Deactivated'}</td>
                <td>
                  <Link to={`/admin/users/${u.id}`} aria-label={`${u.capabilities.canEdit ? 'Edit' : 'View'} ${u.displayName}`}>
                    {u.capabilities.canEdit ? 'Edit' : 'View'}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

interface MembershipDraft {
  agencyId: string;
  role: Role | null;
  projectIds: string[];
}

/** Agency, role and (for case managers and HRS) project checkboxes. */
function MembershipFields({ prefix, pointer, value, onChange, agencies, projects, roles, errors }: {
  prefix: string;
  pointer: string;
  value: MembershipDraft;
  onChange: (m: MembershipDraft) => void;
  agencies: Agency[];
  projects: Project[];
  roles: Role[];
  errors: Errors;
}) {
  const agencyProjects = projects.filter((p) => p.agencyId === value.agencyId);
  const perProject = value.role !== null && PROJECT_ROLES.includes(value.role);
  const projectsError = Object.entries(errors).find(([k]) => k.startsWith(`${pointer}/projectIds`))?.[1];
  return (
    <>
      <div className="grid-2">
        <SelectField<string> prefix={prefix} pointer={`${pointer}/agencyId`} errors={errors} label="Agency" value={value.agencyId} options={agencies.map((a) => ({ value: a.id, label: a.name }))} onChange={(v) => onChange({ ...value, agencyId: v ?? '', projectIds: [] })} empty="Choose an agency" />
        <SelectField<string> prefix={prefix} pointer={`${pointer}/role`} errors={errors} label="Role" value={value.role} options={roles.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} onChange={(v) => onChange({ ...value, role: v as Role | null, projectIds: [] })} empty="Choose a role" />
      </div>
      {perProject && (
        <fieldset className="inline-group" id={`${prefix}${pointer.replaceAll('/', '-')}-projectIds`}>
          <legend>Projects this person works in</legend>
          {agencyProjects.length === 0 && <p className="hint">Choose an agency first.</p>}
          {agencyProjects.map((p) => (
            <CheckField
              key={p.id}
              label={p.name}
              checked={value.projectIds.includes(p.id)}
              onChange={(on) => onChange({ ...value, projectIds: on ? [...value.projectIds, p.id] : value.projectIds.filter((x) => x !== p.id) })}
            />
          ))}
          {projectsError && <p className="field-error">{projectsError}</p>}
        </fieldset>
      )}
      {value.role !== null && !perProject && <p className="hint">{value.role === 'agency_admin' ? 'Covers every project of the agency.' : 'Covers the whole CoC.'}</p>}
    </>
  );
}

function useGrantableRoles(): Role[] {
  const me = useMe();
  return me.memberships.some((m) => m.role === 'hmis_admin') ? ALL_ROLES : ALL_ROLES.filter((r) => r !== 'hmis_admin' && r !== 'ces_matcher');
}

export function AdminUserEditPage() {
  const { id } = useParams();
  const isNew = id === undefined;
  const user = useResource<AdminUser>(isNew ? null : `/api/v1/users/${id}`);
  const agencies = useResource<{ items: Agency[] }>('/api/v1/agencies');
  const projects = useResource<{ items: Project[] }>('/api/v1/projects');
  const title = isNew ? 'New user' : user.data ? `User: ${user.data.displayName}` : 'User';
  const heading = usePageTitle(title);
  const ready = agencies.data && projects.data && (isNew || user.data);
  // New memberships: an agency administrator chooses among the agencies they administer.
  const grantable = (agencies.data?.items ?? []).filter((a) => a.capabilities.canEdit);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      <p>
        <Link to="/admin/users">Back to users</Link>
      </p>
      {user.error && (
        <p role="alert" className="error">
          {user.error.message}
        </p>
      )}
      {ready && isNew && <NewUserForm agencies={grantable} projects={projects.data!.items} />}
      {ready && user.data && (
        <EditUser key={user.data.id + user.data.version} user={user.data} agencies={agencies.data!.items} grantable={grantable} projects={projects.data!.items} reload={user.reload} />
      )}
    </>
  );
}

function NewUserForm({ agencies, projects }: { agencies: Agency[]; projects: Project[] }) {
  const navigate = useNavigate();
  const roles = useGrantableRoles();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [membership, setMembership] = useState<MembershipDraft>({ agencyId: '', role: null, projectIds: [] });
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const P = 'user';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setFields({});
    try {
      const memberships = membership.agencyId || membership.role ? [membership] : [];
      const created = await post<AdminUser & { passwordSetLink?: { resetUrl: string; expiresAt: string } }>('/api/v1/users', {
        username,
        displayName,
        email: email.trim() === '' ? null : email.trim(),
        memberships,
      });
      navigate(`/admin/users/${created.id}`, { state: { created: true, link: created.passwordSetLink ?? null } });
    } catch (err) {
      const p = errorsOf(err);
      setError(p.message);
      setFields(p.fields);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label="New user">
      <ErrorSummary message={error} fields={fields} prefix={P} />
      <fieldset className="card">
        <legend>Account</legend>
        <div className="grid-2">
          <TextField prefix={P} pointer="/username" errors={fields} label="Username" value={username} onChange={setUsername} required />
          <TextField prefix={P} pointer="/displayName" errors={fields} label="Display name" value={displayName} onChange={setDisplayName} required />
          <TextField prefix={P} pointer="/email" errors={fields} label="E-mail" type="email" value={email} onChange={setEmail} />
        </div>
      </fieldset>
      <fieldset className="card">
        <legend>First membership</legend>
        {fields['/memberships'] && <p className="field-error">{fields['/memberships']}</p>}
        <MembershipFields prefix={P} pointer="/memberships/0" value={membership} onChange={setMembership} agencies={agencies} projects={projects} roles={roles} errors={fields} />
      </fieldset>
      <p className="hint">The new user gets a one-time link to set their password; give it to them over a trusted channel.</p>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Create user
        </button>
      </div>
    </form>
  );
}

function EditUser({ user, agencies, grantable, projects, reload }: { user: AdminUser; agencies: Agency[]; grantable: Agency[]; projects: Project[]; reload: () => void }) {
  const location = useLocation();
  const state = location.state as { created?: boolean; link?: { resetUrl: string; expiresAt: string } | null } | null;
  const roles = useGrantableRoles();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [email, setEmail] = useState(user.email ?? '');
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Errors>({});
  const [notice, setNotice] = useState<string | null>(state?.created ? 'User created.' : null);
  const [link, setLink] = useState<{ resetUrl: string; expiresAt: string } | null>(state?.link ?? null);
  const [newMembership, setNewMembership] = useState<MembershipDraft>({ agencyId: '', role: null, projectIds: [] });
  const [busy, setBusy] = useState(false);
  const P = 'user';
  const caps = user.capabilities;

  async function run(action: () => Promise<unknown>, message: string) {
    setBusy(true);
    setError(null);
    setFields({});
    setNotice(null);
    try {
      await action();
      setNotice(message);
      reload();
    } catch (err) {
      const p = errorsOf(err);
      setError(p.message);
      setFields(p.fields);
    } finally {
      setBusy(false);
    }
  }

  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(() => patch(`/api/v1/users/${user.id}`, { displayName, email: email.trim() === '' ? null : email.trim(), version: user.version }), 'User saved.');
  };
  const setActive = (active: boolean) =>
    run(() => patch(`/api/v1/users/${user.id}`, { active, version: user.version }), active ? 'User reactivated.' : 'User deactivated; their sessions have ended.');
  const sendReset = () =>
    run(async () => setLink(await post<{ resetUrl: string; expiresAt: string }>(`/api/v1/users/${user.id}/password-reset`)), 'Password reset link created.');
  const resetMfa = () => run(() => post(`/api/v1/users/${user.id}/mfa-reset`), 'Two-step verification reset; they set it up again at their next sign-in.');
  const clearThrottle = () => run(() => post(`/api/v1/users/${user.id}/sign-in-throttle/clear`), 'Sign-in throttle cleared; they may sign in again from any address.');
  const failures = user.signInFailures;
  const addMembership = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await post(`/api/v1/users/${user.id}/memberships`, newMembership);
      setNewMembership({ agencyId: '', role: null, projectIds: [] });
    }, 'Membership added.');
  };

  return (
    <>
      <ErrorSummary message={error} fields={fields} prefix={P} />
      <p role="status" className="success">
        {notice ?? ''}
      </p>
      {link && (
        <section className="card" aria-labelledby="reset-link-heading">
          <h2 id="reset-link-heading">One-time password link</h2>
          <p>
            Give this link to {user.displayName} over a trusted channel. It works once, until {formatDateTime(link.expiresAt)}.
          </p>
          <label htmlFor="reset-url">One-time link</label>
          <input id="reset-url" readOnly value={link.resetUrl} className="wide" />
        </section>
      )}
      <form onSubmit={save} noValidate aria-label="Account">
        <fieldset className="card" disabled={!caps.canEdit}>
          <legend>Account</legend>
          <p>
            Username: <strong>{user.username}</strong> · {user.active ? 'Active' : 'Deactivated'} · Two-step verification {user.mfaEnabled ? 'on' : 'off'}
          </p>
          <div className="grid-2">
            <TextField prefix={P} pointer="/displayName" errors={fields} label="Display name" value={displayName} onChange={setDisplayName} required />
            <TextField prefix={P} pointer="/email" errors={fields} label="E-mail" type="email" value={email} onChange={setEmail} />
          </div>
          {caps.canEdit && (
            <div className="actions">
              <button type="submit" disabled={busy}>
                Save user
              </button>
            </div>
          )}
        </fieldset>
      </form>
      {failures.recent > 0 && (
        <section className="card" aria-labelledby="sign-in-failures-heading">
          <h2 id="sign-in-failures-heading">Failed sign-ins</h2>
          <p>
            {failures.recent} failed sign-in{failures.recent === 1 ? '' : 's'} in the last 15 minutes
            {failures.lastAt ? `, the last at ${formatDateTime(failures.lastAt)}` : ''}. The account is not locked: only the addresses that failed wait
            between attempts.{failures.recent >= THROTTLE.alertAt && user.email ? ` ${user.displayName} has been told by e-mail.` : ''}
          </p>
          {caps.canClearSignInThrottle && (
            <button type="button" className="secondary" disabled={busy} onClick={() => void clearThrottle()}>
              Clear sign-in throttle
            </button>
          )}
        </section>
      )}
      <div className="actions">
        {caps.canDeactivate && user.active && (
          <button type="button" className="danger" disabled={busy} onClick={() => void setActive(false)}>
            Deactivate user
          </button>
        )}
        {caps.canDeactivate && !user.active && (
          <button type="button" className="secondary" disabled={busy} onClick={() => void setActive(true)}>
            Reactivate user
          </button>
        )}
        {caps.canResetPassword && (
          <button type="button" className="secondary" disabled={busy} onClick={() => void sendReset()}>
            Send password reset link
          </button>
        )}
        {caps.canResetMfa && (
          <button type="button" className="secondary" disabled={busy} onClick={() => void resetMfa()}>
            Reset MFA
          </button>
        )}
      </div>
      <section className="card" aria-labelledby="memberships-heading">
        <h2 id="memberships-heading">Memberships</h2>
        <ul className="plain">
          {user.memberships.map((m) => (
            <MembershipRow key={m.id} m={m} agencies={agencies} projects={projects} canManage={caps.canManageMemberships} run={run} busy={busy} />
          ))}
        </ul>
        {caps.canManageMemberships && (
          <form onSubmit={addMembership} noValidate aria-label="Add a membership">
            <fieldset>
              <legend>Add a membership</legend>
              <MembershipFields prefix={P} pointer="" value={newMembership} onChange={setNewMembership} agencies={grantable} projects={projects} roles={roles} errors={fields} />
              <button type="submit" disabled={busy}>
                Add membership
              </button>
            </fieldset>
          </form>
        )}
      </section>
    </>
  );
}

function MembershipRow({ m, agencies, projects, canManage, run, busy }: {
  m: AdminMembership;
  agencies: Agency[];
  projects: Project[];
  canManage: boolean;
  run: (a: () => Promise<unknown>, message: string) => Promise<void>;
  busy: boolean;
}) {
  const [projectIds, setProjectIds] = useState(m.projectIds);
  const agency = agencies.find((a) => a.id === m.agencyId)?.name ?? '';
  const label = `${ROLE_LABELS[m.role]}, ${agency}`;
  const perProject = PROJECT_ROLES.includes(m.role);
  return (
    <li className="membership">
      <strong>{label}</strong>
      {perProject ? (
        <fieldset className="inline-group" disabled={!canManage}>
          <legend>Projects ({label})</legend>
          {projects
            .filter((p) => p.agencyId === m.agencyId)
            .map((p) => (
              <CheckField key={p.id} label={p.name} checked={projectIds.includes(p.id)} onChange={(on) => setProjectIds(on ? [...projectIds, p.id] : projectIds.filter((x) => x !== p.id))} />
            ))}
        </fieldset>
      ) : (
        <span className="hint"> — {m.role === 'agency_admin' ? 'every project of the agency' : 'the whole CoC'}</span>
      )}
      {canManage && (
        <div className="actions">
          {perProject && (
            <button type="button" className="secondary" disabled={busy} onClick={() => void run(() => api('PUT', `/api/v1/memberships/${m.id}`, { role: m.role, projectIds }), 'Projects saved.')}>
              Save projects ({label})
            </button>
          )}
          <button type="button" className="secondary" disabled={busy} onClick={() => void run(() => api('DELETE', `/api/v1/memberships/${m.id}`), 'Membership removed.')}>
            Remove membership ({label})
          </button>
        </div>
      )}
    </li>
  );
}
