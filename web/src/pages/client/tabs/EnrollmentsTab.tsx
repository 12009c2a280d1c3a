/** The client's enrollments in every project, with a link to enroll them (the wizard). */
import { Link } from 'react-router';
import { useResource } from '../../../hooks.ts';
import type { ClientTab, ClientTabProps } from '../model.ts';
import type { ClientEnrollment } from '../../enrollments/model.ts';
import { formatDate } from '../../../format.ts';

const STATUS: Record<ClientEnrollment['status'], string> = { active: 'Enrolled', not_yet_housed: 'Enrolled, not yet housed', exited: 'Exited' };

function EnrollmentsTab({ client }: ClientTabProps) {
  const res = useResource<{ items: ClientEnrollment[] }>(`/api/v1/clients/${client.id}/enrollments`);
  const items = res.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="enrollments-heading">
      <h2 id="enrollments-heading">Enrollments</h2>
      <p>
        <Link to={`/enrollments/new?clientId=${client.id}`}>Enroll this client (and their household)</Link>
      </p>
      {res.loading && !res.data && <p role="status">Loading enrollments…</p>}
      {res.error && (
        <p role="alert" className="error">
          {res.error.message}
        </p>
      )}
      {res.data && items.length === 0 && <p>No enrollments yet.</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>Enrollments of this client</caption>
            <thead>
              <tr>
                <th scope="col">Project</th>
                <th scope="col">Project start</th>
                <th scope="col">Move-in</th>
                <th scope="col">Exit</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id}>
                  <th scope="row">
                    <Link to={`/enrollments/${e.id}`}>{e.projectName}</Link>
                    {e.isEsgRrh ? ' (ESG RRH)' : ''}
                  </th>
                  <td>{formatDate(e.entryDate)}</td>
                  <td>{formatDate(e.moveInDate)}</td>
                  <td>{formatDate(e.exitDate)}</td>
                  <td>{STATUS[e.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export const tab: ClientTab = { key: 'enrollments', label: 'Enrollments', order: 35, Component: EnrollmentsTab };
