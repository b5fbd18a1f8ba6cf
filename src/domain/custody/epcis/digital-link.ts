/**
 * GS1 identifiers in their canonical GS1 Digital Link form (https://id.gs1.org/…), as the CBV 2.0 event
 * hash requires: EPC URNs (TDS 2.x) and Digital Link URIs on any domain, with named or numeric AIs,
 * become one URI, so two serialisations of the same identifier hash alike.
 */

const DL = 'https://id.gs1.org';

/** The GS1 mod-10 check digit of a string of digits. */
export function checkDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(digits.length - 1 - i) - 48;
    sum += i % 2 === 0 ? d * 3 : d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Digital Link escaping of an alphanumeric AI value: all but unreserved characters and the apostrophe. */
function escapeValue(raw: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    decoded = raw;
  }
  return [...new TextEncoder().encode(decoded)]
    .map((b) => {
      const c = String.fromCharCode(b);
      return /[A-Za-z0-9\-._~']/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

/** GTIN-14 from an EPC company prefix and item reference (whose first digit is the indicator). */
const gtin = (cp: string, itemRef: string) => {
  const body = itemRef.slice(0, 1) + cp + itemRef.slice(1);
  return body + checkDigit(body);
};
const withCheck = (digits: string) => digits + checkDigit(digits);

/** EPC URN (urn:epc:id:…, urn:epc:class:lgtin:…, urn:epc:idpat:sgtin:…) to Digital Link, or null. */
function fromEpcUrn(urn: string): string | null {
  const m = /^urn:epc:(id|class|idpat):([a-z0-9]+):(.*)$/i.exec(urn);
  if (!m) return null;
  const [, kind, scheme, rest] = m;
  const p = rest.split('.');
  const s = scheme.toLowerCase();
  if (kind === 'idpat') {
    // A pattern names a class: only its fixed leading fields count.
    if (p.length < 2 || p[1] === '*') return null;
    if (s === 'sgtin') return `${DL}/01/${gtin(p[0], p[1])}`;
    if (s === 'grai') return `${DL}/8003/0${withCheck(p[0] + p[1])}`;
    if (s === 'gdti') return `${DL}/253/${withCheck(p[0] + p[1])}`;
    if (s === 'sgcn') return `${DL}/255/${withCheck(p[0] + p[1])}`;
    if (s === 'cpi') return `${DL}/8010/${p[0]}${escapeValue(p[1])}`;
    if (s === 'itip' && p.length >= 4 && p[3] !== '*') return `${DL}/8006/${gtin(p[0], p[1])}${p[2]}${p[3]}`;
    return null;
  }
  if (kind === 'class') {
    if (s === 'lgtin' && p.length >= 3)
      return `${DL}/01/${gtin(p[0], p[1])}/10/${escapeValue(p.slice(2).join('.'))}`;
    return null;
  }
  switch (s) {
    case 'sgtin':
      return `${DL}/01/${gtin(p[0], p[1])}/21/${escapeValue(p.slice(2).join('.'))}`;
    case 'sscc': {
      const body = p[1].slice(0, 1) + p[0] + p[1].slice(1);
      return `${DL}/00/${withCheck(body)}`;
    }
    case 'sgln': {
      const gln = withCheck(p[0] + p[1]);
      const ext = p.slice(2).join('.');
      return ext && ext !== '0' ? `${DL}/414/${gln}/254/${escapeValue(ext)}` : `${DL}/414/${gln}`;
    }
    case 'pgln':
      return `${DL}/417/${withCheck(p[0] + (p[1] ?? ''))}`;
    case 'grai': {
      const serial = p.slice(2).join('.');
      return `${DL}/8003/0${withCheck(p[0] + p[1])}${escapeValue(serial)}`;
    }
    case 'giai':
      return `${DL}/8004/${p[0]}${escapeValue(p.slice(1).join('.'))}`;
    case 'gsrn':
      return `${DL}/8018/${withCheck(p[0] + p[1])}`;
    case 'gsrnp':
      return `${DL}/8017/${withCheck(p[0] + p[1])}`;
    case 'gdti':
      return `${DL}/253/${withCheck(p[0] + p[1])}${escapeValue(p.slice(2).join('.'))}`;
    case 'sgcn':
      return `${DL}/255/${withCheck(p[0] + p[1])}${p.slice(2).join('.')}`;
    case 'cpi':
      return `${DL}/8010/${p[0]}${escapeValue(p[1])}/8011/${p.slice(2).join('.')}`;
    case 'ginc':
      return `${DL}/401/${p[0]}${escapeValue(p.slice(1).join('.'))}`;
    case 'gsin':
      return `${DL}/402/${withCheck(p[0] + p[1])}`;
    case 'itip':
      return `${DL}/8006/${gtin(p[0], p[1])}${p[2]}${p[3]}/21/${escapeValue(p.slice(4).join('.'))}`;
    case 'upui':
      return `${DL}/01/${gtin(p[0], p[1])}/235/${escapeValue(p.slice(2).join('.'))}`;
    default:
      return null;
  }
}

/** Named Digital Link AIs (the short names of the DL standard) and their numbers. */
const NAMED_AIS: Record<string, string> = {
  sscc: '00',
  gtin: '01',
  lot: '10',
  ser: '21',
  cpv: '22',
  gdti: '253',
  glnx: '254',
  gcn: '255',
  ginc: '401',
  gsin: '402',
  gln: '414',
  party: '417',
  grai: '8003',
  giai: '8004',
  itip: '8006',
  cpid: '8010',
  cpsn: '8011',
  gsrnp: '8017',
  gsrn: '8018',
};

/** Primary keys of Digital Link paths and the fixed digit count to pad them to (GTIN-8/12/13 to 14). */
const PADDED: Record<string, number> = { '01': 14 };

/** A Digital Link URI on any domain (named or numeric AIs, query string dropped) to the canonical one, or null. */
function fromDigitalLink(uri: string): string | null {
  const m = /^https?:\/\/[^/]+(\/.*)?$/.exec(uri);
  if (!m?.[1]) return null;
  const segments = m[1].split('?')[0].split('#')[0].split('/').filter(Boolean);
  // The path is pairs of AI and value, possibly after a prefix path: find the first AI pair.
  const start = segments.findIndex((seg, i) => {
    const ai = NAMED_AIS[seg] ?? seg;
    return (
      /^(00|01|253|255|401|402|414|417|8003|8004|8006|8010|8017|8018)$/.test(ai) && i + 1 < segments.length
    );
  });
  if (start < 0 || (segments.length - start) % 2 !== 0) return null;
  const parts: string[] = [];
  for (let i = start; i < segments.length; i += 2) {
    const ai = NAMED_AIS[segments[i]] ?? segments[i];
    if (!/^\d{2,4}$/.test(ai)) return null;
    let value = segments[i + 1];
    if (PADDED[ai] && /^\d+$/.test(value)) value = value.padStart(PADDED[ai], '0');
    parts.push(`${ai}/${escapeValue(value)}`);
  }
  return `${DL}/${parts.join('/')}`;
}

/** The canonical Digital Link of a GS1 identifier written as an EPC URN or a Digital Link, else null. */
export function canonicalDigitalLink(value: string): string | null {
  if (value.startsWith('urn:epc:')) return fromEpcUrn(value);
  if (/^https?:\/\//.test(value)) return fromDigitalLink(value);
  return null;
}
