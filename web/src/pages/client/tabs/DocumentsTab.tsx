import { useRef, useState, type FormEvent } from 'react';
import { upload } from '../../../api.ts';
import { useResource } from '../../../hooks.ts';
import { ErrorSummary, errorsOf, fieldId, SelectField, type Errors } from '../../admin/form.tsx';
import { stringOptions, type ClientTab, type ClientTabProps } from '../model.ts';
import { formatDate } from '../../../format.ts';

/** Client documents: IDs, homeless and disability verifications; every download is audited. */
interface Doc {
  id: string;
  documentType: string;
  documentTypeLabel: string;
  filename: string;
  contentType: string;
  size: number;
  uploadedAt: string;
  uploadedBy: string | null;
  agencyName: string | null;
}

const TYPES: Record<string, string> = {
  id: 'Identification',
  homeless_verification: 'Homeless verification',
  disability_verification: 'Disability verification',
  income_verification: 'Income verification',
  other: 'Other',
};
const MAX_BYTES = 10 * 1024 * 1024;
const ACCEPT = '.pdf,.png,.jpg,.jpeg,.heic,.heif,.tif,.tiff,application/pdf,image/png,image/jpeg,image/heic,image/heif,image/tiff';

const size = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} bytes`);

function UploadForm({ clientId, onDone }: { clientId: string; onDone: (name: string) => void }) {
  const prefix = 'doc-new';
  const [type, setType] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const fileId = fieldId(prefix, '/file');
  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: Errors = {};
    if (!type) local['/type'] = 'Choose what the document is.';
    if (!file) local['/file'] = 'Choose a file to upload.';
    else if (file.size > MAX_BYTES) local['/file'] = `The file is ${size(file.size)}: at most 10 MB.`;
    else if (file.size === 0) local['/file'] = 'The file is empty.';
    if (Object.keys(local).length) {
      setError('The upload needs correcting.');
      setFields(local);
      return;
    }
    setBusy(true);
    setError(null);
    setFields({});
    try {
      const doc = await upload<Doc>(`/api/v1/clients/${clientId}/documents?type=${encodeURIComponent(type!)}`, file!, { 'x-document-filename': encodeURIComponent(file!.name) });
      setFile(null);
      setType(null);
      if (input.current) input.current.value = '';
      onDone(doc.filename);
    } catch (err) {
      const p = errorsOf(err);
      setError(p.message);
      // The server's problems are about the file itself.
      setFields(Object.keys(p.fields).length ? Object.fromEntries(Object.entries(p.fields).map(([k, v]) => [k === '/' ? '/file' : k.replace('/querystring', ''), v])) : { '/file': p.message });
    } finally {
      setBusy(false);
    }
  }
  const problem = fields['/file'];
  return (
    <form onSubmit={submit} noValidate className="card" aria-labelledby="doc-new-h">
      <h2 id="doc-new-h">Upload a document</h2>
      <ErrorSummary message={error} fields={fields} prefix={prefix} />
      <div className="grid-2">
        <SelectField<string> prefix={prefix} pointer="/type" label="Document type" errors={fields} value={type} options={stringOptions(TYPES)} empty="Choose…" onChange={setType} />
        <div className="field">
          <label htmlFor={fileId}>File</label>
          <span id={`${fileId}-hint`} className="hint">
            PDF, PNG, JPEG, HEIC or TIFF; at most 10 MB.
          </span>
          <input
            id={fileId}
            ref={input}
            type="file"
            accept={ACCEPT}
            aria-invalid={Boolean(problem)}
            aria-describedby={`${fileId}-hint${problem ? ` ${fileId}-error` : ''}`}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
          {problem && (
            <span id={`${fileId}-error`} className="field-error">
              {problem}
            </span>
          )}
        </div>
      </div>
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Uploading…' : 'Upload the document'}
        </button>
      </div>
    </form>
  );
}

function DocumentsPanel({ client }: ClientTabProps) {
  const docs = useResource<{ items: Doc[] }>(`/api/v1/clients/${client.id}/documents`);
  const [notice, setNotice] = useState('');
  return (
    <div className="documents-tab">
      <p role="status" className="success">
        {notice}
      </p>
      {docs.error && (
        <p role="alert" className="error">
          {docs.error.message}
        </p>
      )}
      {docs.loading && !docs.data ? (
        <p>Loading documents…</p>
      ) : docs.data && docs.data.items.length === 0 ? (
        <p className="card">No documents yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>Documents (every download is recorded in the audit log)</caption>
            <thead>
              <tr>
                <th scope="col">Document</th>
                <th scope="col">Type</th>
                <th scope="col">Size</th>
                <th scope="col">Uploaded</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {docs.data?.items.map((d) => (
                <tr key={d.id}>
                  <th scope="row">
                    <a href={`/api/v1/documents/${d.id}/content`} download={d.filename}>
                      Download {d.filename}
                    </a>
                  </th>
                  <td>{d.documentTypeLabel}</td>
                  <td>{size(d.size)}</td>
                  <td>
                    <time dateTime={d.uploadedAt}>{formatDate(d.uploadedAt)}</time>
                  </td>
                  <td>
                    {d.uploadedBy ?? ''}
                    {d.agencyName ? `, ${d.agencyName}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <UploadForm
        clientId={client.id}
        onDone={(name) => {
          setNotice(`“${name}” is uploaded.`);
          docs.reload();
        }}
      />
    </div>
  );
}

export const tab: ClientTab = { key: 'documents', label: 'Documents', order: 60, Component: DocumentsPanel };
