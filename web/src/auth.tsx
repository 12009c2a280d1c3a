import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, get, post, setCsrfToken, setOnUnauthorized } from './api.ts';
import type { Me } from './types.ts';
import { setCocCalendar } from './format.ts';

type State = { status: 'loading' } | { status: 'signedOut' } | { status: 'signedIn'; me: Me };

interface AuthValue {
  state: State;
  signIn(username: string, password: string, totpCode?: string): Promise<void>;
  signOut(): Promise<void>;
  refresh(): Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      const me = await get<Me>('/api/v1/me');
      setCsrfToken(me.csrfToken);
      setCocCalendar(me.coc);
      setState({ status: 'signedIn', me });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        setCsrfToken(null);
        setState({ status: 'signedOut' });
      } else throw e;
    }
  }, []);

  useEffect(() => {
    setOnUnauthorized(() => {
      setCsrfToken(null);
      setState({ status: 'signedOut' });
    });
    void refresh();
    return () => setOnUnauthorized(null);
  }, [refresh]);

  const value = useMemo<AuthValue>(
    () => ({
      state,
      refresh,
      async signIn(username, password, totpCode) {
        await post('/api/v1/auth/login', { username, password, ...(totpCode ? { totpCode } : {}) });
        await refresh();
      },
      async signOut() {
        try {
          await post('/api/v1/auth/logout');
        } finally {
          setCsrfToken(null);
          setState({ status: 'signedOut' });
        }
      },
    }),
    [state, refresh],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The signed-in user; only for pages rendered behind the sign-in gate. */
export function useMe(): Me {
  const { state } = useAuth();
  if (state.status !== 'signedIn') throw new Error('useMe while signed out');
  return state.me;
}
