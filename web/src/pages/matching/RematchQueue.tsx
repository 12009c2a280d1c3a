import { Link } from 'react-router';
import { usePageTitle, useResource } from '../../hooks.ts';
import { describeOpening, type RematchItem } from './model.ts';

/** Openings sent back to the matching team after a rematch status, with how many new referrals they need. */
export function RematchQueuePage() {
  const heading = usePageTitle('Rematch queue');
  const queue = useResource<{ items: RematchItem[] }>('/api/v1/rematch-queue', 30_000);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Rematch queue
      </h1>
      <p>After a rematch status the opening needs new referrals: two after a provider’s rematch, one after “Housing Provider Did Not Respond”.</p>
      {queue.error && (
        <p role="alert" className="error">
          {queue.error.message}
        </p>
      )}
      {queue.loading && !queue.data ? (
        <p role="status">Loading the rematch queue…</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>Openings waiting for new referrals</caption>
            <thead>
              <tr>
                <th scope="col">Project</th>
                <th scope="col">Opening</th>
                <th scope="col">Waiting since</th>
                <th scope="col">Referrals needed</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {queue.data?.items.length === 0 && (
                <tr>
                  <td colSpan={5}>Nothing is waiting.</td>
                </tr>
              )}
              {queue.data?.items.map((q) => (
                <tr key={q.openingId ?? `project-${q.projectId}`}>
                  <th scope="row">{q.projectName}</th>
                  <td>{q.opening ? describeOpening({ kind: q.opening.kind, bedrooms: q.opening.bedrooms, householdSize: q.opening.householdSize, population: q.opening.population }) : 'No opening recorded'}</td>
                  <td>{q.since.slice(0, 10)}</td>
                  <td>
                    {q.referralsNeeded} of {q.requested}
                  </td>
                  <td>
                    {q.openingId ? (
                      <Link to={`/ce-list?openingId=${q.openingId}`} aria-label={`Find a household for the opening at ${q.projectName}`}>
                        Find a household
                      </Link>
                    ) : (
                      <Link to={`/ce-list?projectId=${q.projectId}`} aria-label={`Eligible households for ${q.projectName}`}>
                        Eligible households
                      </Link>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
