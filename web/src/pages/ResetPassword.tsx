import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError, post } from '../api.ts';
import { usePageTitle } from '../hooks.ts';

/** The token travels in the fragment (`#token=…`), which browsers never send to the server. */
function tokenFromFragment(): string {
  return new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token') ?? '';
}

/** Set a new password from the one-time link an administrator created. */
export function ResetPasswordPage() {
  const heading = usePageTitle('Choose a new password');
  const [token] = useState(tokenFromFragment);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ password?: string | undefined; confirm?: string | undefined }>({});
  const [summary, setSummary] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    // Out of the address bar (and so out of history and screenshots) once read.
    if (window.location.hash) window.history.replaceState(null, '', window.location.pathname);
    if (!token) setSummary('This page needs the link your administrator gave you. Open the whole link, or ask for a new one.');
  }, [token]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const n = [...password].length;
    const found = {
      password: n < 8 ? 'Use at least 8 characters.' : n > 128 ? 'Use at most 128 characters.' : undefined,
      confirm: confirm === password ? undefined : 'The two passwords are not the same.',
    };
    if (found.password || found.confirm) {
      setErrors(found);
      setSummary('Check the fields below.');
      return;
    }
    setBusy(true);
    try {
      await post('/api/v1/auth/password-reset', { token, newPassword: password });
      setDone(true);
      setSummary(null);
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) {
        setErrors({ password: err.fieldError('/newPassword') ?? err.message });
        setSummary(err.message);
      } else if (err instanceof ApiError && (err.status === 404 || err.status === 400)) {
        setSummary('This link has been used already or has expired. Ask your administrator for a new one.');
      } else {
        setSummary(err instanceof Error ? err.message : 'The password could not be set.');
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" className="signin">
      <div className="card signin-card">
        <h1 ref={heading} tabIndex={-1}>
          Choose a new password
        </h1>
        {summary && (
          <p className="error" role="alert">
            {summary}
          </p>
        )}
        {done ? (
          <>
            <p className="success" role="status">
              Your password is set. You were signed out everywhere.
            </p>
            <p>
              <Link to="/signin">Sign in with your new password</Link>
            </p>
          </>
        ) : (
          <form onSubmit={submit} noValidate>
            <div className="field">
              <label htmlFor="reset-password">New password</label>
              <span id="reset-password-hint" className="hint">
                8 to 128 characters; avoid common passwords and your name.
              </span>
              <input
                id="reset-password"
                type="password"
                autoComplete="new-password"
                value={password}
                aria-invalid={errors.password ? true : undefined}
                aria-describedby={errors.password ? 'reset-password-hint reset-password-error' : 'reset-password-hint'}
                onChange={(e) => setPassword(e.target.value)}
              />
              {errors.password && (
                <span id="reset-password-error" className="field-error">
                  {errors.password}
                </span>
              )}
            </div>
            <div className="field">
              <label htmlFor="reset-confirm">New password again</label>
              <input
                id="reset-confirm"
                type="password"
                autoComplete="new-password"
                value={confirm}
                aria-invalid={errors.confirm ? true : undefined}
                aria-describedby={errors.confirm ? 'reset-confirm-error' : undefined}
                onChange={(e) => setConfirm(e.target.value)}
              />
              {errors.confirm && (
                <span id="reset-confirm-error" className="field-error">
                  {errors.confirm}
                </span>
              )}
            </div>
            <button type="submit" disabled={busy || !token}>
              Set password
            </button>
          </form>
        )}
      </div>
    </main>
  );
}
