import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router';
import { useAuth, useMe } from '../auth.tsx';
import { ROLE_LABELS } from '../types.ts';
import { IdleWarning } from './IdleWarning.tsx';

/** Navigation entries by the server's `navigation` list: the server decides who sees what. */
const NAV: { key: string; to: string; label: string }[] = [
  { key: 'dashboard', to: '/', label: 'Dashboard' },
  { key: 'notifications', to: '/notifications', label: 'Notifications' },
  { key: 'clients', to: '/clients', label: 'Clients' },
  { key: 'referrals', to: '/referrals', label: 'Referrals' },
  { key: 'projects', to: '/projects', label: 'Projects' },
  { key: 'reports', to: '/reports', label: 'Reports' },
  { key: 'openings', to: '/openings', label: 'Openings' },
  { key: 'ce-list', to: '/ce-list', label: 'CE list' },
  { key: 'rematch-queue', to: '/rematch-queue', label: 'Rematch queue' },
  { key: 'transfers', to: '/transfers', label: 'Transfers' },
  { key: 'transfers.log', to: '/transfers/log', label: 'Transfer log' },
  { key: 'admin.agencies', to: '/admin/agencies', label: 'Agencies' },
  { key: 'admin.projects', to: '/admin/projects', label: 'Project setup' },
  { key: 'admin.users', to: '/admin/users', label: 'Users' },
  { key: 'audit', to: '/audit', label: 'Audit log' },
  { key: 'outbox', to: '/admin/outbox', label: 'E-mail outbox' },
  { key: 'admin.referral-statuses', to: '/admin/referral-statuses', label: 'Referral statuses' },
  { key: 'admin.holidays', to: '/admin/holidays', label: 'Holidays' },
  { key: 'admin.hud-export', to: '/admin/hud-export', label: 'HUD CSV export' },
  { key: 'admin.hud-import', to: '/admin/hud-import', label: 'HUD CSV import' },
];

/** The side navigation is grouped so that twenty screens stay findable on a 1280×720 laptop. */
const GROUPS = [
  { key: 'work', label: 'Work' },
  { key: 'matching', label: 'Matching' },
  { key: 'admin', label: 'Administration' },
] as const;

function groupOf(key: string): (typeof GROUPS)[number]['key'] {
  if (key.startsWith('admin.') || key === 'audit' || key === 'outbox') return 'admin';
  if (key === 'openings' || key === 'ce-list' || key === 'rematch-queue') return 'matching';
  return 'work';
}

/** A link is current only on its exact path when another entry lives under it (Transfers vs Transfer log). */
const exactMatch = (to: string) => to === '/' || NAV.some((o) => o.to.startsWith(to + '/'));

export function Layout() {
  const me = useMe();
  const { signOut } = useAuth();
  const roles = [...new Set(me.memberships.map((m) => ROLE_LABELS[m.role]))].join(', ');
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="app-header">
        <div className="brand">Hearth</div>
        <div className="user-menu">
          <span>
            <span className="user-name">{me.user.displayName}</span>
            <span className="user-roles">{roles}</span>
          </span>
          <NavLink to="/profile" className="profile-link">
            Profile
          </NavLink>
          <button type="button" className="secondary" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <IdleWarning expiresAt={me.sessionIdleExpiresAt} />
      <div className="shell">
        <nav aria-label="Main" className="sidebar">
          {GROUPS.map((group) => {
            const items = NAV.filter((n) => groupOf(n.key) === group.key && me.navigation.includes(n.key));
            if (items.length === 0) return null;
            return (
              <div key={group.key} className="nav-group">
                <h2 id={`nav-${group.key}`}>{group.label}</h2>
                <ul aria-labelledby={`nav-${group.key}`}>
                  {items.map((n) => (
                    <li key={n.key}>
                      <NavLink to={n.to} end={exactMatch(n.to)}>
                        {n.label}
                      </NavLink>
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
        </nav>
        <main id="main" tabIndex={-1}>
          <Suspense
            fallback={
              <p role="status" className="loading">
                Loading…
              </p>
            }
          >
            <Outlet />
          </Suspense>
        </main>
      </div>
    </>
  );
}
