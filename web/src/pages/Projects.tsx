import { Link } from 'react-router';
import { useResource, usePageTitle } from '../hooks.ts';
import { PROJECT_TYPES, type Agency, type Project } from '../types.ts';

export function ProjectsPage() {
  const heading = usePageTitle('Projects');
  const projects = useResource<{ items: Project[] }>('/api/v1/projects');
  const agencies = useResource<{ items: Agency[] }>('/api/v1/agencies');
  const agencyName = (id: string) => agencies.data?.items.find((a) => a.id === id)?.name ?? '';
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Projects
      </h1>
      {projects.error && <p role="alert" className="error">{projects.error.message}</p>}
      {projects.loading && !projects.data ? (
        <p role="status">Loading projects…</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>Projects of the Continuum of Care</caption>
            <thead>
              <tr>
                <th scope="col">Project</th>
                <th scope="col">Number</th>
                <th scope="col">Agency</th>
                <th scope="col">HUD type</th>
                <th scope="col">Program model</th>
                <th scope="col">Receives referrals</th>
                <th scope="col">Caseload</th>
              </tr>
            </thead>
            <tbody>
              {projects.data?.items.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{p.name}</th>
                  <td>{p.hmisProjectNumber}</td>
                  <td>{agencyName(p.agencyId)}</td>
                  <td>{PROJECT_TYPES[p.projectType] ?? p.projectType}</td>
                  <td>{p.programModel}</td>
                  <td>{p.receivesReferrals ? 'Yes' : 'No'}</td>
                  <td>{p.capabilities.canViewCaseload ? <Link to={`/projects/${p.id}/caseload`} aria-label={`Caseload of ${p.name}`}>Caseload</Link> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
