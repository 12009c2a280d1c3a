import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api.ts';
import { usePageTitle, useResource } from '../../hooks.ts';

interface StatusDef {
  code: string;
  label: string;
  setBy: string[];
  terminal: boolean;
  initial?: boolean;
  requiresNote?: boolean;
  retired?: boolean;
  rematch?: { newReferrals: number } | null;
  hudReferralResult?: number | null;
  guard?: Record<string, unknown> | null;
}

interface ConfigDoc {
  timeZone?: string;
  statuses?: StatusDef[];
  timeliness?: { step: string; within: { businessDays?: number; calendarDays?: number }; onMissed: { action: string; status?: string } }[];
}

const SETTERS: Record<string, string> = { provider: 'Receiving project', ces_team: 'CES matching team', system: 'System' };

export function AdminReferralConfigPage() {
  const heading = usePageTitle('Referral statuses and timeliness');
  const current = useResource<{ config: ConfigDoc; version: number }>('/api/v1/admin/referral-config');
  const [text, setText] = useState('');
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<{ pointer: string; message: string }[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (current.data) {
      setText(JSON.stringify(current.data.config, null, 2));
      setVersion(current.data.version);
    }
  }, [current.data]);

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setProblems([]);
    setNotice(null);
    let config: unknown;
    try {
      config = JSON.parse(text);
    } catch (err) {
      setError('The configuration is not valid JSON.');
      setProblems([{ pointer: '/config', message: (err as Error).message }]);
      return;
    }
    setBusy(true);
    try {
      const saved = await api<{ config: ConfigDoc; version: number }>('PUT', '/api/v1/admin/referral-config', { config, version });
      setVersion(saved.version);
      setNotice(`Configuration saved (version ${saved.version}).`);
      current.reload();
    } catch (err) {
      if (err instanceof ApiError) {
        setError(err.status === 409 ? 'Someone else changed the configuration since you opened it. Reload the page and make your change again.' : err.message);
        setProblems(err.errors);
      } else setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const doc = current.data?.config;
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Referral statuses and timeliness
      </h1>
      <p role="status" className="success">
        {notice ?? ''}
      </p>
      {current.error && (
        <p role="alert" className="error">
          {current.error.message}
        </p>
      )}
      {doc && (
        <>
          <div className="table-wrap">
            <table>
              <caption>Referral need statuses (labels are shown to users exactly as written)</caption>
              <thead>
                <tr>
                  <th scope="col">Label</th>
                  <th scope="col">Code</th>
                  <th scope="col">Who may set it</th>
                  <th scope="col">Ends the referral</th>
                  <th scope="col">Rematch</th>
                  <th scope="col">HUD result</th>
                  <th scope="col">Rules</th>
                </tr>
              </thead>
              <tbody>
                {(doc.statuses ?? []).map((s) => (
                  <tr key={s.code}>
                    <th scope="row">
                      {s.label}
                      {s.retired && <span className="badge">Retired</span>}
                    </th>
                    <td className="mono">{s.code}</td>
                    <td>{s.setBy.map((x) => SETTERS[x] ?? x).join(', ')}</td>
                    <td>{s.terminal ? 'Yes' : 'No'}</td>
                    <td>{s.rematch ? `${s.rematch.newReferrals} new referral${s.rematch.newReferrals === 1 ? '' : 's'}` : '—'}</td>
                    <td>{s.hudReferralResult ?? '—'}</td>
                    <td>
                      {[s.initial ? 'initial' : '', s.requiresNote ? 'note required' : '', s.guard ? 'guarded' : ''].filter(Boolean).join(', ') || '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="table-wrap card-gap">
            <table>
              <caption>Timeliness standards (time zone {doc.timeZone ?? 'America/Chicago'})</caption>
              <thead>
                <tr>
                  <th scope="col">Step</th>
                  <th scope="col">Within</th>
                  <th scope="col">When missed</th>
                </tr>
              </thead>
              <tbody>
                {(doc.timeliness ?? []).map((t) => (
                  <tr key={t.step}>
                    <th scope="row">{t.step}</th>
                    <td>{t.within.businessDays !== undefined ? `${t.within.businessDays} business days` : `${t.within.calendarDays} calendar days`}</td>
                    <td>{t.onMissed.action === 'setStatus' ? `Set status ${t.onMissed.status}` : 'Flag and notify'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <form onSubmit={save} className="card" noValidate aria-labelledby="config-editor-title">
        <h2 id="config-editor-title">Edit the configuration</h2>
        {error && (
          <div className="error-summary" role="alert">
            <p className="error">{error}</p>
            {problems.length > 0 && (
              <ul>
                {problems.map((p, i) => (
                  <li key={i}>
                    <a href="#config-json">
                      <code>{p.pointer || '/'}</code>
                    </a>
                    : {p.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <div className="field">
          <label htmlFor="config-json">Configuration (JSON)</label>
          <span id="config-json-hint" className="hint">
            Statuses, timeliness steps and the holiday base. Problems are listed by their place in the document (JSON Pointer).
          </span>
          <textarea
            id="config-json"
            className="config-editor"
            value={text}
            onChange={(e) => setText(e.target.value)}
            rows={24}
            spellCheck={false}
            aria-invalid={problems.length > 0}
            aria-describedby={problems.length > 0 ? 'config-json-hint config-json-error' : 'config-json-hint'}
          />
          {problems.length > 0 && (
            <span id="config-json-error" className="field-error">
              {problems.length} problem{problems.length === 1 ? '' : 's'}: {problems.map((p) => `${p.pointer || '/'} — ${p.message}`).join('; ')}
            </span>
          )}
        </div>
        <div className="actions">
          <button type="submit" disabled={busy || !current.data}>
            Save configuration
          </button>
        </div>
      </form>
    </>
  );
}
