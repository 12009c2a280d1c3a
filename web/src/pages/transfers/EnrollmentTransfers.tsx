/** The household's transfers on its enrollment page (issue 8): their status, and the link to request one. */
import { Link } from 'react-router';
import { useResource } from '../../hooks.ts';
import { deadlineText, type TransferList } from './model.ts';

export function EnrollmentTransfers({ enrollmentId, canRequest }: { enrollmentId: string; canRequest: boolean }) {
  const list = useResource<TransferList>(`/api/v1/transfers?enrollmentId=${encodeURIComponent(enrollmentId)}`);
  const items = list.data?.items ?? [];
  const open = items.some((t) => t.state === 'awaiting_approval' || t.state === 'awaiting_completion');
  return (
    <section className="card" aria-labelledby="transfers-heading">
      <h2 id="transfers-heading">Transfers</h2>
      {list.error && (
        <p role="alert" className="error">
          {list.error.message}
        </p>
      )}
      {items.length === 0 ? (
        <p>No transfer has been requested for this household.</p>
      ) : (
        <ul className="transfer-status-list">
          {items.map((t) => (
            <li key={t.id}>
              <Link to={`/transfers/${t.id}`}>
                Transfer {t.number} to {t.targetProject.name}
              </Link>
              : <span className={`badge transfer-state transfer-${t.state}`}>{t.stateLabel}</span>
              {deadlineText(t) !== '—' && <span className="hint"> — {deadlineText(t)}</span>}
            </li>
          ))}
        </ul>
      )}
      {canRequest && !open && (
        <p>
          <Link to={`/transfers/new?enrollmentId=${encodeURIComponent(enrollmentId)}`}>Request a transfer</Link>
        </p>
      )}
    </section>
  );
}
