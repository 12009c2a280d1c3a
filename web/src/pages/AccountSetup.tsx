import { useAuth, useMe } from '../auth.tsx';
import { usePageTitle } from '../hooks.ts';
import { AgreementPage } from './Agreement.tsx';
import { ChangePasswordForm, MfaSetup } from './Profile.tsx';

/**
 * What a signed-in user must do before using Hearth: set up two-step verification (their role requires
 * it), change an expired password, or accept the user agreement. The server enforces the same.
 */
export function AccountSetup() {
  const me = useMe();
  const { signOut } = useAuth();
  return (
    <>
      <header className="app-header">
        <div className="brand">Hearth</div>
        <div className="user-menu">
          <span>
            <span className="user-name">{me.user.displayName}</span>
          </span>
          <button type="button" className="secondary" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="account-setup">
        {me.restriction === 'mfaEnrollment' ? <MfaStep /> : me.restriction === 'passwordChange' ? <PasswordStep /> : <AgreementPage />}
      </main>
    </>
  );
}

function MfaStep() {
  const { refresh } = useAuth();
  const heading = usePageTitle('Set up two-step verification');
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Set up two-step verification
      </h1>
      <p>Your role requires a code from an authenticator app at every sign-in. Set it up now to continue.</p>
      <div className="card">
        <MfaSetup onEnabled={() => void refresh()} />
      </div>
    </>
  );
}

function PasswordStep() {
  const { refresh } = useAuth();
  const heading = usePageTitle('Your password has expired');
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Your password has expired
      </h1>
      <p>Your Continuum of Care asks for a new password after a while. Choose one to continue.</p>
      <div className="card">
        <ChangePasswordForm onChanged={() => void refresh()} />
      </div>
    </>
  );
}
