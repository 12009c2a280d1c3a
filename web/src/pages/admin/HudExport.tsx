import { useEffect, useState, type FormEvent } from 'react';
import { get, post } from '../../api.ts';
import { usePageTitle } from '../../hooks.ts';
import { CheckField, ErrorSummary, errorsOf, SelectField, TextField, type Errors } from './form.tsx';
import { cocToday } from '../../format.ts';

interface ExportRun {
  id: string;
  status: 'running' | 'done' | 'failed';
  files: { file: string; rows: number; done: boolean }[];
  rowCounts: Record<string, number> | null;
  eventsSkipped: number | null;
  error: string | null;
}

/** HUD HMIS CSV FY2026 export: parameters, progress per file, download. */
export function AdminHudExportPage() {
  const heading = usePageTitle('HUD CSV export');
  const year = Number(cocToday().slice(0, 4));
  const [from, setFrom] = useState(`${year - 1}-10-01`);
  const [to, setTo] = useState(`${year}-09-30`);
  const [periodType, setPeriodType] = useState<number | null>(3);
  const [directive, setDirective] = useState<number | null>(2);
  const [hashed, setHashed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Errors>({});
  const [run, setRun] = useState<ExportRun | null>(null);

  useEffect(() => {
    if (!run || run.status !== 'running') return;
    const t = setTimeout(() => {
      get<ExportRun>(`/api/v1/hud/exports/${run.id}`).then(setRun, (e: Error) => setError(e.message));
    }, 500);
    return () => clearTimeout(t);
  }, [run]);

  async function start(e: FormEvent) {
    e.preventDefault();
    const local: Errors = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(from)) local['/from'] = 'Enter the first day of the period.';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(to)) local['/to'] = 'Enter the last day of the period.';
    else if (from > to) local['/to'] = 'The period must end on or after its start.';
    setFields(local);
    if (Object.keys(local).length > 0) {
      setError('Check the form.');
      return;
    }
    setError(null);
    try {
      setRun(await post<ExportRun>('/api/v1/hud/exports', { from, to, periodType, directive, hashed }));
    } catch (err) {
      const p = errorsOf(err);
      setError(p.message);
      setFields(p.fields);
    }
  }

  const total = run?.files.reduce((n, f) => n + f.rows, 0) ?? 0;
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        HUD CSV export
      </h1>
      <p>Exports the HUD HMIS CSV (FY2026, 2026 v1.0) of every project you may export, as a zip of all 24 files.</p>
      <form onSubmit={start} noValidate className="hud-form">
        <ErrorSummary message={error} fields={fields} prefix="hud-export" />
        <TextField prefix="hud-export" pointer="/from" label="Start date" type="date" value={from} onChange={setFrom} errors={fields} required />
        <TextField prefix="hud-export" pointer="/to" label="End date" type="date" value={to} onChange={setTo} errors={fields} required />
        <SelectField<number>
          prefix="hud-export"
          pointer="/periodType"
          label="Period type"
          value={periodType}
          onChange={setPeriodType}
          errors={fields}
          options={[
            { value: 3, label: 'Reporting period (enrollments active in the period)' },
            { value: 1, label: 'Updated (records changed in the period)' },
          ]}
        />
        <SelectField<number>
          prefix="hud-export"
          pointer="/directive"
          label="Directive"
          value={directive}
          onChange={setDirective}
          errors={fields}
          options={[
            { value: 2, label: 'Full refresh' },
            { value: 1, label: 'Delta refresh' },
          ]}
        />
        <CheckField label="Hash names and SSN (HUD SHA-256)" checked={hashed} onChange={setHashed} />
        <button type="submit" disabled={run?.status === 'running'}>
          Start export
        </button>
      </form>
      {run && (
        <section aria-labelledby="hud-export-progress" className="hud-progress">
          <h2 id="hud-export-progress">Export {run.status === 'running' ? 'in progress' : run.status === 'done' ? 'ready' : 'failed'}</h2>
          <p role="status">
            {run.status === 'running' && `${total} rows written so far…`}
            {run.status === 'done' && `${total} rows in ${run.files.length} files.`}
            {run.status === 'failed' && `The export failed: ${run.error}`}
          </p>
          {run.status === 'done' && (
            <p>
              <a className="button" href={`/api/v1/hud/exports/${run.id}/file`} download>
                Download the zip
              </a>
              {run.eventsSkipped ? ` ${run.eventsSkipped} referrals were left out of Event.csv (no CE enrollment in the export).` : ''}
            </p>
          )}
          <div className="table-wrap">
            <table>
              <caption>Rows written per file</caption>
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Rows</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {run.files.map((f) => (
                  <tr key={f.file}>
                    <th scope="row">{f.file}</th>
                    <td>{f.rows}</td>
                    <td>{f.done ? 'Written' : 'Writing…'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}
