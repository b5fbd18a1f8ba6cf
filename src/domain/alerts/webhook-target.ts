import ipaddr from 'ipaddr.js';

/** A range of addresses an operator lets webhooks reach although it is not public, e.g. 10.0.0.0/8. */
export type AllowRange = [ipaddr.IPv4 | ipaddr.IPv6, number];

/**
 * Why a webhook target is refused: the reason in English words, and a stable code with the values its sentence
 * names (`range` is a key of RANGE_WORDS, or `special`).
 */
export interface TargetRefusal {
  ok: false;
  reason: string;
  code: `alerts.${string}`;
  params?: Record<string, string>;
}

/** What a webhook target is judged to be: reachable, or refused. */
export type TargetVerdict = { ok: true } | TargetRefusal;

const RANGE_WORDS: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private address',
  linkLocal: 'a link-local address (where cloud metadata services answer)',
  carrierGradeNat: 'a carrier-grade NAT (shared) address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  unspecified: 'the unspecified address',
  uniqueLocal: 'a unique-local IPv6 address',
  ipv4Mapped: 'an IPv4-mapped IPv6 address',
  reserved: 'a reserved or documentation address',
  benchmarking: 'a benchmarking address',
  deprecatedSiteLocal: 'a site-local IPv6 address',
};

// Only IANA's global unicast block is routed on the IPv6 internet; ipaddr.js calls the rest "unicast" too.
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3') as [ipaddr.IPv6, number];

/**
 * Names the special-purpose range an address belongs to (ipaddr.js's names, e.g. "loopback", "private",
 * "linkLocal"), or "public" for an address on the public internet.
 */
export function addressRange(address: string): string {
  const ip = ipaddr.parse(address);
  const range = ip.range();
  if (range !== 'unicast') return range;
  if (ip.kind() === 'ipv6' && !ip.match(GLOBAL_UNICAST_V6)) return 'reserved';
  return 'public';
}

/** Parses a comma-separated list of CIDR ranges (AMANA_WEBHOOK_ALLOW_RANGES); throws naming a bad entry. */
export function parseAllowRanges(text: string): AllowRange[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      try {
        return ipaddr.parseCIDR(part);
      } catch {
        throw new Error(`"${part}" is not a CIDR range such as 10.0.0.0/8 or fd00::/8`);
      }
    });
}

function inRanges(ip: ipaddr.IPv4 | ipaddr.IPv6, ranges: readonly AllowRange[]): boolean {
  // An IPv4-mapped IPv6 address reaches the IPv4 address it carries, so an IPv4 range covers it.
  const forms =
    ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()
      ? [ip, (ip as ipaddr.IPv6).toIPv4Address()]
      : [ip];
  return ranges.some(([base, bits]) => forms.some((f) => f.kind() === base.kind() && f.match(base, bits)));
}

/** Judges one address a webhook would connect to: public, or inside a range the operator allowed. */
export function judgeAddress(address: string, allow: readonly AllowRange[]): TargetVerdict {
  if (!ipaddr.isValid(address))
    return {
      ok: false,
      reason: `${address} is not an IP address`,
      code: 'alerts.webhook-not-address',
      params: { address },
    };
  const range = addressRange(address);
  if (range === 'public' || inRanges(ipaddr.parse(address), allow)) return { ok: true };
  return {
    ok: false,
    reason: `${address} is ${RANGE_WORDS[range] ?? `a special-purpose address (${range})`}; webhooks go to public addresses unless the operator allows the range in AMANA_WEBHOOK_ALLOW_RANGES`,
    code: 'alerts.webhook-address',
    params: { address, range: range in RANGE_WORDS ? range : 'special' },
  };
}

/** Where a webhook URL points: its host name, or the IP address written in it. */
export type WebhookHost = { kind: 'name'; name: string } | { kind: 'address'; address: string };

/** Checks the parts of a webhook URL that need no network: the scheme and a literal address. */
export function judgeWebhookUrl(
  url: string,
  allow: readonly AllowRange[],
): { ok: true; host: WebhookHost } | TargetRefusal {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'not a URL', code: 'alerts.webhook-not-url' };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    return {
      ok: false,
      reason: `an http or https URL, not ${parsed.protocol}`,
      code: 'alerts.webhook-scheme',
      params: { scheme: parsed.protocol },
    };
  // The URL parser has already turned 2130706433, 0x7f.1 and the like into dotted IPv4.
  const hostname = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!hostname) return { ok: false, reason: 'the URL names no host', code: 'alerts.webhook-no-host' };
  if (ipaddr.isValid(hostname)) {
    const verdict = judgeAddress(hostname, allow);
    return verdict.ok ? { ok: true, host: { kind: 'address', address: hostname } } : verdict;
  }
  return { ok: true, host: { kind: 'name', name: hostname } };
}
