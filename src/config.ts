import path from 'node:path';

/** Everything the process reads from its environment, read once at start-up. */
export interface AppConfig {
  port: number;
  host: string;
  /** PostgreSQL connection string; when absent the embedded database (PGlite) is used. */
  databaseUrl: string | undefined;
  /** A PostgreSQL streaming replica of `databaseUrl`: reports and HUD exports read from it. */
  databaseReplicaUrl: string | undefined;
  /** Where the embedded database and uploaded documents live. */
  dataDir: string;
  /** Role the application switches to after connecting, so that privileges mean something. */
  appRole: string;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  /** Public URL used in e-mails and printed at start-up. */
  publicUrl: string;
  logLevel: string;
  /** SMTP server for e-mail notifications, e.g. smtp://user:pass@mail.example.org:587; none keeps the outbox only. */
  smtpUrl: string | undefined;
  mailFrom: string;
}

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${value}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = env.PORT === '0' ? 0 : intFrom(env.PORT, 3000, 'PORT');
  const host = env.HOST || '127.0.0.1';
  const databaseUrl = env.DATABASE_URL || undefined;
  return {
    port,
    host,
    databaseUrl,
    databaseReplicaUrl: env.DATABASE_REPLICA_URL || undefined,
    dataDir: path.resolve(env.HEARTH_DATA_DIR || './data'),
    appRole: env.HEARTH_APP_ROLE || 'hearth_app',
    sessionIdleMinutes: intFrom(env.HEARTH_SESSION_IDLE_MINUTES, 30, 'HEARTH_SESSION_IDLE_MINUTES'),
    sessionMaxHours: intFrom(env.HEARTH_SESSION_MAX_HOURS, 12, 'HEARTH_SESSION_MAX_HOURS'),
    publicUrl: env.HEARTH_PUBLIC_URL || `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`,
    logLevel: env.LOG_LEVEL || 'info',
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || 'Hearth <hearth@localhost>',
  };
}
