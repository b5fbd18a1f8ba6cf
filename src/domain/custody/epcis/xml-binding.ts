/**
 * The XML binding of EPCIS (2.0, and 1.2 as many systems still send it) read into the JSON binding and
 * written back from it, over a plain element tree: the conversion the standard defines between its two
 * bindings, so one event has one hash whichever form it came in.
 */
import { jsonBindingForm, VOCABULARIES, type VocabularyName } from './cbv-vocabulary.ts';
import { SENSOR_METADATA, SENSOR_REPORT } from './event-hash.ts';

/** An XML element with its namespaces resolved. */
export interface XmlElement {
  /** Namespace URI ('' for none). */
  ns: string;
  local: string;
  prefix: string;
  attributes: XmlAttribute[];
  children: XmlNode[];
  /** Namespace declarations in scope, by prefix ('' for the default namespace). */
  scope: Readonly<Record<string, string>>;
}
export interface XmlAttribute {
  ns: string;
  local: string;
  prefix: string;
  value: string;
}
export type XmlNode = XmlElement | string;

/** An element to write: a qualified name, its attributes in order, its children. */
export interface XmlOut {
  name: string;
  attributes?: Record<string, string>;
  children?: (XmlOut | string)[];
}

export const EPCIS_2_NS = 'urn:epcglobal:epcis:xsd:2';
export const EPCIS_1_NS = 'urn:epcglobal:epcis:xsd:1';
export const EPCIS_QUERY_2_NS = 'urn:epcglobal:epcis-query:xsd:2';
export const EPCIS_QUERY_1_NS = 'urn:epcglobal:epcis-query:xsd:1';
const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';
const GS1_VOC = 'https://gs1.org/voc/';
const CBV = 'https://ref.gs1.org/cbv/';

type Obj = Record<string, unknown>;
const isElement = (n: XmlNode): n is XmlElement => typeof n !== 'string';
const elements = (e: XmlElement) => e.children.filter(isElement);
const text = (e: XmlElement) =>
  e.children
    .filter((c): c is string => typeof c === 'string')
    .join('')
    .trim();
const attribute = (e: XmlElement, local: string) =>
  e.attributes.find((a) => a.ns === '' && a.local === local)?.value;

/** Why an XML document cannot be read as EPCIS: a code and what to do. */
export interface XmlRefusal {
  code: 'custody.epcis-xml-not-document';
  message: string;
}

const EVENT_TYPES = new Set([
  'ObjectEvent',
  'AggregationEvent',
  'TransactionEvent',
  'TransformationEvent',
  'AssociationEvent',
]);

/** The wrappers of standard extensions (EPCIS 1.2's extension, baseExtension): their content stands in their place. */
const isWrapper = (e: XmlElement) => e.ns === '' && (e.local === 'extension' || e.local === 'baseExtension');
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
/** An element marked xsi:nil stands for a value that is absent. */
const isNil = (e: XmlElement) =>
  e.attributes.some((a) => a.ns === XSI && a.local === 'nil' && a.value.trim() === 'true');
const unwrapped = (e: XmlElement): XmlElement[] =>
  elements(e).flatMap((c) => (isNil(c) ? [] : isWrapper(c) ? unwrapped(c) : [c]));

/** Namespace prefixes the JSON document declares for the XML namespaces its extensions use. */
class Prefixes {
  readonly used = new Map<string, string>();
  /** The JSON prefix for a namespace, the XML one when it is free. */
  of(prefix: string, ns: string): string {
    const wanted = prefix || 'ns';
    for (let i = 0; ; i++) {
      const p = i === 0 ? wanted : `${wanted}${i}`;
      const taken = this.used.get(p);
      if (taken === ns) return p;
      if (taken === undefined && !(p in RESERVED)) {
        this.used.set(p, ns);
        return p;
      }
      if (RESERVED[p] === ns) return p;
    }
  }
  name(e: { ns: string; prefix: string; local: string }): string {
    return e.ns === '' ? e.local : `${this.of(e.prefix, e.ns)}:${e.local}`;
  }
}
/** Prefixes the EPCIS context already gives a meaning: used as they are when they mean the same. */
const RESERVED: Record<string, string> = {
  epcis: 'https://ref.gs1.org/epcis/',
  cbv: CBV,
  cbvmda: 'urn:epcglobal:cbv:mda:',
  gs1: GS1_VOC,
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcterms: 'http://purl.org/dc/terms/',
};

/**
 * A vocabulary value read from XML in the JSON binding's spelling: a CBV 1.x URN of a term becomes the
 * bare term, as does a GS1 Web Vocabulary CURIE of a sensor type (gs1:Temperature); a CURIE of another
 * declared XML prefix has its prefix declared in the JSON document; anything else is kept.
 */
function vocabularyFromXml(
  name: VocabularyName,
  value: string,
  scope: Readonly<Record<string, string>>,
  p: Prefixes,
) {
  const v = value.trim();
  const bare = jsonBindingForm(name, v);
  if (bare !== v) return bare;
  const curie = /^([A-Za-z_][\w.-]*):(?!\/\/)(.+)$/.exec(v);
  if (!curie || scope[curie[1]] === undefined || curie[1] === 'urn') return v;
  const ns = scope[curie[1]];
  const full = `${ns}${curie[2]}`;
  const again = jsonBindingForm(name, full);
  if (again !== full) return again;
  if (VOCABULARIES[name].web === GS1_VOC && ns === GS1_VOC) return v;
  return `${p.of(curie[1], ns)}:${curie[2]}`;
}

/** An extension element as JSON: its text, or its children by name (repeated names as lists). */
function extensionValue(e: XmlElement, p: Prefixes): unknown {
  const children = elements(e);
  if (children.length === 0) return text(e);
  const out: Obj = {};
  for (const c of children) add(out, p.name(c), extensionValue(c, p));
  return out;
}

/** Lists made of repeated XML elements, told apart from a value that is itself a list. */
const repeated = new WeakSet<unknown[]>();
function add(out: Obj, key: string, value: unknown) {
  const held = out[key];
  if (!(key in out)) out[key] = value;
  else if (Array.isArray(held) && repeated.has(held)) held.push(value);
  else {
    const list = [held, value];
    repeated.add(list);
    out[key] = list;
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const numberOr = (v: string): number | string => (NUMBER.test(v.trim()) ? Number(v) : v);
const SENSOR_NUMBERS = new Set([
  'value',
  'minValue',
  'maxValue',
  'meanValue',
  'sDev',
  'percRank',
  'percValue',
]);

function sensorAttributes(e: XmlElement, p: Prefixes): Obj {
  const out: Obj = {};
  for (const a of e.attributes) {
    if (a.ns !== '') {
      out[p.name(a)] = a.value;
      continue;
    }
    if (SENSOR_NUMBERS.has(a.local)) out[a.local] = numberOr(a.value);
    else if (a.local === 'booleanValue') out[a.local] = a.value === 'true' || a.value === '1';
    else if (a.local === 'type') out.type = vocabularyFromXml('MeasurementType', a.value, e.scope, p);
    else if (a.local === 'exception')
      out.exception = vocabularyFromXml('SensorAlertType', a.value, e.scope, p);
    else if (a.local === 'component') out.component = vocabularyFromXml('Comp', a.value, e.scope, p);
    else out[a.local] = a.value;
  }
  return out;
}

const epcs = (e: XmlElement) => elements(e).map(text);
const quantities = (e: XmlElement, p: Prefixes) =>
  elements(e).map((q) => {
    const out: Obj = {};
    for (const c of unwrapped(q)) {
      if (c.ns !== '') add(out, p.name(c), extensionValue(c, p));
      else out[c.local] = c.local === 'quantity' ? numberOr(text(c)) : text(c);
    }
    return out;
  });

/** A member holding an id and extensions (readPoint, bizLocation). */
function located(e: XmlElement, p: Prefixes): Obj {
  const out: Obj = {};
  for (const c of unwrapped(e)) {
    if (c.ns === '' && c.local === 'id') out.id = text(c);
    else add(out, p.name(c), extensionValue(c, p));
  }
  return out;
}

function typed(e: XmlElement, key: string, vocabulary: VocabularyName, p: Prefixes): Obj[] {
  return elements(e).map((c) => {
    const type = attribute(c, 'type');
    return {
      ...(type === undefined ? {} : { type: vocabularyFromXml(vocabulary, type, c.scope, p) }),
      [key]: text(c),
    };
  });
}

function errorDeclaration(e: XmlElement, p: Prefixes): Obj {
  const out: Obj = {};
  for (const c of unwrapped(e)) {
    if (c.ns !== '') add(out, p.name(c), extensionValue(c, p));
    else if (c.local === 'reason') out.reason = vocabularyFromXml('ER', text(c), c.scope, p);
    else if (c.local === 'correctiveEventIDs') out.correctiveEventIDs = epcs(c);
    else out[c.local] = text(c);
  }
  return out;
}

function sensorElement(e: XmlElement, p: Prefixes): Obj {
  const out: Obj = {};
  const reports: Obj[] = [];
  for (const c of unwrapped(e)) {
    if (c.ns === '' && c.local === 'sensorMetadata') out.sensorMetadata = sensorAttributes(c, p);
    else if (c.ns === '' && c.local === 'sensorReport') reports.push(sensorAttributes(c, p));
    else add(out, p.name(c), extensionValue(c, p));
  }
  out.sensorReport = reports;
  return out;
}

const LISTS = new Set(['epcList', 'childEPCs', 'inputEPCList', 'outputEPCList']);
const QUANTITIES = new Set(['quantityList', 'childQuantityList', 'inputQuantityList', 'outputQuantityList']);

/** One event of the XML binding in the JSON binding. */
function eventFromXml(e: XmlElement, p: Prefixes): Obj {
  const out: Obj = { type: e.local };
  const certification: string[] = [];
  for (const c of unwrapped(e)) {
    if (c.ns !== '') {
      add(out, p.name(c), extensionValue(c, p));
      continue;
    }
    const k = c.local;
    if (LISTS.has(k)) out[k] = epcs(c);
    else if (QUANTITIES.has(k)) out[k] = quantities(c, p);
    else if (k === 'bizStep') out.bizStep = vocabularyFromXml('BizStep', text(c), c.scope, p);
    else if (k === 'disposition') out.disposition = vocabularyFromXml('Disp', text(c), c.scope, p);
    else if (k === 'readPoint' || k === 'bizLocation') out[k] = located(c, p);
    else if (k === 'bizTransactionList') out[k] = typed(c, 'bizTransaction', 'BTT', p);
    else if (k === 'sourceList') out[k] = typed(c, 'source', 'SDT', p);
    else if (k === 'destinationList') out[k] = typed(c, 'destination', 'SDT', p);
    else if (k === 'sensorElementList') out[k] = elements(c).map((s) => sensorElement(s, p));
    else if (k === 'errorDeclaration') out[k] = errorDeclaration(c, p);
    else if (k === 'certificationInfo') certification.push(text(c));
    else if (k === 'persistentDisposition') {
      const pd: Obj = {};
      for (const x of elements(c)) {
        if (x.ns !== '' || (x.local !== 'set' && x.local !== 'unset')) continue;
        const values = (pd[x.local] ?? []) as string[];
        values.push(vocabularyFromXml('Disp', text(x), x.scope, p));
        pd[x.local] = values;
      }
      out[k] = pd;
    } else if (k === 'ilmd') {
      const ilmd: Obj = {};
      for (const x of unwrapped(c)) add(ilmd, p.name(x), extensionValue(x, p));
      out[k] = ilmd;
    } else if (elements(c).length === 0) out[k] = text(c);
    // Any other element in no namespace is not EPCIS: kept under its name, for the schema to name it.
    else out[k] = extensionValue(c, p);
  }
  if (certification.length)
    out.certificationInfo = certification.length === 1 ? certification[0] : certification;
  return out;
}

/**
 * A document's own extension elements; ignoreFields (the fields hashing leaves out, named by empty
 * elements) as the list of their names, as the JSON binding writes it.
 */
function documentExtensions(holder: XmlElement, p: Prefixes): Obj {
  const out: Obj = {};
  for (const c of elements(holder)) {
    if (c.ns === '') continue;
    if (c.local === 'ignoreFields') out[p.name(c)] = elements(c).map((x) => p.name(x));
    else add(out, p.name(c), extensionValue(c, p));
  }
  return out;
}

/**
 * An EPCIS 2.0 or 1.2 XML document (EPCISDocument, or an EPCISQueryDocument, read as the document of
 * the events it answered) as the JSON binding's document: its events with their CBV terms bare, its
 * extension namespaces declared in its @context, schemaVersion 2.0. Any other root is refused.
 */
export function documentFromXml(root: XmlElement): { document: Obj } | { refusal: XmlRefusal } {
  const query =
    root.local === 'EPCISQueryDocument' && (root.ns === EPCIS_QUERY_2_NS || root.ns === EPCIS_QUERY_1_NS);
  const epcis = root.ns === EPCIS_2_NS || root.ns === EPCIS_1_NS;
  if (!query && (!epcis || root.local !== 'EPCISDocument'))
    return {
      refusal: {
        code: 'custody.epcis-xml-not-document',
        message: `the root element must be EPCISDocument in the EPCIS 2.0 or 1.2 namespace (${EPCIS_2_NS}), or EPCISQueryDocument in ${EPCIS_QUERY_2_NS}, not ${root.prefix ? `${root.prefix}:` : ''}${root.local}${root.ns ? ` in ${root.ns}` : ''}`,
      },
    };
  const p = new Prefixes();
  const body = elements(root).find((c) => c.ns === '' && c.local === 'EPCISBody');
  // A query document holds its events in QueryResults/resultsBody/EventList.
  const results = query ? body && elements(body).find((c) => c.local === 'QueryResults') : body;
  const holder = query
    ? results && elements(results).find((c) => c.ns === '' && c.local === 'resultsBody')
    : body;
  const list = holder && elements(holder).find((c) => c.ns === '' && c.local === 'EventList');
  const events = list
    ? unwrapped(list)
        .filter((e) => e.ns === '' && EVENT_TYPES.has(e.local))
        .map((e) => eventFromXml(e, p))
    : [];
  const extra = documentExtensions(root, p);
  const declared = Object.fromEntries(p.used);
  const creationDate = attribute(root, 'creationDate');
  return {
    document: {
      '@context': Object.keys(declared).length ? [EPCIS_CONTEXT, declared] : [EPCIS_CONTEXT],
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      ...(creationDate === undefined ? {} : { creationDate }),
      ...extra,
      epcisBody: { eventList: events },
    },
  };
}

// Writing: the JSON binding back into XML.

/** Child elements of each event type in the order of the EPCIS 2.0 XML schema, after the common ones. */
const HEAD = [
  'eventTime',
  'recordTime',
  'eventTimeZoneOffset',
  'eventID',
  'errorDeclaration',
  'certificationInfo',
];
const TAIL = ['sourceList', 'destinationList', 'sensorElementList', 'persistentDisposition'];
const WHERE = ['bizStep', 'disposition', 'readPoint', 'bizLocation', 'bizTransactionList'];
const XML_ORDER: Record<string, string[]> = {
  ObjectEvent: [...HEAD, 'epcList', 'action', ...WHERE, 'quantityList', ...TAIL, 'ilmd'],
  AggregationEvent: [...HEAD, 'parentID', 'childEPCs', 'action', ...WHERE, 'childQuantityList', ...TAIL],
  TransactionEvent: [
    ...HEAD,
    'bizTransactionList',
    'parentID',
    'epcList',
    'action',
    'bizStep',
    'disposition',
    'readPoint',
    'bizLocation',
    'quantityList',
    ...TAIL,
  ],
  TransformationEvent: [
    ...HEAD,
    'inputEPCList',
    'inputQuantityList',
    'outputEPCList',
    'outputQuantityList',
    'transformationID',
    ...WHERE,
    ...TAIL,
    'ilmd',
  ],
  AssociationEvent: [...HEAD, 'parentID', 'childEPCs', 'childQuantityList', 'action', ...WHERE, ...TAIL],
};
const STANDARD_FIELDS = new Set(Object.values(XML_ORDER).flat());

/** XML namespaces an event's JSON-LD context declares, by prefix. */
function namespacesOf(context: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (c: unknown) => {
    if (Array.isArray(c)) for (const x of c) visit(x);
    else if (c && typeof c === 'object')
      for (const [k, v] of Object.entries(c as Obj))
        if (typeof v === 'string' && !k.startsWith('@') && /^[a-z][a-z0-9+.-]*:/i.test(v)) out[k] = v;
  };
  visit(context);
  return out;
}

/** The prefixes an XML event declares for the names its extensions carry. */
class Names {
  readonly declared: Record<string, string> = {};
  private readonly known: Record<string, string>;
  constructor(known: Record<string, string>) {
    this.known = known;
  }
  private bind(prefix: string, ns: string): string {
    for (let i = 0; ; i++) {
      const p = i === 0 ? prefix : `${prefix}${i}`;
      if (this.declared[p] === undefined) this.declared[p] = ns;
      if (this.declared[p] === ns) return p;
    }
  }
  /** The prefix declared for a namespace, the one wanted when it is free. */
  prefixFor(prefix: string, ns: string): string {
    return this.bind(prefix, ns);
  }
  /** Declares the namespace of a CURIE a value carries, when the event's context gives its prefix. */
  declareFor(value: string): void {
    const curie = /^([A-Za-z_][\w.-]*):(?!\/\/)/.exec(value);
    const ns = curie && (this.known[curie[1]] ?? RESERVED[curie[1]]);
    if (curie && ns !== undefined && ns !== null) this.bind(curie[1], ns);
  }
  /** The qualified XML name of a JSON key: prefix:local with its prefix declared, an IRI split, a plain name as is. */
  of(key: string): string {
    const curie = /^([A-Za-z_][\w.-]*):(?!\/\/)([A-Za-z_][\w.-]*)$/.exec(key);
    if (curie) {
      const ns = this.known[curie[1]] ?? RESERVED[curie[1]];
      if (ns !== undefined) return `${this.bind(curie[1], ns)}:${curie[2]}`;
    }
    const iri = /^([a-z][a-z0-9+.-]*:(?:.*[/#:])?)([A-Za-z_][\w.-]*)$/i.exec(key);
    if (iri) return `${this.bind('ext', iri[1])}:${iri[2]}`;
    if (/^[A-Za-z_][\w.-]*$/.test(key)) return key;
    // A key no XML name can spell keeps its letters, in a namespace that says so.
    return `${this.bind('ext', 'urn:amana:xml-unnamed:')}:_${key.replace(/[^\w.-]/g, '_')}`;
  }
}

const str = (v: unknown) =>
  v !== null && typeof v === 'object' && '@value' in (v as Obj)
    ? String((v as Obj)['@value'])
    : v !== null && typeof v === 'object' && '@id' in (v as Obj)
      ? String((v as Obj)['@id'])
      : String(v);
const leaf = (name: string, v: unknown): XmlOut => ({ name, children: [str(v)] });

/** A vocabulary value in the XML binding's spelling: a CBV term as its 1.x URN, a sensor type as gs1:Term. */
function vocabularyToXml(name: VocabularyName, value: string, names: Names): string {
  const v = VOCABULARIES[name];
  if (!value.includes(':') && v.terms.has(value)) {
    if (v.urn) return `${v.urn}${value}`;
    return `${names.prefixFor('gs1', GS1_VOC)}:${value}`;
  }
  const cbv = /^cbv:(.+)$/.exec(value);
  if (cbv && v.urn && `${CBV}${cbv[1]}`.startsWith(v.web)) {
    const term = `${CBV}${cbv[1]}`.slice(v.web.length);
    if (v.terms.has(term)) return `${v.urn}${term}`;
  }
  // A CURIE of the event's own namespace keeps its meaning: its prefix is declared in XML too.
  names.declareFor(value);
  return value;
}

function extensionOut(name: string, value: unknown, names: Names): XmlOut[] {
  if (Array.isArray(value)) return value.flatMap((v) => extensionOut(name, v, names));
  if (value !== null && typeof value === 'object' && !('@value' in value) && !('@id' in value))
    return [
      {
        name,
        children: Object.entries(value as Obj)
          .filter(([k]) => !k.startsWith('@'))
          .flatMap(([k, v]) => extensionOut(names.of(k), v, names)),
      },
    ];
  return [leaf(name, value ?? '')];
}

const extensionsOf = (o: Obj, known: ReadonlySet<string>, names: Names): XmlOut[] =>
  Object.entries(o)
    .filter(([k]) => !known.has(k) && !k.startsWith('@'))
    .flatMap(([k, v]) => extensionOut(names.of(k), v, names));

function sensorOut(name: string, o: Obj, order: string[], names: Names): XmlOut {
  const attributes: Record<string, string> = {};
  for (const k of order) {
    if (o[k] === undefined) continue;
    const v = String(o[k]);
    attributes[k] =
      k === 'type'
        ? vocabularyToXml('MeasurementType', v, names)
        : k === 'exception'
          ? vocabularyToXml('SensorAlertType', v, names)
          : k === 'component'
            ? vocabularyToXml('Comp', v, names)
            : v;
  }
  for (const [k, v] of Object.entries(o))
    if (!order.includes(k) && !k.startsWith('@')) attributes[names.of(k)] = str(v);
  return { name, attributes };
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function fieldOut(key: string, value: unknown, names: Names): XmlOut[] {
  const o = (value ?? {}) as Obj;
  switch (key) {
    case 'epcList':
    case 'childEPCs':
    case 'inputEPCList':
    case 'outputEPCList':
      return [{ name: key, children: list(value).map((e) => leaf('epc', e)) }];
    case 'quantityList':
    case 'childQuantityList':
    case 'inputQuantityList':
    case 'outputQuantityList':
      return [
        {
          name: key,
          children: list(value).map((q) => {
            const e = q as Obj;
            return {
              name: 'quantityElement',
              children: [
                ...['epcClass', 'quantity', 'uom']
                  .filter((k) => e[k] !== undefined)
                  .map((k) => leaf(k, e[k])),
                ...extensionsOf(e, new Set(['epcClass', 'quantity', 'uom']), names),
              ],
            };
          }),
        },
      ];
    case 'bizStep':
      return [leaf(key, vocabularyToXml('BizStep', String(value), names))];
    case 'disposition':
      return [leaf(key, vocabularyToXml('Disp', String(value), names))];
    case 'readPoint':
    case 'bizLocation':
      return [
        {
          name: key,
          children: [
            ...(o.id === undefined ? [] : [leaf('id', o.id)]),
            ...extensionsOf(o, new Set(['id']), names),
          ],
        },
      ];
    case 'bizTransactionList':
    case 'sourceList':
    case 'destinationList': {
      const item = {
        bizTransactionList: 'bizTransaction',
        sourceList: 'source',
        destinationList: 'destination',
      }[key];
      const vocabulary: VocabularyName = key === 'bizTransactionList' ? 'BTT' : 'SDT';
      return [
        {
          name: key,
          children: list(value).map((x) => {
            const e = x as Obj;
            return {
              name: item,
              ...(e.type === undefined
                ? {}
                : { attributes: { type: vocabularyToXml(vocabulary, String(e.type), names) } }),
              children: [str(e[item])],
            };
          }),
        },
      ];
    }
    case 'sensorElementList':
      return [
        {
          name: key,
          children: list(value).map((x) => {
            const e = x as Obj;
            return {
              name: 'sensorElement',
              children: [
                ...(e.sensorMetadata
                  ? [sensorOut('sensorMetadata', e.sensorMetadata as Obj, SENSOR_METADATA, names)]
                  : []),
                ...list(e.sensorReport).map((r) => sensorOut('sensorReport', r as Obj, SENSOR_REPORT, names)),
                ...extensionsOf(e, new Set(['sensorMetadata', 'sensorReport']), names),
              ],
            };
          }),
        },
      ];
    case 'persistentDisposition':
      return [
        {
          name: key,
          children: (['set', 'unset'] as const).flatMap((k) =>
            list(o[k]).map((d) => leaf(k, vocabularyToXml('Disp', String(d), names))),
          ),
        },
      ];
    case 'errorDeclaration':
      return [
        {
          name: key,
          children: [
            ...(o.declarationTime === undefined ? [] : [leaf('declarationTime', o.declarationTime)]),
            ...(o.reason === undefined
              ? []
              : [leaf('reason', vocabularyToXml('ER', String(o.reason), names))]),
            ...(o.correctiveEventIDs === undefined
              ? []
              : [
                  {
                    name: 'correctiveEventIDs',
                    children: list(o.correctiveEventIDs).map((i) => leaf('correctiveEventID', i)),
                  },
                ]),
            ...extensionsOf(o, new Set(['declarationTime', 'reason', 'correctiveEventIDs']), names),
          ],
        },
      ];
    case 'ilmd':
      return [{ name: key, children: extensionsOf(o, new Set(), names) }];
    case 'certificationInfo':
      return list(value).map((c) => leaf(key, c));
    default:
      return [leaf(key, value)];
  }
}

/** One event of the JSON binding as an element of the XML binding, declaring the namespaces it uses. */
export function eventToXml(event: Obj): XmlOut {
  const type = String(event.type);
  const names = new Names(namespacesOf(event['@context']));
  const order = XML_ORDER[type] ?? HEAD;
  const children = [
    ...order.filter((k) => event[k] !== undefined).flatMap((k) => fieldOut(k, event[k], names)),
    ...extensionsOf(event, new Set([...STANDARD_FIELDS, 'type']), names),
  ];
  const attributes = Object.fromEntries(Object.entries(names.declared).map(([p, ns]) => [`xmlns:${p}`, ns]));
  return { name: type, ...(Object.keys(attributes).length ? { attributes } : {}), children };
}

/** An EPCIS 2.0 query document of the XML binding around events (a SimpleEventQuery's answer). */
export function queryDocumentToXml(events: readonly Obj[], creationDate: string): XmlOut {
  return {
    name: 'epcisq:EPCISQueryDocument',
    attributes: {
      'xmlns:epcis': EPCIS_2_NS,
      'xmlns:epcisq': EPCIS_QUERY_2_NS,
      schemaVersion: '2.0',
      creationDate,
    },
    children: [
      {
        name: 'EPCISBody',
        children: [
          {
            name: 'epcisq:QueryResults',
            children: [
              leaf('queryName', 'SimpleEventQuery'),
              { name: 'resultsBody', children: [{ name: 'EventList', children: events.map(eventToXml) }] },
            ],
          },
        ],
      },
    ],
  };
}

/**
 * An XML query document (EPCISQueryDocument) in the JSON binding: its events, each with the namespaces
 * it uses in its own @context, and the document's and its results' own extensions.
 */
export function queryDocumentFromXml(root: XmlElement): Obj {
  const p = new Prefixes();
  const find = (e: XmlElement | undefined, local: string) => e && elements(e).find((c) => c.local === local);
  // Some writers put the results straight under the document, without EPCISBody and QueryResults.
  const results =
    find(find(root, 'EPCISBody'), 'QueryResults') ?? (find(root, 'resultsBody') ? root : undefined);
  const list = find(find(results, 'resultsBody'), 'EventList');
  // Each event declares the namespaces it uses, as each was written: a prefix one event declares never
  // names another's CURIE.
  const events = list
    ? unwrapped(list)
        .filter((e) => EVENT_TYPES.has(e.local))
        .map((e) => {
          const mine = new Prefixes();
          const event = eventFromXml(e, mine);
          return mine.used.size ? { '@context': Object.fromEntries(mine.used), ...event } : event;
        })
    : [];
  const own = documentExtensions(root, p);
  const theirs = results && results !== root ? documentExtensions(results, p) : {};
  const declared = Object.fromEntries(p.used);
  return {
    '@context': Object.keys(declared).length ? [EPCIS_CONTEXT, declared] : [EPCIS_CONTEXT],
    type: 'EPCISQueryDocument',
    schemaVersion: '2.0',
    ...own,
    epcisBody: {
      queryResults: {
        queryName: results ? text(find(results, 'queryName') ?? results) : 'SimpleEventQuery',
        ...theirs,
        resultsBody: { eventList: events },
      },
    },
  };
}
