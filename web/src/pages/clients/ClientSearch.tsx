import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { post } from '../../api.ts';
import { usePageTitle } from '../../hooks.ts';
import { ErrorSummary, TextField, errorsOf, type Errors } from '../admin/form.tsx';
import { CONSENT_STATE, type ClientSearchItem } from '../client/model.ts';
import { formatDate } from '../../format.ts';

interface Criteria {
  q: string;
  dateOfBirth: string;
  ssnLast4: string;
  clientId: string;
}

const EMPTY: Criteria = { q: '', dateOfBirth: '', ssnLast4: '', clientId: '' };
const PAGE = 25;

/** The search's answer: `total` is counted up to a cap; `totalIsCapped` says more clients match. */
interface SearchResult {
  items: ClientSearchItem[];
  total: number;
  totalIsCapped: boolean;
}

/** "12 clients match.", "More than 25 clients match (showing the first 25). …" — never more than is known. */
function statusText(result: SearchResult, filtered: boolean): string {
  const noun = result.total === 1 && !result.totalIsCapped ? 'client' : 'clients';
  const what = filtered ? 'match' : 'you can see';
  const count = result.totalIsCapped ? `More than ${result.total} ${noun} ${what}` : `${result.total} ${noun} ${what}`;
  const shown = result.totalIsCapped || result.total > result.items.length ? ` (showing the first ${result.items.length})` : '';
  const hint = result.totalIsCapped ? (filtered ? ' Add a date of birth or the last four of the SSN to narrow the search.' : ' Search by name, date of birth or SSN to find a client.') : '';
  return `${count}${shown}.${hint}`;
}

/** Client search: the criteria are POSTed (never in the URL); results hold only clients the user may see. */
export function ClientSearchPage() {
  const heading = usePageTitle('Clients');
  const [criteria, setCriteria] = useState<Criteria>(EMPTY);
  const [result, setResult] = useState<SearchResult | null>(null);
  const [searched, setSearched] = useState<Criteria>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; fields: Errors } | null>(null);

  async function run(c: Criteria) {
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { limit: PAGE };
      if (c.q.trim()) body.q = c.q.trim();
      if (c.dateOfBirth) body.dateOfBirth = c.dateOfBirth;
      if (c.ssnLast4.trim()) body.ssnLast4 = c.ssnLast4.trim();
      if (c.clientId.trim()) body.clientId = c.clientId.trim();
      setResult(await post<SearchResult>('/api/v1/clients/search', body));
      setSearched(c);
    } catch (e) {
      setError(errorsOf(e));
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    void run(EMPTY);
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(criteria);
  };
  const set = (k: keyof Criteria) => (v: string) => setCriteria((c) => ({ ...c, [k]: v }));
  const fields = error?.fields ?? {};
  const filtered = Object.values(searched).some((v) => v.trim() !== '');

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Clients
      </h1>
      <div className="actions">
        <Link className="button-link" to="/clients/new">
          New client
        </Link>
      </div>
      <form className="card client-search" onSubmit={submit} aria-label="Search clients" noValidate>
        <ErrorSummary message={error?.message ?? null} fields={fields} prefix="search" />
        <div className="grid-3">
          <TextField prefix="search" pointer="/q" label="Name" hint="First and/or last name; spelling need not be exact." value={criteria.q} onChange={set('q')} errors={fields} />
          <TextField prefix="search" pointer="/dateOfBirth" label="Date of birth" type="date" value={criteria.dateOfBirth} onChange={set('dateOfBirth')} errors={fields} />
          <TextField prefix="search" pointer="/ssnLast4" label="Last four of SSN" value={criteria.ssnLast4} onChange={set('ssnLast4')} errors={fields} />
          <TextField prefix="search" pointer="/clientId" label="Client ID" value={criteria.clientId} onChange={set('clientId')} errors={fields} />
        </div>
        <div className="actions">
          <button type="submit" disabled={busy}>
            Search
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setCriteria(EMPTY);
              void run(EMPTY);
            }}
          >
            Clear
          </button>
        </div>
      </form>
      <p role="status" className="search-status">
        {busy ? 'Searching…' : result ? statusText(result, filtered) : ''}
      </p>
      {result && result.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>{filtered ? 'Search results' : 'Clients you can see'}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Date of birth</th>
                <th scope="col">SSN</th>
                <th scope="col">Owning agency</th>
                <th scope="col">Consent</th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/clients/${c.id}`}>{c.displayName}</Link>
                  </th>
                  <td>{formatDate(c.dateOfBirth)}</td>
                  <td>{c.ssn ?? '—'}</td>
                  <td>{c.ownerAgencyName}</td>
                  <td>
                    {CONSENT_STATE[c.consentState]}
                    {c.locked && c.consentState !== 'limited' && <span className="badge locked">Locked</span>}
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
