import { useCallback, useEffect, useRef, useState } from 'react';
import { get } from './api.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload(): void;
}

/** Loads a GET resource; `refreshMs` polls it so counts change without reloading the page. */
export function useResource<T>(path: string | null, refreshMs?: number): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    if (path === null) return;
    let cancelled = false;
    setLoading(true);
    get<T>(path).then(
      (d) => {
        if (!cancelled) {
          setData(d);
          setError(undefined);
          setLoading(false);
        }
      },
      (e: Error) => {
        if (!cancelled) {
          setError(e);
          setLoading(false);
        }
      },
    );
    return () => {
      cancelled = true;
    };
  }, [path, tick]);
  useEffect(() => {
    if (!refreshMs || path === null) return;
    const t = setInterval(reload, refreshMs);
    return () => clearInterval(t);
  }, [refreshMs, path, reload]);
  return { data, error, loading, reload };
}

/** Sets the document title and moves focus to the page heading on navigation (screen readers announce it). */
export function usePageTitle(title: string) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Hearth`;
    ref.current?.focus();
  }, [title]);
  return ref;
}
