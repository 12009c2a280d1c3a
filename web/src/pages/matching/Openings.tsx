import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { post } from '../../api.ts';
import { useMe } from '../../auth.tsx';
import { usePageTitle, useResource } from '../../hooks.ts';
import type { Project } from '../../types.ts';
import { ErrorSummary, errorsOf, NumberField, SelectField, TextField, type Errors } from '../admin/form.tsx';
import { describeOpening, POPULATION_LABELS, type Opening } from './model.ts';
import { formatDate } from '../../format.ts';

function NewOpening({ projects, onDone }: { projects: Project[]; onDone: (message: string) => void }) {
  const [projectId, setProjectId] = useState<string | null>(projects[0]?.id ?? null);
  const [availableOn, setAvailableOn] = useState('');
  const [kind, setKind] = useState<'unit' | 'subsidy'>('unit');
  const [bedrooms, setBedrooms] = useState<number | null>(null);
  const [householdSize, setHouseholdSize] = useState<number | null>(null);
  const [population, setPopulation] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const prefix = 'opening-new';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setFields({});
    const missing: Errors = {};
    if (!projectId) missing['/projectId'] = 'Choose a project.';
    if (!availableOn) missing['/availableOn'] = 'Enter the date the unit or slot is available.';
    if (Object.keys(missing).length) {
      setError('Some answers are missing.');
      setFields(missing);
      return;
    }
    setBusy(true);
    try {
      await post(`/api/v1/projects/${projectId}/openings`, { availableOn, kind, bedrooms, householdSize, population, note: note || null });
      onDone('Opening recorded.');
      setAvailableOn('');
      setNote('');
    } catch (err) {
      const p = errorsOf(err);
      setError(p.message);
      setFields(p.fields);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="card" noValidate aria-labelledby="new-opening-title">
      <h2 id="new-opening-title">Record an opening</h2>
      <ErrorSummary message={error} fields={fields} prefix={prefix} />
      <SelectField prefix={prefix} pointer="/projectId" label="Project" errors={fields} value={projectId} onChange={setProjectId} options={projects.map((p) => ({ value: p.id, label: p.name }))} />
      <TextField prefix={prefix} pointer="/availableOn" label="Available on" type="date" errors={fields} value={availableOn} onChange={setAvailableOn} required />
      <SelectField
        prefix={prefix}
        pointer="/kind"
        label="Kind"
        errors={fields}
        value={kind}
        onChange={(v) => setKind(v ?? 'unit')}
        options={[
          { value: 'unit', label: 'A unit' },
          { value: 'subsidy', label: 'A subsidy slot' },
        ]}
      />
      <NumberField prefix={prefix} pointer="/bedrooms" label="Bedrooms (0 for a studio)" errors={fields} value={bedrooms} onChange={setBedrooms} />
      <NumberField prefix={prefix} pointer="/householdSize" label="Household size (largest household it fits)" errors={fields} value={householdSize} onChange={setHouseholdSize} />
      <SelectField
        prefix={prefix}
        pointer="/population"
        label="Population"
        errors={fields}
        value={population}
        onChange={setPopulation}
        empty="The project’s populations"
        options={Object.entries(POPULATION_LABELS).map(([value, label]) => ({ value, label }))}
      />
      <TextField prefix={prefix} pointer="/note" label="Note" errors={fields} value={note} onChange={setNote} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          Record opening
        </button>
      </div>
    </form>
  );
}

/** Openings: the matching team sees every project's, providers their projects'. */
export function OpeningsPage() {
  const me = useMe();
  const heading = usePageTitle('Openings');
  const [state, setState] = useState<'open' | 'all'>('open');
  const openings = useResource<{ items: Opening[] }>(`/api/v1/openings?state=${state}`);
  const projects = useResource<{ items: Project[] }>('/api/v1/projects');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const matcher = me.navigation.includes('ce-list');
  const cocWide = me.memberships.some((m) => m.role === 'hmis_admin' || m.role === 'ces_matcher');
  const mine = (projects.data?.items ?? []).filter(
    (p) => p.receivesReferrals && (cocWide || me.memberships.some((m) => (m.role === 'case_manager' || m.role === 'agency_admin') && m.projectIds.includes(p.id))),
  );

  async function close(o: Opening) {
    setError(null);
    try {
      await post(`/api/v1/openings/${o.id}/close`, { version: o.version });
      setNotice(`Opening at ${o.projectName} closed.`);
      openings.reload();
    } catch (err) {
      setError(errorsOf(err).message);
    }
  }

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Openings
      </h1>
      <p role="status" className="success">
        {notice ?? ''}
      </p>
      {(error ?? openings.error) && (
        <p role="alert" className="error">
          {error ?? openings.error!.message}
        </p>
      )}
      <div className="field">
        <label className="choice">
          <input type="checkbox" checked={state === 'all'} onChange={(e) => setState(e.target.checked ? 'all' : 'open')} />
          Show filled and closed openings too
        </label>
      </div>
      {openings.loading && !openings.data ? (
        <p role="status">Loading openings…</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{state === 'open' ? 'Open openings' : 'All openings'}</caption>
            <thead>
              <tr>
                <th scope="col">Project</th>
                <th scope="col">Opening</th>
                <th scope="col">Available</th>
                <th scope="col">State</th>
                <th scope="col">Open referrals</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {openings.data?.items.length === 0 && (
                <tr>
                  <td colSpan={6}>No openings.</td>
                </tr>
              )}
              {openings.data?.items.map((o) => (
                <tr key={o.id}>
                  <th scope="row">{o.projectName}</th>
                  <td>
                    {describeOpening(o)}
                    {o.note && <div className="hint">{o.note}</div>}
                  </td>
                  <td>{formatDate(o.availableOn)}</td>
                  <td>{o.state}</td>
                  <td>{o.openReferrals}</td>
                  <td>
                    <div className="actions">
                      {matcher && o.state === 'open' && (
                        <Link className="button-link" to={`/ce-list?openingId=${o.id}`} aria-label={`Find a household for ${o.projectName}: ${describeOpening(o)}, available ${formatDate(o.availableOn)}`}>
                          Find a household
                        </Link>
                      )}
                      {o.capabilities.canClose && (
                        <button type="button" className="secondary" onClick={() => void close(o)} aria-label={`Close the opening at ${o.projectName} available ${formatDate(o.availableOn)}`}>
                          Close
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {mine.length > 0 && (
        <NewOpening
          projects={mine}
          onDone={(m) => {
            setNotice(m);
            openings.reload();
          }}
        />
      )}
    </>
  );
}
