import { useState } from 'react';
import { post } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { usePageTitle, useResource } from '../hooks.ts';
import { formatDate } from '../format.ts';

interface AgreementStatus {
  version: string;
  title: string;
  text: string;
  acceptedAt: string | null;
  current: boolean;
  renewBy: string | null;
}

/** The CoC's user agreement: shown after sign-in until accepted (first time, then yearly). */
export function AgreementPage() {
  const { refresh } = useAuth();
  const heading = usePageTitle('User agreement');
  const agreement = useResource<AgreementStatus>('/api/v1/me/agreement');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function accept() {
    if (!agreement.data) return;
    setBusy(true);
    setError(null);
    try {
      await post('/api/v1/me/agreement', { version: agreement.data.version });
      await refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : 'The agreement could not be recorded.');
      agreement.reload();
    } finally {
      setBusy(false);
    }
  }

  const a = agreement.data;
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        User agreement
      </h1>
      {agreement.error && (
        <p className="error" role="alert">
          {agreement.error.message}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!a ? (
        <p role="status">Loading the agreement…</p>
      ) : (
        <article className="card agreement" aria-labelledby="agreement-title">
          <h2 id="agreement-title">
            {a.title} (version {a.version})
          </h2>
          <p className="hint">
            {a.acceptedAt
              ? 'Your acceptance has expired or the agreement changed: read it and accept it again to open client records.'
              : 'Read and accept the agreement before you open client records.'}
          </p>
          {a.text.split(/\n{2,}/).map((paragraph, i) => (
            <p key={i}>{paragraph}</p>
          ))}
          {a.current ? (
            <p className="success" role="status">
              You accepted this agreement{a.renewBy ? `; it is due again on ${formatDate(a.renewBy)}` : ''}.
            </p>
          ) : (
            <div className="actions">
              <button type="button" onClick={() => void accept()} disabled={busy}>
                I accept the user agreement
              </button>
            </div>
          )}
        </article>
      )}
    </>
  );
}
