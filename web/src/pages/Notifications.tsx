import { useState } from 'react';
import { Link } from 'react-router';
import { post, api } from '../api.ts';
import { useResource, usePageTitle } from '../hooks.ts';
import { formatDateTime } from '../format.ts';

interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  read: boolean;
}

type Delivery = 'immediate' | 'daily_digest' | 'in_app_only';
const DELIVERY_LABELS: Record<Delivery, string> = {
  immediate: 'E-mail me at once',
  daily_digest: 'One e-mail a day (digest)',
  in_app_only: 'No e-mail, only here',
};

export function NotificationsPage() {
  const heading = usePageTitle('Notifications');
  const list = useResource<{ items: Notification[]; unreadCount: number }>('/api/v1/notifications?limit=100', 30_000);
  const prefs = useResource<{ delivery: Delivery }>('/api/v1/me/notification-preferences');
  const [saved, setSaved] = useState<string | null>(null);
  const [chosen, setChosen] = useState<Delivery>();
  const delivery = chosen ?? prefs.data?.delivery;

  async function markRead(id: string) {
    await post(`/api/v1/notifications/${id}/read`);
    list.reload();
  }
  async function markAll() {
    await post('/api/v1/notifications/read-all');
    list.reload();
  }
  async function choose(value: Delivery) {
    setChosen(value);
    setSaved(null);
    await api('PUT', '/api/v1/me/notification-preferences', { delivery: value });
    setSaved(`Saved: ${DELIVERY_LABELS[value]}.`);
  }

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Notifications
      </h1>
      <section className="card" aria-labelledby="delivery-title">
        <h2 id="delivery-title">E-mail</h2>
        <fieldset className="field">
          <legend>How should Hearth tell you by e-mail?</legend>
          {(Object.keys(DELIVERY_LABELS) as Delivery[]).map((d) => (
            <label key={d} className="choice">
              <input type="radio" name="delivery" value={d} checked={delivery === d} onChange={() => void choose(d)} /> {DELIVERY_LABELS[d]}
            </label>
          ))}
        </fieldset>
        <p className="hint">E-mails never contain a client's name, date of birth or SSN: only a link and a number.</p>
        <p role="status" className="success">
          {saved}
        </p>
      </section>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => void markAll()} disabled={!list.data?.unreadCount}>
          Mark all as read
        </button>
      </div>
      {list.error && (
        <p role="alert" className="error">
          {list.error.message}
        </p>
      )}
      {list.data && list.data.items.length === 0 ? (
        <p>You have no notifications.</p>
      ) : (
        <ul className="notification-list" aria-label={`${list.data?.unreadCount ?? 0} unread notifications`}>
          {list.data?.items.map((n) => (
            <li key={n.id} className={n.read ? 'read' : 'unread'}>
              <div>
                {!n.read && <span className="badge due-soon">New</span>} <strong>{n.link ? <Link to={n.link}>{n.title}</Link> : n.title}</strong>
                {n.body && <p>{n.body}</p>}
                <p className="hint">{formatDateTime(n.createdAt)}</p>
              </div>
              {!n.read && (
                <button type="button" className="secondary" onClick={() => void markRead(n.id)}>
                  Mark read<span className="visually-hidden">: {n.title}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
