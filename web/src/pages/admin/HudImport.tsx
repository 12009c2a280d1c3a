import { useState, type FormEvent } from 'react';
import { get, post, upload } from '../../api.ts';
import { usePageTitle } from '../../hooks.ts';
import { errorsOf } from './form.tsx';

interface ImportRun {
  id: string;
  fileName: string | null;
  version: string | null;
  accepted: boolean;
  errorCount: number;
  warningCount: number;
  rowCounts: Record<string, number>;
  encoding: string | null;
  problems: { file: string; line: number | null; column: string | null; severity: 'error' | 'warning'; code: string; message: string }[];
  problemsNotListed: number;
  appliedAt: string | null;
  counts: Record<string, { inserted: number; updated: number; deleted: number; unchanged: number; skipped: number }> | null;
  progress: { phase: 'validate' | 'apply'; file: string; rows: number } | null;
}

/** HUD HMIS CSV import (FY2024 or FY2026): upload, validation report, apply. */
export function AdminHudImportPage() {
  const heading = usePageTitle('HUD CSV import');
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState<'utf-8' | 'windows-1252'>('utf-8');
  const [fileError, setFileError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [run, setRun] = useState<ImportRun | null>(null);
  const [progress, setProgress] = useState<ImportRun['progress']>(null);

  async function send(e: FormEvent) {
    e.preventDefault();
    if (!file) {
      setFileError('Choose the zip of HUD CSV files.');
      setError('Check the form.');
      return;
    }
    setFileError(null);
    setError(null);
    setBusy(true);
    try {
      setRun(await upload<ImportRun>(`/api/v1/hud/imports${encoding === 'utf-8' ? '' : `?encoding=${encoding}`}`, file, { 'content-type': 'application/zip', 'x-upload-filename': encodeURIComponent(file.name) }));
    } catch (err) {
      setError(errorsOf(err).message);
    } finally {
      setBusy(false);
    }
  }

  async function apply() {
    if (!run) return;
    setBusy(true);
    setError(null);
    setProgress({ phase: 'apply', file: 'Export.csv', rows: 0 });
    // Progress while the import runs (the apply request answers when it is done).
    const poll = setInterval(() => {
      get<ImportRun>(`/api/v1/hud/imports/${run.id}`).then(
        (r) => r.progress && setProgress(r.progress),
        () => {},
      );
    }, 500);
    try {
      setRun(await post<ImportRun>(`/api/v1/hud/imports/${run.id}/apply`));
    } catch (err) {
      setError(errorsOf(err).message);
    } finally {
      clearInterval(poll);
      setProgress(null);
      setBusy(false);
    }
  }

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        HUD CSV import
      </h1>
      <p>Upload a HUD HMIS CSV set (FY2024 or FY2026) as a zip. It is validated first; a set with any error is rejected and nothing is imported.</p>
      <form onSubmit={send} noValidate className="hud-form">
        {error && (
          <div className="error-summary" role="alert">
            <p className="error">{error}</p>
          </div>
        )}
        <div className="field">
          <label htmlFor="hud-import-file">HUD CSV zip</label>
          <input
            id="hud-import-file"
            type="file"
            accept=".zip,application/zip"
            aria-invalid={Boolean(fileError)}
            {...(fileError ? { 'aria-describedby': 'hud-import-file-error' } : {})}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
          {fileError && (
            <span id="hud-import-file-error" className="field-error">
              {fileError}
            </span>
          )}
        </div>
        <div className="field">
          <label htmlFor="hud-import-encoding">Text encoding of the files</label>
          <select id="hud-import-encoding" value={encoding} onChange={(e) => setEncoding(e.target.value as typeof encoding)} aria-describedby="hud-import-encoding-hint">
            <option value="utf-8">UTF-8 (HUD&apos;s format)</option>
            <option value="windows-1252">Windows-1252 / Latin-1 (converted to UTF-8)</option>
          </select>
          <p id="hud-import-encoding-hint" className="hint">
            Choose Windows-1252 only when the report says a line is not valid UTF-8 and the files come from an older tool.
          </p>
        </div>
        <button type="submit" disabled={busy}>
          Upload and validate
        </button>
      </form>
      {run && (
        <section aria-labelledby="hud-import-report" className="hud-report">
          <h2 id="hud-import-report">Validation report{run.fileName ? ` — ${run.fileName}` : ''}</h2>
          <p role="status" className={run.accepted ? 'hud-accepted' : 'hud-rejected'}>
            {run.accepted
              ? `Accepted (FY${run.version}): ${run.errorCount} errors, ${run.warningCount} warnings.`
              : `Rejected (FY${run.version}): ${run.errorCount} errors, ${run.warningCount} warnings. Nothing will be imported.`}
            {run.appliedAt && ' Imported.'}
          </p>
          {run.encoding && <p>Text read as {run.encoding} and converted to UTF-8.</p>}
          <p>
            <a href={`/api/v1/hud/imports/${run.id}/report?format=text`} download>
              Download the report (text)
            </a>{' '}
            ·{' '}
            <a href={`/api/v1/hud/imports/${run.id}/report?format=json`} download>
              Download the report (JSON)
            </a>
          </p>
          {progress && (
            <p role="status" aria-live="polite">
              Importing {progress.file}: {progress.rows} rows…
            </p>
          )}
          {run.accepted && !run.appliedAt && (
            <button type="button" onClick={apply} disabled={busy}>
              Import these records
            </button>
          )}
          {run.counts && (
            <div className="table-wrap">
              <table>
                <caption>Records imported per file</caption>
                <thead>
                  <tr>
                    <th scope="col">File</th>
                    <th scope="col">Inserted</th>
                    <th scope="col">Updated</th>
                    <th scope="col">Deleted</th>
                    <th scope="col">Unchanged</th>
                    <th scope="col">Skipped</th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(run.counts).map(([f, c]) => (
                    <tr key={f}>
                      <th scope="row">{f}</th>
                      <td>{c.inserted}</td>
                      <td>{c.updated}</td>
                      <td>{c.deleted}</td>
                      <td>{c.unchanged}</td>
                      <td>{c.skipped}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {run.problems.length > 0 && (
            <div className="table-wrap">
              <table>
                <caption>
                  Problems ({run.problems.length}
                  {run.problemsNotListed > 0 ? `, and ${run.problemsNotListed} more in the downloadable report` : ''})
                </caption>
                <thead>
                  <tr>
                    <th scope="col">File</th>
                    <th scope="col">Line</th>
                    <th scope="col">Column</th>
                    <th scope="col">Severity</th>
                    <th scope="col">Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {run.problems.map((p, i) => (
                    <tr key={i}>
                      <th scope="row">{p.file}</th>
                      <td>{p.line ?? ''}</td>
                      <td>{p.column ?? ''}</td>
                      <td>{p.severity === 'error' ? 'Error' : 'Warning'}</td>
                      <td>{p.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </>
  );
}
