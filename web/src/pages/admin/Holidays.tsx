import { useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { usePageTitle, useResource } from '../../hooks.ts';
import { ErrorSummary, errorsOf, TextField, type Errors } from './form.tsx';
import { cocToday, formatDate } from '../../format.ts';

interface HolidayItem {
  date: string;
  name: string;
  source: 'shipped' | 'added';
  dayOff: boolean;
}

export function AdminHolidaysPage() {
  const heading = usePageTitle('Holiday calendar');
  const [year, setYear] = useState(() => Number(cocToday().slice(0, 4)));
  const list = useResource<{ year: number; items: HolidayItem[] }>(`/api/v1/admin/holidays?year=${year}`);
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Errors>({});
  const [notice, setNotice] = useState<string | null>(null);

  async function change(body: Record<string, unknown>, message: string) {
    setError(null);
    setFields({});
    try {
      await api('PUT', '/api/v1/admin/holidays', body);
      setNotice(message);
      list.reload();
      return true;
    } catch (err) {
      const p = errorsOf(err);
      setError(p.message);
      setFields(p.fields);
      return false;
    }
  }

  async function add(e: FormEvent) {
    e.preventDefault();
    const local: Errors = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) local['/date'] = 'Enter the date.';
    if (!name.trim()) local['/name'] = 'Name the day off.';
    if (Object.keys(local).length > 0) {
      setError('Check the form.');
      setFields(local);
      return;
    }
    if (await change({ action: 'add', date, name }, `${formatDate(date)} is now a day off.`)) {
      setDate('');
      setName('');
    }
  }

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Holiday calendar
      </h1>
      <p>Business-day deadlines skip weekends and these days. US federal holidays ship with their observed dates; un-mark one the CoC works, or add a day off.</p>
      <p role="status" className="success">
        {notice ?? ''}
      </p>
      <div className="actions" role="group" aria-label="Year">
        <button type="button" className="secondary" onClick={() => setYear((y) => y - 1)}>
          Previous year ({year - 1})
        </button>
        <button type="button" className="secondary" onClick={() => setYear((y) => y + 1)}>
          Next year ({year + 1})
        </button>
      </div>
      {list.error && (
        <p role="alert" className="error">
          {list.error.message}
        </p>
      )}
      <div className="table-wrap">
        <table>
          <caption>Holidays in {year}</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Name</th>
              <th scope="col">Source</th>
              <th scope="col">Day off</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.items.map((h) => (
              <tr key={h.date}>
                <th scope="row">{formatDate(h.date)}</th>
                <td>{h.name}</td>
                <td>{h.source === 'shipped' ? 'US federal (shipped)' : 'Added by the CoC'}</td>
                <td>{h.dayOff ? 'Yes' : 'No — the CoC works this day'}</td>
                <td>
                  {h.dayOff ? (
                    <button type="button" className="secondary small" onClick={() => void change({ action: 'remove', date: h.date }, `${formatDate(h.date)} is now a business day.`)} aria-label={`Un-mark ${h.name} (${formatDate(h.date)})`}>
                      {h.source === 'shipped' ? 'Un-mark' : 'Remove'}
                    </button>
                  ) : (
                    <button type="button" className="secondary small" onClick={() => void change({ action: 'add', date: h.date, name: h.name }, `${formatDate(h.date)} is a day off again.`)} aria-label={`Restore ${h.name} (${formatDate(h.date)})`}>
                      Restore
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form onSubmit={add} className="card" noValidate aria-labelledby="holiday-add-title">
        <h2 id="holiday-add-title">Add a day off</h2>
        <ErrorSummary message={error} fields={fields} prefix="holiday" />
        <TextField prefix="holiday" pointer="/date" label="Date" type="date" errors={fields} value={date} onChange={setDate} required />
        <TextField prefix="holiday" pointer="/name" label="Name" errors={fields} value={name} onChange={setName} required />
        <div className="actions">
          <button type="submit">Add day off</button>
        </div>
      </form>
    </>
  );
}
