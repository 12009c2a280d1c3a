import { useMe } from '../auth.tsx';
import { usePageTitle } from '../hooks.ts';

/** The provider's home: counts reports arrive with the matching issue; until then it says what is coming. */
export function DashboardPage() {
  const me = useMe();
  const heading = usePageTitle('Dashboard');
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Welcome, {me.user.displayName}
      </h1>
      <section aria-labelledby="counts-title" className="card">
        <h2 id="counts-title">Counts reports</h2>
        <p>Your incoming-referral counts will appear here, one tile per receiving project.</p>
      </section>
    </>
  );
}
