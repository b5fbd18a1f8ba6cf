import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import {
  type AllowRange,
  judgeAddress,
  judgeWebhookUrl,
  parseAllowRanges,
  type TargetRefusal,
} from '../../domain/alerts/webhook-target.ts';
import type { ServiceContext } from '../context.ts';
import type { Coded } from '../errors.ts';

/** Every address a host name resolves to. */
export type ResolveHost = (hostname: string) => Promise<string[]>;

const systemResolve: ResolveHost = async (hostname) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/** A webhook target Amana will not connect to; the delivery fails at once rather than retrying. */
export class WebhookRefused extends Error {
  readonly coded: Coded;
  constructor(message: string, coded: Coded) {
    super(message);
    this.coded = coded;
  }
}

const refused = (verdict: TargetRefusal) =>
  new WebhookRefused(verdict.reason, { code: verdict.code, params: verdict.params });

const allowRanges = (ctx: ServiceContext): AllowRange[] =>
  parseAllowRanges(ctx.config.webhookAllowRanges.join(','));

/**
 * Resolves a host name and judges every address it has: one address outside the public internet (and the
 * operator's allowed ranges) refuses the name, since the connection might use that one.
 */
async function resolveChecked(ctx: ServiceContext, hostname: string, allow: AllowRange[]): Promise<string[]> {
  let addresses: string[];
  try {
    addresses = await (ctx.resolveHost ?? systemResolve)(hostname);
  } catch {
    addresses = [];
  }
  if (!addresses.length)
    throw new WebhookRefused(`the host name ${hostname} does not resolve`, {
      code: 'alerts.webhook-unresolved',
      params: { host: hostname },
    });
  for (const address of addresses) {
    const verdict = judgeAddress(address, allow);
    if (!verdict.ok)
      throw new WebhookRefused(
        `${hostname} resolves to a refused address: ${verdict.reason}`,
        verdict.code === 'alerts.webhook-address'
          ? { code: 'alerts.webhook-resolves-refused', params: { host: hostname, ...verdict.params } }
          : { code: verdict.code, params: verdict.params },
      );
  }
  return addresses;
}

/**
 * Why a webhook URL is refused at registration (scheme, literal address, or what its name resolves to), in
 * English words and as a code; null if it is fine.
 */
export async function refuseWebhookUrl(
  ctx: ServiceContext,
  url: string,
): Promise<({ message: string } & Coded) | null> {
  const allow = allowRanges(ctx);
  const verdict = judgeWebhookUrl(url, allow);
  if (!verdict.ok) return { message: verdict.reason, code: verdict.code, params: verdict.params };
  if (verdict.host.kind === 'address') return null;
  try {
    await resolveChecked(ctx, verdict.host.name, allow);
    return null;
  } catch (error) {
    if (error instanceof WebhookRefused) return { message: error.message, ...error.coded };
    throw error;
  }
}

/**
 * POSTs a webhook. The name is resolved and judged inside the connection's own lookup, so the socket goes to
 * the very address that was checked: a DNS answer that changes between a check and the connection (rebinding)
 * has nothing to slip through. Redirects are not followed. Throws WebhookRefused for a refused target.
 */
export async function postWebhook(
  ctx: ServiceContext,
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs = 10_000,
): Promise<{ status: number }> {
  const allow = allowRanges(ctx);
  const verdict = judgeWebhookUrl(url, allow);
  if (!verdict.ok) throw refused(verdict);
  let refusal: WebhookRefused | null = null;
  const lookup: LookupFunction = (hostname, options, callback) => {
    resolveChecked(ctx, hostname, allow).then(
      (addresses) => {
        const family = (a: string) => (a.includes(':') ? 6 : 4);
        if (options.all)
          callback(
            null,
            addresses.map((address) => ({ address, family: family(address) })),
          );
        else callback(null, addresses[0], family(addresses[0]));
      },
      (error: Error) => {
        if (error instanceof WebhookRefused) refusal = error;
        callback(error as NodeJS.ErrnoException, '', 4);
      },
    );
  };
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  try {
    return await new Promise((resolve, reject) => {
      const req = client.request(
        target,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          lookup,
          signal: AbortSignal.timeout(timeoutMs),
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  } catch (error) {
    if (refusal) throw refusal;
    throw error;
  }
}
