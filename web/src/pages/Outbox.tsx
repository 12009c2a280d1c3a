import { useResource, usePageTitle } from '../hooks.ts';
import { formatDateTime } from '../format.ts';

interface Mail {
  id: string;
  to: string;
  subject: string;
  body: string;
  createdAt: string;
  sentAt: string | null;
  lastError: string | null;
}

/** The e-mail outbox: what Hearth sent or will send. The embedded demo has no SMTP server, so read it here. */
export function OutboxPage() {
  const heading = usePageTitle('E-mail outbox');
  const outbox = useResource<{ smtpConfigured: boolean; items: Mail[] }>('/api/v1/admin/outbox', 30_000);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        E-mail outbox
      </h1>
      {outbox.data && !outbox.data.smtpConfigured && <p className="card">No SMTP server is configured (SMTP_URL): e-mails stay here unsent.</p>}
      {outbox.error && (
        <p role="alert" className="error">
          {outbox.error.message}
        </p>
      )}
      <div className="table-wrap">
        <table>
          <caption>E-mails, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Queued</th>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
              <th scope="col">Message</th>
              <th scope="col">Sent</th>
            </tr>
          </thead>
          <tbody>
            {outbox.data?.items.map((m) => (
              <tr key={m.id}>
                <td>{formatDateTime(m.createdAt)}</td>
                <td>{m.to}</td>
                <th scope="row">{m.subject}</th>
                <td>
                  <pre className="mail-body">{m.body}</pre>
                </td>
                <td>{m.sentAt ? formatDateTime(m.sentAt) : m.lastError ? `Not sent: ${m.lastError}` : 'Not sent'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
