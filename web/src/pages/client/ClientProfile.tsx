/**
 * The client profile: a header with the record's state and a tab list (WAI-ARIA tabs: arrow keys,
 * Home/End, roving tabindex). Tabs come from a registry: every file `./tabs/*.tsx` that exports
 * `tab: ClientTab` (see ./model.ts) is a tab — add a tab by adding a file. Tabs of later issues
 * ('ce-assessment', 'notes', 'documents') show a placeholder until their file exists.
 */
import { useRef, type KeyboardEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api.ts';
import { useResource, usePageTitle } from '../../hooks.ts';
import { CONSENT_STATE, LOCK_REASONS, type ClientDetail, type ClientTab } from './model.ts';

const modules = import.meta.glob<{ tab?: ClientTab }>('./tabs/*.tsx', { eager: true });

function Placeholder({ what }: { what: string }) {
  return <p>{what} will appear here.</p>;
}

const PLACEHOLDERS: ClientTab[] = [
  { key: 'ce-assessment', label: 'CE assessment', order: 40, Component: () => <Placeholder what="The Coordinated Entry enrollment and assessment" /> },
  { key: 'notes', label: 'Notes', order: 50, Component: () => <Placeholder what="Client notes" /> },
  { key: 'documents', label: 'Documents', order: 60, Component: () => <Placeholder what="Documents" /> },
];

/** The registered tabs, in order; a file's tab replaces the placeholder with the same key. */
export function clientTabs(): ClientTab[] {
  const byKey = new Map<string, ClientTab>();
  for (const p of PLACEHOLDERS) byKey.set(p.key, p);
  for (const m of Object.values(modules)) if (m.tab) byKey.set(m.tab.key, m.tab);
  return [...byKey.values()].sort((a, b) => a.order - b.order);
}

export function ClientProfilePage() {
  const { id } = useParams();
  const client = useResource<ClientDetail>(`/api/v1/clients/${id}`);
  const heading = usePageTitle(client.data ? client.data.displayName : 'Client');
  const [params, setParams] = useSearchParams();
  const tabs = clientTabs();
  const active = tabs.find((t) => t.key === params.get('tab')) ?? tabs[0]!;
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});

  const select = (key: string, focus = false) => {
    setParams((p) => {
      const next = new URLSearchParams(p);
      next.set('tab', key);
      return next;
    }, { replace: true });
    if (focus) tabRefs.current[key]?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    const i = tabs.findIndex((t) => t.key === active.key);
    let next: number | null = null;
    if (e.key === 'ArrowRight') next = (i + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    if (next !== null) {
      e.preventDefault();
      select(tabs[next]!.key, true);
    }
  };

  if (client.error) {
    const notFound = client.error instanceof ApiError && client.error.status === 404;
    return (
      <>
        <h1 ref={heading} tabIndex={-1}>
          {notFound ? 'Client not found' : 'Client'}
        </h1>
        <p role="alert" className="error">
          {notFound ? 'There is no client record with this ID that you may see.' : client.error.message}
        </p>
        <p>
          <Link to="/clients">Back to client search</Link>
        </p>
      </>
    );
  }
  if (!client.data) {
    return (
      <>
        <h1 ref={heading} tabIndex={-1}>
          Client
        </h1>
        <p role="status">Loading the client record…</p>
      </>
    );
  }
  const c = client.data;
  const Active = active.Component;
  return (
    <>
      <p>
        <Link to="/clients">Back to client search</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {c.displayName}
      </h1>
      <p className="client-summary">
        <span>Client ID {c.id}</span>
        <span>Owned by {c.ownerAgencyName}</span>
        <span className={`badge consent-${c.consentState}`}>{CONSENT_STATE[c.consentState]}</span>
        {c.locked && <span className="badge locked">Locked{c.lockReasons.length ? `: ${c.lockReasons.map((r) => LOCK_REASONS[r] ?? r).join(', ')}` : ''}</span>}
        {tabs.map((t) => t.Flag && <t.Flag key={`${t.key}-${active.key}`} clientId={c.id} onOpen={() => select(t.key, true)} />)}
      </p>
      <div role="tablist" aria-label="Client record" className="tablist">
        {tabs.map((t) => (
          <button
            key={t.key}
            type="button"
            role="tab"
            id={`tab-${t.key}`}
            aria-selected={t.key === active.key}
            aria-controls={`panel-${t.key}`}
            tabIndex={t.key === active.key ? 0 : -1}
            className="tab"
            ref={(el) => {
              tabRefs.current[t.key] = el;
            }}
            onClick={() => select(t.key)}
            onKeyDown={onKeyDown}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${active.key}`} aria-labelledby={`tab-${active.key}`} tabIndex={0} className="tabpanel">
        <Active client={c} reload={client.reload} />
      </div>
    </>
  );
}
