import { useEffect, useRef, useState } from 'react';
import { get } from '../api.ts';
import { useAuth } from '../auth.tsx';

const WARN_MS = 2 * 60_000;
const TICK_MS = 10_000;

interface SessionTimes {
  sessionIdleExpiresAt: string;
}

/**
 * Warns two minutes before the idle timeout; "Stay signed in" touches the session. The page may have
 * made other requests since `/me` was read (each one extends the session), so before warning it asks
 * the server how long is really left — with a request that does not itself count as activity.
 */
export function IdleWarning({ expiresAt }: { expiresAt: string }) {
  const { refresh } = useAuth();
  const [known, setKnown] = useState(expiresAt);
  const [now, setNow] = useState(() => Date.now());
  const [confirmed, setConfirmed] = useState(false);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    setKnown(expiresAt);
    setConfirmed(false);
  }, [expiresAt]);

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(t);
  }, []);

  const remaining = new Date(known).getTime() - now;
  const near = remaining <= WARN_MS;

  useEffect(() => {
    if (!near) return;
    let cancelled = false;
    // A 401 here (session ended) sends the app back to sign-in through the API helper.
    get<SessionTimes>('/api/v1/auth/session').then(
      (s) => {
        if (cancelled) return;
        setKnown(s.sessionIdleExpiresAt);
        setConfirmed(new Date(s.sessionIdleExpiresAt).getTime() - Date.now() <= WARN_MS);
      },
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, [near, now]);

  const showing = near && confirmed;
  useEffect(() => {
    if (showing) button.current?.focus();
  }, [showing]);

  if (!showing) return null;
  return (
    <div className="idle-warning" role="alertdialog" aria-labelledby="idle-title" aria-describedby="idle-text">
      <h2 id="idle-title">Still there?</h2>
      <p id="idle-text">
        {remaining > 0 ? `You will be signed out in about ${Math.max(1, Math.round(remaining / 60_000))} minute(s) for inactivity.` : 'Your session has ended.'}
      </p>
      <button ref={button} type="button" onClick={() => void refresh()}>
        Stay signed in
      </button>
    </div>
  );
}
