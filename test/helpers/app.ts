import http from 'node:http';
import type { FastifyInstance } from 'fastify';
import { ManualClock } from '../../src/clock.ts';
import { loadConfig, type AppConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { loadDemo, DEMO_PASSWORD, type DemoIds } from '../../src/demo/seed.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { isUserSentence } from '../../src/http/field-messages.ts';

export interface Response<T = any> {
  status: number;
  headers: Headers;
  body: T;
  contentType: string | null;
}

/** A signed-in (or anonymous) API client over real HTTP, with a cookie jar and the CSRF token. */
export class Client {
  cookie: string | null = null;
  csrfToken: string | null = null;
  readonly baseUrl: string;
  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response<T>> {
    const h: Record<string, string> = { accept: 'application/json', ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrfToken && method !== 'GET' && !('x-csrf-token' in headers)) h['x-csrf-token'] = this.csrfToken;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.baseUrl + path, { method, headers: h, ...(payload !== undefined ? { body: payload } : {}) });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const [pair] = setCookie.split(';');
      this.cookie = pair!.endsWith('=') ? null : pair!;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    assertUserWords(method, path, parsed);
    return { status: res.status, headers: res.headers, body: parsed as T, contentType: res.headers.get('content-type') };
  }
  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, headers);
  }
  post<T = any>(path: string, body: unknown = {}, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }
  patch<T = any>(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request<T>('PATCH', path, body, headers);
  }
  put<T = any>(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request<T>('PUT', path, body, headers);
  }
  delete<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('DELETE', path, undefined, headers);
  }

  async login(username: string, password = DEMO_PASSWORD, totpCode?: string): Promise<Response> {
    const res = await this.post('/api/v1/auth/login', { username, password, ...(totpCode ? { totpCode } : {}) });
    if (res.status === 200) this.csrfToken = res.body.csrfToken;
    return res;
  }
}

/**
 * Every problem's field messages follow docs/UI.md (a sentence naming the field, never a pointer or a
 * validator's text): checked on every answer the integration tests read, so a new message that does not
 * fails the test that meets it.
 */
function assertUserWords(method: string, path: string, body: unknown): void {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return;
  for (const e of errors as { pointer?: unknown; message?: unknown }[]) {
    if (typeof e?.message !== 'string' || typeof e.pointer !== 'string') continue;
    if (!isUserSentence(e.message)) throw new Error(`${method} ${path}: the message for ${e.pointer} is not a sentence in the users' words (docs/UI.md): ${JSON.stringify(e.message)}`);
  }
}

export interface TestApp {
  app: FastifyInstance;
  url: string;
  clock: ManualClock;
  db: TestDatabase;
  ids: DemoIds;
  config: AppConfig;
  client(): Client;
  /** A client signed in as a demo user (throws when sign-in fails). */
  as(username: string): Promise<Client>;
  close(): Promise<void>;
}

export interface StartOptions {
  now?: string;
  demo?: boolean;
  config?: Partial<AppConfig>;
  database?: TestDatabase;
  /** fastify's logger options (e.g. a stream that keeps the lines), to test what the request log holds. */
  logger?: Record<string, unknown>;
}

/** The whole application on a fresh database, listening on a free port, with a hand-moved clock. */
export async function startApp(options: StartOptions = {}): Promise<TestApp> {
  const clock = new ManualClock(options.now ?? '2026-11-25T15:00:00Z');
  const db = options.database ?? (await createTestDatabase());
  const ids = options.demo === false ? { agencies: {}, projects: {}, users: {} } : await loadDemo(db.database, clock);
  const config: AppConfig = { ...loadConfig({}), port: 0, ...options.config };
  const app = await buildApp({ database: db.database, clock, config, ...(options.logger ? { logger: options.logger } : {}) });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    url: address,
    clock,
    db,
    ids,
    config,
    client: () => new Client(address),
    async as(username: string) {
      const c = new Client(address);
      const res = await c.login(username);
      if (res.status !== 200) throw new Error(`sign-in as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return c;
    },
    async close() {
      await app.close();
      if (!options.database) await db.close();
    },
  };
}

/** A sign-in from a given loopback address (127.0.0.0/8), to tell the per-username and per-address throttles apart. */
export function loginFrom(
  t: { url: string },
  address: string,
  username: string,
  password: string,
  totpCode?: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: any }> {
  const url = new URL(t.url);
  const payload = JSON.stringify({ username, password, ...(totpCode === undefined ? {} : { totpCode }) });
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: '/api/v1/auth/login', method: 'POST', localAddress: address, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
