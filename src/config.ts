import path from 'node:path';
import { parseAllowRanges } from './domain/alerts/webhook-target.ts';
import { CUSTODY_RULES, type CustodyRule, DEFAULT_RULE_MODES, type RuleMode } from './domain/custody/lot.ts';
import { DEFAULT_FOUR_EYES_LEVELS, type Level } from './domain/incidents/lifecycle.ts';
import { DEFAULT_VISIT_FREQUENCIES, type VisitFrequencies } from './domain/monitoring/visit-plan.ts';
import { DEFAULT_MAX_VERTICES } from './domain/sites/geometry.ts';
import { DEFAULT_PUBLIC_DELAY_MONTHS } from './domain/transparency/transparency.ts';

/** Amana's configuration, read from the environment once and validated. */
export interface Config {
  /** PostgreSQL connection string; when absent the embedded PGlite database is used. */
  databaseUrl: string | undefined;
  /** Directory of the embedded database (and its lock file). */
  dataDir: string;
  host: string;
  port: number;
  /** Whether `serve` loads the demo world into an empty embedded database. */
  demo: 'auto' | 'off';
  /** Largest accepted upload, in bytes. */
  uploadLimitBytes: number;
  /** Largest OpenRosa submission (its XML and attachments together), in bytes; told to clients in HEAD /submission. */
  openrosaMaxBytes: number;
  /** Seconds an HTTP Digest nonce is good for; after it the client is told `stale=true` and takes a new one. */
  openrosaNonceSeconds: number;
  /** Lifetime of a web session, in hours. */
  sessionHours: number;
  /**
   * Seconds a resolved session or token is trusted without asking the database again. A revocation, sign-out or
   * change of membership takes effect at once in the process that made it, and within this time in the others.
   */
  principalCacheSeconds: number;
  /** Months a KYC verification stays valid unless the reviewer sets another expiry. */
  kycValidityMonths: number;
  /** Most positions one site geometry, or one feature of a map layer, may hold. */
  siteMaxVertices: number;
  /** Most rows one list export may hold; a longer export is cut off as a failed download, never as a short file. */
  exportMaxRows: number;
  /** Send the session cookie with the Secure attribute (behind HTTPS). */
  secureCookies: boolean;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (rate limits are per address). */
  trustProxy: boolean;
  logLevel: string;
  /** How log lines read: pretty (one line per request, for a developer), JSON (for a collector), or auto. */
  logFormat: 'pretty' | 'json' | 'auto';
  /** Thresholds a mechanism self-assessment must meet to be put forward for recognition. */
  recognition: { minScore: number; minFullyAligned: number };
  /** Seconds between two runs of the worker's time rules. */
  workerIntervalSeconds: number;
  /** Whether `serve` also runs the worker (turn off when a separate `amana worker` process runs it). */
  worker: boolean;
  /** Days allowed to verify a level-1 incident, and any other. */
  verificationDays: { level1: number; other: number };
  /** Incident levels under four eyes: someone other than the reporter verifies and resolves them (decision 0025). */
  incidentFourEyesLevels: Level[];
  /** SMTP server for alert e-mails, e.g. smtp://user:pass@mail.example.org:587; none means e-mails wait. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Where users reach Amana, for links in e-mails (set-password links); none means http://localhost:PORT. */
  publicUrl: string | undefined;
  /** Key sealing grievance reporters' contact details (32 bytes); without it a key file in the data directory is used. */
  grievanceKey: Buffer | undefined;
  /** Grievances one client address may submit per window, and the window in minutes. */
  grievanceRate: { max: number; windowMinutes: number };
  /** Grievances by SMS (decision 0051): each inbound channel's secret, the gateway's send API, the sender's allowance. */
  sms: {
    /** The token each inbound webhook must carry; a channel without one is off. */
    inboundTokens: { africastalking?: string; json?: string };
    /** The gateway's send API (Africa's Talking's messaging URL or a compatible one): the only address SMS go to. */
    sendUrl: string | undefined;
    username: string | undefined;
    apiKey: string | undefined;
    /** The short code or sender id answers come from; the gateway's default without it. */
    from: string | undefined;
    /** Messages one sender's number may send per window (minutes) before 429. */
    rate: { max: number; windowMinutes: number };
  };
  /** Failed sign-ins allowed per account and per client address in a window (minutes) before 429. */
  loginRate: {
    account: { max: number; windowMinutes: number };
    address: { max: number; windowMinutes: number };
  };
  /** CIDR ranges webhooks may reach although they are not public (e.g. 10.0.0.0/8); none by default. */
  webhookAllowRanges: string[];
  /** Seconds between two passes over the alert outbox. */
  deliveryIntervalSeconds: number;
  /** First retry delay of a failed delivery, doubled at each further attempt. */
  deliveryRetryBaseSeconds: number;
  /** The GS1 EPCIS 2.0 JSON Schema that captured documents are validated against. */
  epcisSchemaPath: string;
  /** Most events one EPCIS document may hold, and most bytes one capture may send (413 beyond). */
  epcisMaxEvents: number;
  epcisMaxBytes: number;
  /** Contained cobalt a transformation may lose, in percent, before it breaks the mass balance. */
  custodyLossTolerancePct: number;
  /** What each broken custody rule does: refuse the event, or record it and open an incident. */
  custodyRuleModes: Record<CustodyRule, RuleMode>;
  /**
   * Whether artisanal cobalt may go from a cooperative only to the state buyer or to a buyer it licensed (a valid
   * `state_buyer_licence`): the state buyer's monopoly, enforced by custody when on (decision 0039).
   */
  stateBuyerMonopoly: boolean;
  /** The royalty a tonne of contained cobalt shipped implies, in US cents (decision 0058). */
  royaltyPerTonneMinor: number;
  /** The Ed25519 private key (PEM) sealing the event log; else `sealKeyFile`, else a key file in the data directory. */
  sealKey: string | undefined;
  /** Path of a PEM file holding the event log's sealing key. */
  sealKeyFile: string | undefined;
  /** Seconds between two seals of the event chain head (skipped when nothing was appended). */
  sealIntervalSeconds: number;
  /** Least score (0–1) a name match must reach to go to the review queue. */
  screeningThreshold: number;
  /** Largest sanctions or PEP list file accepted, in bytes (413 above), and most entries it may hold. */
  screeningListMaxBytes: number;
  screeningListMaxEntries: number;
  /** Sites within this distance (metres) of one being created are offered as possible duplicates. */
  duplicateSiteDistanceM: number;
  /** A visit whose GPS fix lies farther than this (metres, beyond its accuracy) from its site is flagged (decision 0031). */
  visitLocationToleranceM: number;
  /** Days between two visits to a site by what is at stake there (decision 0024). */
  visitFrequencies: VisitFrequencies;
  /** Months the public transparency view lags behind the record (decision 0055). */
  publicDelayMonths: number;
  /** Seconds a public answer is kept in the process before it is made again; 0 keeps none. */
  publicCacheSeconds: number;
  /** Public-view requests one client address may make per window (minutes), counted in the process. */
  publicRate: { max: number; windowMinutes: number };
}

export class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function oneOf<T extends string>(
  env: NodeJS.ProcessEnv,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function key(env: NodeJS.ProcessEnv, name: string): Buffer | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  const bytes = Buffer.from(raw, 'base64');
  if (bytes.length !== 32)
    throw new ConfigError(`${name} must be 32 bytes in base64 (e.g. openssl rand -base64 32)`);
  return bytes;
}

/** AMANA_CUSTODY_RULES, e.g. "site_volume_implausible=reject,tag_reused=incident", over the defaults. */
function ruleModes(env: NodeJS.ProcessEnv): Record<CustodyRule, RuleMode> {
  const modes = { ...DEFAULT_RULE_MODES };
  const raw = env.AMANA_CUSTODY_RULES;
  if (!raw) return modes;
  for (const part of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [rule, mode] = part.split('=').map((x) => x.trim());
    if (!(CUSTODY_RULES as readonly string[]).includes(rule) || (mode !== 'reject' && mode !== 'incident'))
      throw new ConfigError(
        `AMANA_CUSTODY_RULES takes rule=reject|incident pairs separated by commas, rules among ${CUSTODY_RULES.join(', ')}; got "${part}"`,
      );
    modes[rule as CustodyRule] = mode;
  }
  return modes;
}

/** AMANA_INCIDENT_FOUR_EYES_LEVELS: levels separated by commas, e.g. "1,2", or "none". */
function fourEyesLevels(env: NodeJS.ProcessEnv): Level[] {
  const raw = env.AMANA_INCIDENT_FOUR_EYES_LEVELS?.trim();
  if (raw === undefined || raw === '') return [...DEFAULT_FOUR_EYES_LEVELS];
  if (raw === 'none') return [];
  const parts = raw.split(',').map((p) => p.trim());
  if (!parts.every((p) => p === '1' || p === '2' || p === '3'))
    throw new ConfigError(
      `AMANA_INCIDENT_FOUR_EYES_LEVELS takes incident levels 1, 2 or 3 separated by commas, or "none"; got "${raw}"`,
    );
  return [...new Set(parts.map((p) => Number(p) as Level))].sort();
}

/** AMANA_SEAL_KEY (PEM) or AMANA_SEAL_KEY_FILE (a path), not both; the key itself is read when first used. */
function sealKeySource(env: NodeJS.ProcessEnv): {
  sealKey: string | undefined;
  sealKeyFile: string | undefined;
} {
  const sealKey = env.AMANA_SEAL_KEY || undefined;
  const sealKeyFile = env.AMANA_SEAL_KEY_FILE ? path.resolve(env.AMANA_SEAL_KEY_FILE) : undefined;
  if (sealKey && sealKeyFile) throw new ConfigError('set AMANA_SEAL_KEY or AMANA_SEAL_KEY_FILE, not both');
  return { sealKey, sealKeyFile };
}

function cidrList(env: NodeJS.ProcessEnv, name: string): string[] {
  const raw = env[name] ?? '';
  try {
    parseAllowRanges(raw);
  } catch (error) {
    throw new ConfigError(`${name} takes CIDR ranges separated by commas: ${(error as Error).message}`);
  }
  return raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

/** Reads and validates the configuration; throws ConfigError naming the faulty variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  return {
    databaseUrl,
    dataDir: path.resolve(env.AMANA_DATA_DIR || 'data'),
    host: env.HOST || '0.0.0.0',
    port: integer(env, 'PORT', 3000, 0, 65535),
    demo: oneOf(env, 'AMANA_DEMO', ['auto', 'off'] as const, 'auto'),
    uploadLimitBytes: integer(env, 'AMANA_UPLOAD_LIMIT_BYTES', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    openrosaMaxBytes: integer(
      env,
      'AMANA_OPENROSA_MAX_BYTES',
      10 * 1024 * 1024,
      64 * 1024,
      1024 * 1024 * 1024,
    ),
    openrosaNonceSeconds: integer(env, 'AMANA_OPENROSA_NONCE_SECONDS', 300, 1, 3600),
    sessionHours: integer(env, 'AMANA_SESSION_HOURS', 12, 1, 24 * 90),
    principalCacheSeconds: integer(env, 'AMANA_PRINCIPAL_CACHE_SECONDS', 5, 0, 60),
    kycValidityMonths: integer(env, 'AMANA_KYC_VALIDITY_MONTHS', 12, 1, 120),
    siteMaxVertices: integer(env, 'AMANA_SITE_MAX_VERTICES', DEFAULT_MAX_VERTICES, 4, 1_000_000),
    // One xlsx sheet holds 1,048,576 rows, the header among them.
    exportMaxRows: integer(env, 'AMANA_EXPORT_MAX_ROWS', 1_048_575, 1, 1_048_575),
    secureCookies: oneOf(env, 'AMANA_SECURE_COOKIES', ['true', 'false'] as const, 'false') === 'true',
    trustProxy: oneOf(env, 'AMANA_TRUST_PROXY', ['true', 'false'] as const, 'false') === 'true',
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const, 'info'),
    logFormat: oneOf(env, 'AMANA_LOG_FORMAT', ['pretty', 'json', 'auto'] as const, 'auto'),
    recognition: {
      minScore: integer(env, 'AMANA_RECOGNITION_MIN_SCORE_PCT', 80, 0, 100) / 100,
      minFullyAligned: integer(env, 'AMANA_RECOGNITION_MIN_FULLY_ALIGNED_PCT', 60, 0, 100) / 100,
    },
    workerIntervalSeconds: integer(env, 'AMANA_WORKER_INTERVAL_SECONDS', 3600, 1, 86400),
    worker: oneOf(env, 'AMANA_WORKER', ['on', 'off'] as const, 'on') === 'on',
    grievanceKey: key(env, 'AMANA_GRIEVANCE_KEY'),
    grievanceRate: {
      max: integer(env, 'AMANA_GRIEVANCE_RATE_MAX', 5, 1, 10_000),
      windowMinutes: integer(env, 'AMANA_GRIEVANCE_RATE_WINDOW_MINUTES', 15, 1, 1440),
    },
    sms: {
      inboundTokens: {
        africastalking: token(env, 'AMANA_SMS_AFRICASTALKING_TOKEN'),
        json: token(env, 'AMANA_SMS_JSON_TOKEN'),
      },
      sendUrl: httpUrl(env, 'AMANA_SMS_SEND_URL'),
      username: env.AMANA_SMS_USERNAME || undefined,
      apiKey: env.AMANA_SMS_API_KEY || undefined,
      from: env.AMANA_SMS_FROM || undefined,
      rate: {
        max: integer(env, 'AMANA_SMS_RATE_MAX', 20, 1, 10_000),
        windowMinutes: integer(env, 'AMANA_SMS_RATE_WINDOW_MINUTES', 60, 1, 1440),
      },
    },
    loginRate: {
      account: {
        max: integer(env, 'AMANA_LOGIN_RATE_MAX', 10, 1, 10_000),
        windowMinutes: integer(env, 'AMANA_LOGIN_RATE_WINDOW_MINUTES', 15, 1, 1440),
      },
      address: {
        max: integer(env, 'AMANA_LOGIN_ADDRESS_RATE_MAX', 50, 1, 100_000),
        windowMinutes: integer(env, 'AMANA_LOGIN_ADDRESS_RATE_WINDOW_MINUTES', 15, 1, 1440),
      },
    },
    webhookAllowRanges: cidrList(env, 'AMANA_WEBHOOK_ALLOW_RANGES'),
    smtpUrl: env.AMANA_SMTP_URL || undefined,
    mailFrom: env.AMANA_MAIL_FROM || 'Amana <alerts@amana.invalid>',
    publicUrl: publicUrl(env),
    deliveryIntervalSeconds: integer(env, 'AMANA_DELIVERY_INTERVAL_SECONDS', 5, 1, 3600),
    deliveryRetryBaseSeconds: integer(env, 'AMANA_DELIVERY_RETRY_BASE_SECONDS', 30, 1, 3600),
    verificationDays: {
      level1: integer(env, 'AMANA_VERIFY_LEVEL1_DAYS', 7, 1, 365),
      other: integer(env, 'AMANA_VERIFY_OTHER_DAYS', 30, 1, 365),
    },
    incidentFourEyesLevels: fourEyesLevels(env),
    custodyLossTolerancePct: integer(env, 'AMANA_CUSTODY_LOSS_TOLERANCE_PCT', 5, 0, 100),
    custodyRuleModes: ruleModes(env),
    stateBuyerMonopoly: oneOf(env, 'AMANA_STATE_BUYER_MONOPOLY', ['on', 'off'] as const, 'off') === 'on',
    royaltyPerTonneMinor: integer(env, 'AMANA_ROYALTY_PER_TONNE_MINOR', 160_000, 0, 1_000_000_000),
    ...sealKeySource(env),
    sealIntervalSeconds: integer(env, 'AMANA_SEAL_INTERVAL_SECONDS', 300, 1, 86400),
    epcisMaxEvents: integer(env, 'AMANA_EPCIS_MAX_EVENTS', 100_000, 1, 10_000_000),
    epcisMaxBytes: integer(env, 'AMANA_EPCIS_MAX_BYTES', 64 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    screeningThreshold: integer(env, 'AMANA_SCREENING_THRESHOLD_PCT', 85, 50, 100) / 100,
    screeningListMaxBytes: integer(
      env,
      'AMANA_SCREENING_LIST_MAX_BYTES',
      32 * 1024 * 1024,
      1024,
      1024 * 1024 * 1024,
    ),
    duplicateSiteDistanceM: integer(env, 'AMANA_DUPLICATE_SITE_DISTANCE_M', 500, 0, 100_000),
    visitLocationToleranceM: integer(env, 'AMANA_VISIT_LOCATION_TOLERANCE_M', 500, 0, 100_000),
    visitFrequencies: {
      level1: integer(env, 'AMANA_VISIT_DAYS_LEVEL1', DEFAULT_VISIT_FREQUENCIES.level1, 1, 366),
      suspended: integer(env, 'AMANA_VISIT_DAYS_SUSPENDED', DEFAULT_VISIT_FREQUENCIES.suspended, 1, 366),
      red: integer(env, 'AMANA_VISIT_DAYS_RED', DEFAULT_VISIT_FREQUENCIES.red, 1, 366),
      yellow: integer(env, 'AMANA_VISIT_DAYS_YELLOW', DEFAULT_VISIT_FREQUENCIES.yellow, 1, 366),
      blue: integer(env, 'AMANA_VISIT_DAYS_BLUE', DEFAULT_VISIT_FREQUENCIES.blue, 1, 366),
      green: integer(env, 'AMANA_VISIT_DAYS_GREEN', DEFAULT_VISIT_FREQUENCIES.green, 1, 366),
    },
    screeningListMaxEntries: integer(env, 'AMANA_SCREENING_LIST_MAX_ENTRIES', 100_000, 1, 10_000_000),
    publicDelayMonths: integer(env, 'AMANA_PUBLIC_DELAY_MONTHS', DEFAULT_PUBLIC_DELAY_MONTHS, 0, 120),
    publicCacheSeconds: integer(env, 'AMANA_PUBLIC_CACHE_SECONDS', 300, 0, 86400),
    publicRate: {
      max: integer(env, 'AMANA_PUBLIC_RATE_MAX', 600, 1, 1_000_000),
      windowMinutes: integer(env, 'AMANA_PUBLIC_RATE_WINDOW_MINUTES', 1, 1, 1440),
    },
    epcisSchemaPath: path.resolve(
      env.AMANA_EPCIS_SCHEMA ||
        path.join(import.meta.dirname, 'services/custody/epcis-standard/EPCIS-JSON-Schema.json'),
    ),
  };
}

/** A webhook secret: at least 24 characters, so that it cannot be guessed by trying. */
function token(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (raw.length < 24 || raw.length > 200)
    throw new ConfigError(`${name} must be 24 to 200 characters (e.g. openssl rand -base64 24)`);
  return raw;
}

/** An http(s) URL, or undefined when not set; refused when it is not one. */
function httpUrl(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL, got ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(`${name} must be an http(s) URL, got ${raw}`);
  return url.toString();
}

/** AMANA_PUBLIC_URL, an http(s) origin (a path is kept) without a trailing slash; refused when it is not a URL. */
function publicUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.AMANA_PUBLIC_URL?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`AMANA_PUBLIC_URL must be an http(s) URL, got ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(`AMANA_PUBLIC_URL must be an http(s) URL, got ${raw}`);
  return url.toString().replace(/\/+$/, '');
}
