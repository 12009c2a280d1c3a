import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { usePageTitle } from '../hooks.ts';

export function SignInPage() {
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const [needCode, setNeedCode] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = usePageTitle('Sign in');
  const codeInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (needCode) codeInput.current?.focus();
  }, [needCode]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username, password, needCode ? totpCode : undefined);
      const next = params.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.body.mfaRequired === true) {
        setNeedCode(true);
        setError(needCode ? err.message : 'Enter the 6-digit code from your authenticator app.');
      } else {
        setError(err instanceof Error ? err.message : 'Sign-in failed.');
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" className="signin">
      <form onSubmit={submit} className="card signin-card" aria-describedby={error ? 'signin-error' : undefined} noValidate>
        <h1 ref={heading} tabIndex={-1}>
          Sign in to Hearth
        </h1>
        {error && (
          <p id="signin-error" className="error" role="alert">
            {error}
          </p>
        )}
        <div className="field">
          <label htmlFor="username">Username</label>
          <input id="username" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        {needCode && (
          <div className="field">
            <label htmlFor="totp">Authentication code</label>
            <span id="totp-hint" className="hint">
              The 6-digit code your authenticator app shows for Hearth.
            </span>
            <input
              ref={codeInput}
              id="totp"
              name="totpCode"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              required
              aria-describedby="totp-hint"
              value={totpCode}
              onChange={(e) => setTotpCode(e.target.value)}
            />
          </div>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="hint">Forgot your password or lost your authenticator? Your administrator can send you a reset link.</p>
      </form>
    </main>
  );
}
