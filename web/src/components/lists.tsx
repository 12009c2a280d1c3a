/**
 * The list conventions (docs/UI.md "Lists"): the view — filters, sort and page — lives in the URL, so a
 * link or the back button restores it; a name searched for does not (names never travel in URLs): it is
 * kept in the history entry's state. Columns sort by their header button (aria-sort); the status line
 * says what is shown of how many; paging is by the server's cursors, the earlier pages' cursors kept in
 * the URL so "Previous page" needs no request of its own.
 */
import { useCallback, useEffect, useState } from 'react';
import { useLocation, useSearchParams } from 'react-router';
import { get, post } from '../api.ts';

export interface ListPage<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

export interface ListView {
  /** A filter's value from the URL, or its default. */
  param(name: string, fallback?: string): string;
  /** Changes filters (an empty value removes it) and goes back to the first page. */
  setParams(patch: Record<string, string | null>): void;
  sort: { column: string; descending: boolean };
  /** `column`: ascending, or descending when already ascending by it. */
  sortBy(column: string): void;
  /** The name searched for (history state, not the URL). */
  name: string;
  setName(name: string): void;
  /** Every filter and the name cleared (the sort kept). */
  clear(): void;
  /** The cursors of the pages before this one, and this page's. */
  cursor: string | null;
  pageIndex: number;
  next(cursor: string): void;
  previous(): void;
}

const PAGES = 'pages';

export function useListView(defaultSort: string): ListView {
  const [params, setSearch] = useSearchParams();
  const location = useLocation();
  const name = typeof (location.state as { name?: unknown } | null)?.name === 'string' ? (location.state as { name: string }).name : '';
  const raw = params.get('sort') ?? defaultSort;
  const sort = { column: raw.replace(/^-/, ''), descending: raw.startsWith('-') };
  const stack = (params.get(PAGES) ?? '').split(',').filter(Boolean);
  const change = useCallback(
    (fn: (p: URLSearchParams) => void, state: { name: string }, replace = false) => {
      const p = new URLSearchParams(params);
      fn(p);
      setSearch(p, { state, replace });
    },
    [params, setSearch],
  );
  return {
    param: (n, fallback = '') => params.get(n) ?? fallback,
    setParams: (patch) =>
      change((p) => {
        for (const [k, v] of Object.entries(patch)) {
          if (v === null || v === '') p.delete(k);
          else p.set(k, v);
        }
        p.delete(PAGES);
      }, { name }, true),
    sort,
    sortBy: (column) =>
      change((p) => {
        const next = sort.column === column && !sort.descending ? `-${column}` : column;
        if (next === defaultSort) p.delete('sort');
        else p.set('sort', next);
        p.delete(PAGES);
      }, { name }),
    name,
    setName: (n) => change((p) => p.delete(PAGES), { name: n }),
    clear: () =>
      change((p) => {
        for (const k of [...p.keys()]) if (k !== 'sort') p.delete(k);
      }, { name: '' }),
    cursor: stack.at(-1) ?? null,
    pageIndex: stack.length,
    next: (cursor) => change((p) => p.set(PAGES, [...stack, cursor].join(',')), { name }),
    previous: () =>
      change((p) => {
        const rest = stack.slice(0, -1);
        if (rest.length) p.set(PAGES, rest.join(','));
        else p.delete(PAGES);
      }, { name }),
  };
}

/**
 * Loads one page: GET `path?query&cursor=` — or, when `search` is given (a name), POST `searchPath`
 * with the query as the body.
 */
export function useListPage<T>(path: string | null, query: Record<string, string>, cursor: string | null, search?: { path: string; name: string }) {
  const [page, setPage] = useState<ListPage<T>>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const key = JSON.stringify([path, query, cursor, search]);
  useEffect(() => {
    if (path === null) return;
    let cancelled = false;
    setLoading(true);
    const q = { ...query, ...(cursor ? { cursor } : {}) };
    const request = search?.name ? post<ListPage<T>>(search.path, { ...q, name: search.name }) : get<ListPage<T>>(`${path}?${new URLSearchParams(q).toString()}`);
    request.then(
      (p) => {
        if (cancelled) return;
        setPage(p);
        setError(undefined);
        setLoading(false);
      },
      (e: Error) => {
        if (cancelled) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return { page, error, loading };
}

/** A column header that sorts the list (a button inside the th; aria-sort on the sorted one). */
export function SortHeader({ label, column, view }: { label: string; column: string; view: ListView }) {
  const active = view.sort.column === column;
  const dir = active ? (view.sort.descending ? 'descending' : 'ascending') : undefined;
  return (
    <th scope="col" {...(dir ? { 'aria-sort': dir } : {})}>
      <button type="button" className="sort-button" onClick={() => view.sortBy(column)}>
        {label}
        <span aria-hidden="true" className="sort-mark">
          {active ? (view.sort.descending ? ' ▼' : ' ▲') : ' ↕'}
        </span>
      </button>
    </th>
  );
}

/** "Showing 51–100 of 132 households" (a live region), or the loading text. */
export function ListStatus({ loading, page, pageSize, pageIndex, noun, plural }: { loading: boolean; page: ListPage<unknown> | undefined; pageSize: number; pageIndex: number; noun: string; plural?: string }) {
  const many = plural ?? `${noun}s`;
  let text = `Loading ${many}…`;
  if (!loading && page) {
    const from = pageIndex * pageSize + 1;
    text = page.total === 0 ? `No ${many}` : page.items.length === page.total ? `${page.total} ${page.total === 1 ? noun : many}` : `Showing ${from}–${from + page.items.length - 1} of ${page.total} ${many}`;
  }
  return (
    <p role="status" className="search-status">
      {text}
    </p>
  );
}

/** Previous / next page buttons. */
export function Pager({ view, page, noun }: { view: ListView; page: ListPage<unknown> | undefined; noun: string }) {
  if (!page || (view.pageIndex === 0 && !page.nextCursor)) return null;
  return (
    <nav className="actions pager" aria-label={`Pages of ${noun}`}>
      <button type="button" className="secondary" disabled={view.pageIndex === 0} onClick={() => view.previous()}>
        Previous page
      </button>
      <button type="button" className="secondary" disabled={!page.nextCursor} onClick={() => page.nextCursor && view.next(page.nextCursor)}>
        Next page
      </button>
    </nav>
  );
}
