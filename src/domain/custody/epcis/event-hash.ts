import { createHash } from 'node:crypto';
import { canonicalDigitalLink } from './digital-link.ts';

/**
 * The CBV 2.0 event hash (`ni:///sha-256;…?ver=CBV2.0`): an identity that two serialisations of one
 * EPCIS event share whatever their field order, namespace prefixes, time zone or identifier syntax,
 * so a re-sent event is recognised without an eventID. The event becomes a pre-hash string of its
 * fields in the standard's order, values in canonical form, lists sorted, then user extensions.
 */

/** Prefixes the EPCIS 2.0 JSON-LD context declares. */
const STANDARD_PREFIXES: Prefixes = {
  epcis: 'https://ref.gs1.org/epcis/',
  cbv: 'https://ref.gs1.org/cbv/',
  cbvmda: 'urn:epcglobal:cbv:mda:',
  gs1: 'https://gs1.org/voc/',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcterms: 'http://purl.org/dc/terms/',
};

/** Namespace prefixes by name; under IGNORE_KEY, the expanded names a document asks to leave out. */
export type Prefixes = Record<string, string>;
const IGNORE_KEY = '@ignore';

const CBV = 'https://ref.gs1.org/cbv/';
const GS1 = 'https://gs1.org/voc/';

/**
 * Fields a document asks hashing to leave out ("ignoreFields" in any namespace, beside the body or its
 * query results), such as a repository's own annotations, with the prefixes in force.
 */
export function withIgnoredFields(prefixes: Prefixes, doc: Record<string, unknown>): Prefixes {
  const holders = [
    doc,
    (doc.epcisBody as { queryResults?: Record<string, unknown> } | undefined)?.queryResults ?? {},
  ];
  const names = holders.flatMap((h) =>
    Object.entries(h)
      .filter(([k]) => /(^|:)ignoreFields$/.test(k))
      .flatMap(([, v]) => (Array.isArray(v) ? v.map((x) => expandedName(String(x), prefixes)) : [])),
  );
  return names.length ? { ...prefixes, [IGNORE_KEY]: ` ${names.join(' ')} ` } : prefixes;
}

/** Namespace prefixes in force for an event: the standard ones, then those its document's @context declares. */
export function contextPrefixes(...contexts: unknown[]): Prefixes {
  const prefixes = { ...STANDARD_PREFIXES };
  const visit = (c: unknown) => {
    if (Array.isArray(c)) for (const x of c) visit(x);
    else if (c && typeof c === 'object')
      for (const [k, v] of Object.entries(c as Record<string, unknown>)) {
        if (typeof v === 'string' && !k.startsWith('@') && /^[a-z][a-z0-9+.-]*:/i.test(v)) prefixes[k] = v;
      }
  };
  for (const c of contexts) visit(c);
  return prefixes;
}

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

/** Fields that do not take part in the hash: identity and bookkeeping, and error declarations. */
const IGNORED = new Set([
  'type',
  'eventID',
  'recordTime',
  'errorDeclaration',
  '@context',
  'rdfs:comment',
  'comment',
]);

/** Event time in UTC at millisecond precision, rounded half up on the fourth decimal. */
export function canonicalTime(value: string): string {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?(Z|[+-]\d\d:?\d\d)?$/.exec(value.trim());
  if (!m) return value.trim();
  const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = m;
  let ms = Number((frac + '000').slice(0, 3));
  if (frac.length > 3 && Number(frac[3]) >= 5) ms += 1;
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (zone !== 'Z') {
    const z = /^([+-])(\d\d):?(\d\d)$/.exec(zone);
    if (z) t -= (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) * 60_000;
  }
  return new Date(t).toISOString();
}

/** Numbers without trailing zeros or a leading plus; anything else unchanged. */
function canonicalNumber(value: string): string {
  if (!/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(value)) return value;
  const n = Number(value);
  return Number.isInteger(n) ? BigInt(n).toString() : String(n);
}

/** The web vocabulary form of a CBV 1.x URN (urn:epcglobal:cbv:bizstep:shipping → …/BizStep-shipping). */
function webVocabulary(value: string): string {
  const m = /^urn:epcglobal:cbv:(bizstep|disp|btt|sdt|er):(.+)$/.exec(value);
  if (!m) return value;
  const term = { bizstep: 'BizStep', disp: 'Disp', btt: 'BTT', sdt: 'SDT', er: 'ER' }[m[1] as 'bizstep'];
  return `${CBV}${term}-${m[2]}`;
}

/** A value in canonical form: trimmed, numbers normalised, CBV URNs as web URIs, GS1 keys as Digital Links. */
function canonicalValue(raw: Json): string {
  if (typeof raw === 'boolean') return String(raw);
  if (typeof raw === 'number') return canonicalNumber(String(raw));
  const text = webVocabulary(String(raw).trim());
  return canonicalDigitalLink(text) ?? canonicalNumber(text);
}

/**
 * A value of a field typed by a vocabulary: a bare word takes the vocabulary's prefix
 * ("shipping" → cbv:BizStep-shipping), a CURIE is expanded, an IRI or CBV URN is canonical.
 */
function vocabularyValue(raw: Json, bare: string, prefixes: Prefixes): string {
  const text = String(raw).trim();
  if (!text.includes(':')) return bare + text;
  const curie = /^([A-Za-z][\w.-]*):(.*)$/.exec(text);
  if (curie && prefixes[curie[1]] && !curie[2].startsWith('//')) return prefixes[curie[1]] + curie[2];
  return canonicalValue(text);
}

/** The expanded name of an extension field: {namespace}local, as in the XML binding. */
function expandedName(key: string, prefixes: Prefixes): string {
  const curie = /^([A-Za-z][\w.-]*):(.+)$/.exec(key);
  if (curie && prefixes[curie[1]] && !curie[2].startsWith('//')) return `{${prefixes[curie[1]]}}${curie[2]}`;
  const iri = /^(.*[/#:])([^/#:]+)$/.exec(key);
  if (iri && /^[a-z][a-z0-9+.-]*:/i.test(key)) return `{${iri[1]}}${iri[2]}`;
  return key;
}

const sorted = (parts: string[]) => [...parts].sort().join('');
const asList = (v: Json | undefined): Json[] =>
  v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];

/** User extension fields: each as {ns}name=value or {ns}name followed by its children, all sorted. */
function extensions(obj: Obj, known: ReadonlySet<string>, prefixes: Prefixes): string[] {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(obj)) {
    if (known.has(key) || IGNORED.has(key) || key.startsWith('@')) continue;
    const name = expandedName(key, prefixes);
    if (name === `{${STANDARD_PREFIXES.rdfs}}comment` || prefixes[IGNORE_KEY]?.includes(` ${name} `))
      continue;
    for (const v of asList(value)) parts.push(extensionValue(name, v, prefixes));
  }
  return parts;
}

function extensionValue(name: string, value: Json, prefixes: Prefixes): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    if ('@value' in value) return `${name}=${canonicalValue(value['@value'])}`;
    if ('@id' in value) return `${name}=${vocabularyValue(value['@id'], '', prefixes)}`;
    return name + sorted(extensions(value, new Set(), prefixes));
  }
  if (value === null || value === '') return name;
  return `${name}=${canonicalValue(value)}`;
}

/** A field with one value, or nothing when absent. */
const single = (name: string, value: Json | undefined, form: (v: Json) => string) =>
  value === undefined || value === null || value === '' ? '' : `${name}=${form(value)}`;

function quantityElements(list: Json | undefined): string {
  return sorted(
    asList(list).map((q) => {
      const e = q as Obj;
      return (
        'quantityElement' +
        single('epcClass', e.epcClass, canonicalValue) +
        single('quantity', e.quantity, canonicalValue) +
        single('uom', e.uom, canonicalValue)
      );
    }),
  );
}

/** The fields of a sensor's metadata and of its reports, in the standard's order (hash and XML binding alike). */
export const SENSOR_METADATA = [
  'time',
  'startTime',
  'endTime',
  'deviceID',
  'deviceMetadata',
  'rawData',
  'dataProcessingMethod',
  'bizRules',
];
export const SENSOR_REPORT = [
  'type',
  'exception',
  'deviceID',
  'deviceMetadata',
  'rawData',
  'dataProcessingMethod',
  'time',
  'microorganism',
  'chemicalSubstance',
  'value',
  'component',
  'stringValue',
  'booleanValue',
  'hexBinaryValue',
  'uriValue',
  'minValue',
  'maxValue',
  'meanValue',
  'sDev',
  'percRank',
  'percValue',
  'uom',
  'coordinateReferenceSystem',
];
const TIMES = new Set(['time', 'startTime', 'endTime']);

/** One sensorMetadata or sensorReport: its fields in the standard's order, then its extensions sorted. */
function sensorPart(name: string, obj: Obj, order: string[], prefixes: Prefixes): string {
  const fields = order.map((f) => {
    const v = obj[f];
    if (TIMES.has(f)) return single(f, v, (x) => canonicalTime(String(x)));
    if (f === 'type' || f === 'exception') return single(f, v, (x) => vocabularyValue(x, GS1, prefixes));
    if (f === 'component') return single(f, v, (x) => vocabularyValue(x, `${CBV}Comp-`, prefixes));
    return single(f, v, canonicalValue);
  });
  return name + fields.join('') + sorted(extensions(obj, new Set(order), prefixes));
}

function sensorElements(list: Json | undefined, prefixes: Prefixes): string {
  return sorted(
    asList(list).map((el) => {
      const e = el as Obj;
      const metadata = e.sensorMetadata
        ? sensorPart('sensorMetadata', e.sensorMetadata as Obj, SENSOR_METADATA, prefixes)
        : '';
      const reports = sorted(
        asList(e.sensorReport).map((r) => sensorPart('sensorReport', r as Obj, SENSOR_REPORT, prefixes)),
      );
      return `sensorElement${metadata}${reports}${sorted(extensions(e, new Set(['sensorMetadata', 'sensorReport']), prefixes))}`;
    }),
  );
}

/** bizTransactionList, sourceList and destinationList: type then value for each entry, entries sorted. */
function typedList(list: Json | undefined, valueKey: string, bare: string, prefixes: Prefixes): string {
  return sorted(
    asList(list).map((item) => {
      const e = (typeof item === 'string' ? { [valueKey]: item } : item) as Obj;
      return (
        single('type', e.type, (x) => vocabularyValue(x, bare, prefixes)) +
        single(valueKey, e[valueKey], canonicalValue)
      );
    }),
  );
}

const epcs = (list: Json | undefined) => sorted(asList(list).map((e) => `epc=${canonicalValue(e)}`));

/** One location (readPoint, bizLocation): its id, then its extensions sorted. */
const location = (v: Json | undefined, prefixes: Prefixes) => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return '';
  return single('id', v.id, canonicalValue) + sorted(extensions(v, new Set(['id']), prefixes));
};

/** Wraps a list's content with its name, or nothing when it is empty. */
const wrap = (name: string, content: string) => (content ? name + content : '');

/** The fields of an event the hash reads in order, each with how it is written. */
const ORDER: [string, (v: Json | undefined, p: Prefixes) => string][] = [
  ['eventTime', (v) => single('eventTime', v, (x) => canonicalTime(String(x)))],
  ['eventTimeZoneOffset', (v) => single('eventTimeZoneOffset', v, (x) => String(x).trim())],
  ['certificationInfo', (v) => sorted(asList(v).map((c) => `certificationInfo=${canonicalValue(c)}`))],
  ['epcList', (v) => wrap('epcList', epcs(v))],
  ['parentID', (v) => single('parentID', v, canonicalValue)],
  ['inputEPCList', (v) => wrap('inputEPCList', epcs(v))],
  ['childEPCs', (v) => wrap('childEPCs', epcs(v))],
  ['quantityList', (v) => wrap('quantityList', quantityElements(v))],
  ['childQuantityList', (v) => wrap('childQuantityList', quantityElements(v))],
  ['inputQuantityList', (v) => wrap('inputQuantityList', quantityElements(v))],
  ['outputEPCList', (v) => wrap('outputEPCList', epcs(v))],
  ['outputQuantityList', (v) => wrap('outputQuantityList', quantityElements(v))],
  ['action', (v) => single('action', v, (x) => String(x).trim())],
  ['transformationID', (v) => single('transformationID', v, canonicalValue)],
  ['bizStep', (v, p) => single('bizStep', v, (x) => vocabularyValue(x, `${CBV}BizStep-`, p))],
  ['disposition', (v, p) => single('disposition', v, (x) => vocabularyValue(x, `${CBV}Disp-`, p))],
  [
    'persistentDisposition',
    (v, p) => {
      const o = (v ?? {}) as Obj;
      const part = (k: string) =>
        sorted(asList(o[k]).map((x) => `${k}=${vocabularyValue(x, `${CBV}Disp-`, p)}`));
      return wrap('persistentDisposition', part('set') + part('unset'));
    },
  ],
  ['readPoint', (v, p) => wrap('readPoint', location(v, p))],
  ['bizLocation', (v, p) => wrap('bizLocation', location(v, p))],
  [
    'bizTransactionList',
    (v, p) => wrap('bizTransactionList', typedList(v, 'bizTransaction', `${CBV}BTT-`, p)),
  ],
  ['destinationList', (v, p) => wrap('destinationList', typedList(v, 'destination', `${CBV}SDT-`, p))],
  ['sourceList', (v, p) => wrap('sourceList', typedList(v, 'source', `${CBV}SDT-`, p))],
  ['sensorElementList', (v, p) => wrap('sensorElementList', sensorElements(v, p))],
  [
    'ilmd',
    (v, p) =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? wrap('ilmd', sorted(extensions(v, new Set(), p)))
        : '',
  ],
];
const KNOWN = new Set(ORDER.map(([k]) => k));

/** The canonical pre-hash string of an EPCIS event, given the prefixes of its document's context. */
export function eventPreHash(event: Record<string, unknown>, prefixes: Prefixes = STANDARD_PREFIXES): string {
  const e = event as Obj;
  return (
    `eventType=${String(e.type)}` +
    ORDER.map(([key, write]) => write(e[key], prefixes)).join('') +
    sorted(extensions(e, KNOWN, prefixes))
  );
}

/** The CBV 2.0 event hash identifier of an EPCIS event. */
export function eventHash(event: Record<string, unknown>, prefixes: Prefixes = STANDARD_PREFIXES): string {
  return `ni:///sha-256;${createHash('sha256').update(eventPreHash(event, prefixes), 'utf8').digest('hex')}?ver=CBV2.0`;
}
