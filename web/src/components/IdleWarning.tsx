import { useEffect, useState } from 'react';
import { useAuth } from '../auth.tsx';

const WARN_MS = 2 * 60_000;

/** Warns two minutes before the idle timeout; "Stay signed in" touches the session. */
export function IdleWarning({ expiresAt }: { expiresAt: string }) {
  const { refresh } = useAuth();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 10_000);
    return () => clearInterval(t);
  }, []);
  const remaining = new Date(expiresAt).getTime() - now;
  if (remaining > WARN_MS) return null;
  return (
    <div className="idle-warning" role="alertdialog" aria-labelledby="idle-title" aria-describedby="idle-text">
      <h2 id="idle-title">Still there?</h2>
      <p id="idle-text">
        {remaining > 0 ? `You will be signed out in about ${Math.max(1, Math.round(remaining / 60_000))} minute(s) for inactivity.` : 'Your session has ended.'}
      </p>
      <button type="button" onClick={() => void refresh()}>
        Stay signed in
      </button>
    </div>
  );
}
