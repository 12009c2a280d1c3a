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
  { key: 'openings', to: '/openings', label: 'Openings' },
  { key: 'ce-list', to: '/ce-list', label: 'CE list' },
  { key: 'rematch-queue', to: '/rematch-queue', label: 'Rematch queue' },
  { key: 'admin.agencies', to: '/admin/agencies', label: 'Agencies' },
  { key: 'admin.projects', to: '/admin/projects', label: 'Project setup' },
  { key: 'admin.users', to: '/admin/users', label: 'Users' },
  { key: 'audit', to: '/audit', label: 'Audit log' },
  { key: 'outbox', to: '/admin/outbox', label: 'E-mail outbox' },
  { key: 'admin.referral-statuses', to: '/admin/referral-statuses', label: 'Referral statuses' },
  { key: 'admin.holidays', to: '/admin/holidays', label: 'Holidays' },
];

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
        <nav aria-label="Main">
          <ul>
            {NAV.filter((n) => me.navigation.includes(n.key)).map((n) => (
              <li key={n.key}>
                <NavLink to={n.to} end={n.to === '/'}>
                  {n.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
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
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
