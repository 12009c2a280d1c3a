import { useState, type FormEvent } from 'react';
import { ApiError, post } from '../api.ts';
import { useAuth, useMe } from '../auth.tsx';
import { usePageTitle } from '../hooks.ts';
import { formatDate } from '../format.ts';

/** Mirrors the server's first rule so people see it while typing; the server checks everything. */
function lengthProblem(password: string): string | undefined {
  const n = [...password].length;
  if (n === 0) return 'Enter a new password.';
  if (n < 8) return 'Use at least 8 characters.';
  if (n > 128) return 'Use at most 128 characters.';
  return undefined;
}

interface PasswordErrors {
  currentPassword?: string | undefined;
  newPassword?: string | undefined;
  confirmPassword?: string | undefined;
}

/** Change my password: inline errors next to each field, summarised in an alert. */
export function ChangePasswordForm({ onChanged }: { onChanged?: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<PasswordErrors>({});
  const [summary, setSummary] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(false);
    const found: PasswordErrors = {
      currentPassword: current ? undefined : 'Enter your current password.',
      newPassword: lengthProblem(next),
      confirmPassword: confirm === next ? undefined : 'The two new passwords are not the same.',
    };
    if (found.currentPassword || found.newPassword || found.confirmPassword) {
      setErrors(found);
      setSummary('Check the password fields below.');
      return;
    }
    setBusy(true);
    try {
      await post('/api/v1/me/password', { currentPassword: current, newPassword: next });
      setErrors({});
      setSummary(null);
      setCurrent('');
      setNext('');
      setConfirm('');
      setDone(true);
      onChanged?.();
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) {
        setErrors({ currentPassword: err.fieldError('/currentPassword'), newPassword: err.fieldError('/newPassword') });
        setSummary(err.message);
      } else {
        setSummary(err instanceof Error ? err.message : 'The password could not be changed.');
      }
    } finally {
      setBusy(false);
    }
  }

  const field = (id: keyof PasswordErrors, label: string, value: string, set: (v: string) => void, autoComplete: string, hint?: string) => {
    const error = errors[id];
    const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {hint && (
          <span id={`${id}-hint`} className="hint">
            {hint}
          </span>
        )}
        <input
          id={id}
          type="password"
          autoComplete={autoComplete}
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => {
            set(e.target.value);
            if (id === 'newPassword' && errors.newPassword) setErrors({ ...errors, newPassword: lengthProblem(e.target.value) });
          }}
        />
        {error && (
          <span id={`${id}-error`} className="field-error">
            {error}
          </span>
        )}
      </div>
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="password-heading">
      <h2 id="password-heading">Change password</h2>
      {summary && (
        <p className="error" role="alert">
          {summary}
        </p>
      )}
      {done && (
        <p className="success" role="status">
          Your password was changed. You were signed out everywhere else.
        </p>
      )}
      {field('currentPassword', 'Current password', current, setCurrent, 'current-password')}
      {field('newPassword', 'New password', next, setNext, 'new-password', '8 to 128 characters. A phrase of several words is easy to remember; avoid common passwords and your name.')}
      {field('confirmPassword', 'New password again', confirm, setConfirm, 'new-password')}
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : 'Change password'}
      </button>
    </form>
  );
}

/** Set up two-step verification: a secret for the authenticator app, then a code to confirm it. */
export function MfaSetup({ onEnabled }: { onEnabled?: () => void }) {
  const me = useMe();
  const [enrollment, setEnrollment] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [codeError, setCodeError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [enabled, setEnabled] = useState(false);

  async function start() {
    setBusy(true);
    setError(null);
    try {
      setEnrollment(await post<{ secret: string; otpauthUri: string }>('/api/v1/me/mfa/enroll'));
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Two-step verification could not be started.');
    } finally {
      setBusy(false);
    }
  }

  async function confirmCode(e: FormEvent) {
    e.preventDefault();
    if (!/^[0-9]{6}$/.test(code.replace(/\s+/g, ''))) {
      setCodeError('Enter the 6 digits your authenticator app shows.');
      setError('Check the code below.');
      return;
    }
    setBusy(true);
    try {
      await post('/api/v1/me/mfa/confirm', { code });
      setEnabled(true);
      setError(null);
      setCodeError(undefined);
      onEnabled?.();
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) {
        setCodeError(err.fieldError('/code') ?? err.message);
        setError(err.message);
      } else setError(err instanceof Error ? err.message : 'The code could not be checked.');
    } finally {
      setBusy(false);
    }
  }

  if (me.user.mfaEnabled || enabled) {
    return (
      <section aria-labelledby="mfa-heading">
        <h2 id="mfa-heading">Two-step verification</h2>
        <p className="success" role="status">
          Two-step verification is on. You enter a code from your authenticator app when you sign in.
        </p>
        <p>Lost your device? Ask your administrator to reset two-step verification.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="mfa-heading">
      <h2 id="mfa-heading">Two-step verification</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!enrollment ? (
        <>
          <p>
            {me.mfaRequired
              ? 'Your role requires two-step verification.'
              : 'Protect your account with a code from an authenticator app (for example Google Authenticator, Microsoft Authenticator or 1Password).'}
          </p>
          <button type="button" onClick={() => void start()} disabled={busy}>
            Set up two-step verification
          </button>
        </>
      ) : (
        <form onSubmit={confirmCode} noValidate>
          <ol className="mfa-steps">
            <li>
              In your authenticator app, add an account and choose to enter a setup key. Key:{' '}
              <code id="mfa-secret" className="mfa-secret">
                {enrollment.secret}
              </code>{' '}
              (time-based, 6 digits).
            </li>
            <li>
              Or open this setup link on the device that has the app:{' '}
              <a href={enrollment.otpauthUri} className="mfa-uri">
                {enrollment.otpauthUri}
              </a>
            </li>
            <li>Enter the 6-digit code the app shows for Hearth.</li>
          </ol>
          <div className="field">
            <label htmlFor="mfa-code">Code from the app</label>
            <input
              id="mfa-code"
              inputMode="numeric"
              autoComplete="one-time-code"
              value={code}
              aria-invalid={codeError ? true : undefined}
              aria-describedby={codeError ? 'mfa-code-error' : undefined}
              onChange={(e) => setCode(e.target.value)}
            />
            {codeError && (
              <span id="mfa-code-error" className="field-error">
                {codeError}
              </span>
            )}
          </div>
          <button type="submit" disabled={busy}>
            Turn on two-step verification
          </button>
        </form>
      )}
    </section>
  );
}

export function ProfilePage() {
  const me = useMe();
  const { refresh } = useAuth();
  const heading = usePageTitle('Your profile');
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Your profile
      </h1>
      <section className="card" aria-labelledby="account-heading">
        <h2 id="account-heading">Account</h2>
        <dl className="profile-facts">
          <dt>Name</dt>
          <dd>{me.user.displayName}</dd>
          <dt>Username</dt>
          <dd>{me.user.username}</dd>
          <dt>User agreement accepted</dt>
          <dd>{formatDate(me.user.agreementAcceptedAt, 'Not yet')}</dd>
        </dl>
      </section>
      <div className="card">
        <ChangePasswordForm />
      </div>
      <div className="card">
        <MfaSetup onEnabled={() => void refresh()} />
      </div>
    </>
  );
}
