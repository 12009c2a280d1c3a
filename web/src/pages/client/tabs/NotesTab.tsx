import { useEffect, useState, type FormEvent } from 'react';
import { post } from '../../../api.ts';
import { useResource } from '../../../hooks.ts';
import { ErrorSummary, errorsOf, fieldId, type Errors } from '../../admin/form.tsx';
import type { ClientTab, ClientTabProps } from '../model.ts';
import { formatDateTime } from '../../../format.ts';

/** Client notes: visible to every agency that can see the client, unread marks per user. */
export interface Note {
  id: string;
  body: string;
  authorName: string;
  agencyName: string | null;
  createdAt: string;
  mine: boolean;
  unread: boolean;
}

interface NotesAnswer {
  items: Note[];
  unreadCount: number;
}

const MAX = 4000;

/** "N unread notes", for the profile header: shown when the profile opens; a button opens the notes tab. */
/** Told when the caller's unread notes change (read marks), so the header flag follows. */
const NOTES_READ_EVENT = 'hearth:client-notes-read';

export function UnreadNotesFlag({ clientId, onOpen }: { clientId: string; onOpen: () => void }) {
  const notes = useResource<NotesAnswer>(`/api/v1/clients/${clientId}/notes`);
  const { reload } = notes;
  useEffect(() => {
    window.addEventListener(NOTES_READ_EVENT, reload);
    return () => window.removeEventListener(NOTES_READ_EVENT, reload);
  }, [reload]);
  const n = notes.data?.unreadCount ?? 0;
  if (n === 0) return null;
  return (
    <button type="button" className="badge unread-notes" onClick={onOpen}>
      {n} unread {n === 1 ? 'note' : 'notes'}
    </button>
  );
}

function NoteForm({ clientId, onDone }: { clientId: string; onDone: () => void }) {
  const prefix = 'note-new';
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const id = fieldId(prefix, '/body');
  async function submit(e: FormEvent) {
    e.preventDefault();
    const trimmed = body.trim();
    const local: Errors = {};
    if (!trimmed) local['/body'] = 'Write the note before saving it.';
    else if (trimmed.length > MAX) local['/body'] = `At most ${MAX} characters (now ${trimmed.length}).`;
    if (Object.keys(local).length) {
      setError('The note needs correcting.');
      setFields(local);
      document.getElementById(id)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setFields({});
    try {
      await post(`/api/v1/clients/${clientId}/notes`, { body: trimmed });
      setBody('');
      onDone();
    } catch (err) {
      const p = errorsOf(err);
      setError(p.message);
      setFields(p.fields);
    } finally {
      setBusy(false);
    }
  }
  const problem = fields['/body'];
  return (
    <form onSubmit={submit} noValidate className="card" aria-labelledby="note-new-h">
      <h2 id="note-new-h">Write a note</h2>
      <ErrorSummary message={error} fields={fields} prefix={prefix} />
      <div className="field">
        <label htmlFor={id}>Note</label>
        <span id={`${id}-hint`} className="hint">
          Every agency that can see this client can read it. At most {MAX} characters.
        </span>
        <textarea
          id={id}
          rows={4}
          value={body}
          aria-invalid={Boolean(problem)}
          aria-describedby={`${id}-hint${problem ? ` ${id}-error` : ''}`}
          onChange={(e) => setBody(e.target.value)}
        />
        {problem && (
          <span id={`${id}-error`} className="field-error">
            {problem}
          </span>
        )}
      </div>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Save the note
        </button>
      </div>
    </form>
  );
}

function NotesPanel({ client }: ClientTabProps) {
  const notes = useResource<NotesAnswer>(`/api/v1/clients/${client.id}/notes`);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<string | null>(null);
  const markRead = async () => {
    setError(null);
    try {
      await post(`/api/v1/clients/${client.id}/notes/read`, {});
      setNotice('All notes are marked read.');
      notes.reload();
      window.dispatchEvent(new Event(NOTES_READ_EVENT));
    } catch (e) {
      setError(errorsOf(e).message);
    }
  };
  const unread = notes.data?.unreadCount ?? 0;
  return (
    <div className="notes-tab">
      <p role="status" className="success">
        {notice}
      </p>
      {(notes.error || error) && (
        <p role="alert" className="error">
          {notes.error?.message ?? error}
        </p>
      )}
      <section className="card" aria-labelledby="notes-h">
        <h2 id="notes-h">
          Notes {unread > 0 && <span className="badge unread">{unread} unread</span>}
        </h2>
        {unread > 0 && (
          <div className="actions">
            <button type="button" className="secondary" onClick={() => void markRead()}>
              Mark all as read
            </button>
          </div>
        )}
        {notes.loading && !notes.data ? (
          <p>Loading notes…</p>
        ) : notes.data && notes.data.items.length === 0 ? (
          <p>No notes yet.</p>
        ) : (
          <ul className="note-list" aria-label="Client notes, newest first">
            {notes.data?.items.map((n) => (
              <li key={n.id} className={n.unread ? 'unread' : undefined}>
                <p className="note-meta">
                  {n.unread && <span className="badge unread">Unread</span>} <strong>{n.authorName}</strong>
                  {n.agencyName ? `, ${n.agencyName}` : ''} · <time dateTime={n.createdAt}>{formatDateTime(n.createdAt)}</time>
                </p>
                <p className="note-body">{n.body}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <NoteForm
        clientId={client.id}
        onDone={() => {
          setNotice('The note is saved.');
          notes.reload();
        }}
      />
    </div>
  );
}

export const tab: ClientTab = { key: 'notes', label: 'Notes', order: 50, Component: NotesPanel, Flag: UnreadNotesFlag };
