/** The one way the web app talks to the API: JSON in, JSON out, problems as errors, CSRF token attached. */
export interface FieldProblem {
  pointer: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly errors: FieldProblem[];
  readonly body: Record<string, unknown>;
  constructor(status: number, body: Record<string, unknown>) {
    super(typeof body.detail === 'string' ? body.detail : `Request failed (${status})`);
    this.status = status;
    this.title = typeof body.title === 'string' ? body.title : 'Error';
    this.errors = Array.isArray(body.errors) ? (body.errors as FieldProblem[]) : [];
    this.body = body;
  }
  /** The message for one field, for inline validation. */
  fieldError(pointer: string): string | undefined {
    return this.errors.find((e) => e.pointer === pointer)?.message;
  }
}

let csrfToken: string | null = null;
export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};

/** Called when the server says the session is gone, so the app can go back to sign-in. */
let onUnauthorized: (() => void) | null = null;
export const setOnUnauthorized = (fn: (() => void) | null) => {
  onUnauthorized = fn;
};

export async function api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json', ...headers } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  if (method !== 'GET' && csrfToken) (init.headers as Record<string, string>)['x-csrf-token'] = csrfToken;
  const response = await fetch(path, init);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    if (response.status === 401 && !path.endsWith('/auth/login')) onUnauthorized?.();
    throw new ApiError(response.status, (data ?? {}) as Record<string, unknown>);
  }
  return data as T;
}

/** Uploads a file as the raw request body (client documents), with the CSRF token. */
export async function upload<T>(path: string, file: Blob, headers: Record<string, string> = {}): Promise<T> {
  const h: Record<string, string> = { accept: 'application/json', 'content-type': 'application/octet-stream', ...headers };
  if (csrfToken) h['x-csrf-token'] = csrfToken;
  const response = await fetch(path, { method: 'POST', credentials: 'same-origin', headers: h, body: file });
  const text = await response.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    if (response.status === 401) onUnauthorized?.();
    throw new ApiError(response.status, (data ?? {}) as Record<string, unknown>);
  }
  return data as T;
}

export const get = <T,>(path: string) => api<T>('GET', path);
export const post = <T,>(path: string, body?: unknown, headers?: Record<string, string>) => api<T>('POST', path, body ?? {}, headers);
export const patch = <T,>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const put = <T,>(path: string, body: unknown) => api<T>('PUT', path, body);
