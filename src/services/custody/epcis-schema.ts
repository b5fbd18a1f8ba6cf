import fs from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { inJsonBindingForm, vocabularyDefects } from '../../domain/custody/epcis/cbv-vocabulary.ts';
import { contextPrefixes } from '../../domain/custody/epcis/event-hash.ts';
import type { Coded, FieldError } from '../errors.ts';
import { ServiceError } from '../errors.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void;

interface Validators {
  /** Stops at the first error: what a valid document costs. */
  quick: ValidateFunction;
  /** Every error, for a document that has some. */
  all: ValidateFunction;
  persistent: ValidateFunction;
}
const compiled = new Map<string, Validators>();

/** Most defects one refusal names: past that, the document has to be looked at anyway. */
export const MAX_REPORTED_DEFECTS = 100;

type Obj = Record<string, unknown>;

function validators(schemaPath: string): Validators {
  let v = compiled.get(schemaPath);
  if (v) return v;
  if (!fs.existsSync(schemaPath))
    throw new ServiceError(
      'unavailable',
      `the EPCIS 2.0 JSON Schema is not at ${schemaPath}; set AMANA_EPCIS_SCHEMA to its path`,
      [],
      { code: 'custody.epcis-schema-missing' },
    );
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
  const ajv = (allErrors: boolean) => {
    const a = new Ajv({ strict: false, allErrors });
    addFormats(a);
    return a;
  };
  const all = ajv(true);
  v = {
    quick: ajv(false).compile(schema),
    all: all.compile(schema),
    persistent: all.compile({ ...schema.definitions.persistentDisposition, definitions: schema.definitions }),
  };
  compiled.set(schemaPath, v);
  return v;
}

/**
 * Whether the EPCIS 2.0 JSON Schema can be read and compiled: null when it can, else what is wrong
 * (told at start and by /api/health, so a broken install is seen before the first capture).
 */
export function epcisSchemaProblem(schemaPath: string): string | null {
  try {
    validators(schemaPath);
    return null;
  } catch (error) {
    return error instanceof ServiceError
      ? error.message
      : `the EPCIS 2.0 JSON Schema at ${schemaPath} cannot be read: ${(error as Error).message}`;
  }
}

const eventsOf = (doc: unknown): unknown[] | null => {
  const list = (doc as { epcisBody?: { eventList?: unknown } } | null)?.epcisBody?.eventList;
  return Array.isArray(list) ? list : null;
};

/**
 * The document with its vocabulary values in the JSON binding's spelling (a CBV 1.x URN of a real term
 * becomes the bare term): the document itself when nothing changes.
 */
function inBindingForm(doc: unknown): unknown {
  const events = eventsOf(doc);
  if (!events) return doc;
  let out: unknown[] | null = null;
  events.forEach((e, i) => {
    if (!e || typeof e !== 'object' || Array.isArray(e)) return;
    const w = inJsonBindingForm(e as Obj);
    if (w === e) return;
    out ??= [...events];
    out[i] = w;
  });
  if (!out) return doc;
  const d = doc as Obj;
  return { ...d, epcisBody: { ...(d.epcisBody as Obj), eventList: out } };
}

const pathOf = (instancePath: string) => instancePath.replace(/^\//, '').replaceAll('/', '.');
const dataAt = (doc: unknown, path: string): unknown =>
  path
    .split('/')
    .slice(1)
    .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Obj)[k] : undefined), doc);

const EVENT = /^\/epcisBody\/eventList\/(\d+)$/;
const SENSOR_REPORT = /\/sensorElementList\/\d+\/sensorReport\/\d+$/;
/** Keywords that only sum up the errors of their alternatives, which are reported themselves. */
const SUMMARIES = new Set(['anyOf', 'oneOf', 'allOf', 'if', 'then', 'else', 'not']);
const VALUE_KEYWORDS = new Set(['enum', 'const', 'format', 'pattern']);

/**
 * Errors of GS1's schema that the EPCIS 2.0 standard contradicts (its text and XML schema allow the
 * value; decision 0023): persistentDisposition on aggregation and association events, and a sensor
 * report that carries an exception without a measurement type.
 */
function isSchemaDefect(e: ErrorObject, doc: unknown): boolean {
  const event = EVENT.exec(e.instancePath);
  if (event) {
    const name = e.propertyName ?? (e.params as { propertyName?: string }).propertyName;
    const type = (dataAt(doc, e.instancePath) as Obj | undefined)?.type;
    if (name === 'persistentDisposition' && (type === 'AggregationEvent' || type === 'AssociationEvent'))
      return true;
  }
  if (e.keyword === 'required' && (e.params as { missingProperty?: string }).missingProperty === 'type') {
    const report = SENSOR_REPORT.test(e.instancePath) ? dataAt(doc, e.instancePath) : undefined;
    return !!report && typeof report === 'object' && 'exception' in report;
  }
  return false;
}

/** persistentDisposition where the schema does not look at it (aggregation and association events). */
function persistentDispositionErrors(events: unknown[], check: ValidateFunction): FieldError[] {
  return events.flatMap((e, i) => {
    if (!e || typeof e !== 'object' || !('persistentDisposition' in e)) return [];
    const type = (e as Obj).type;
    if (type !== 'AggregationEvent' && type !== 'AssociationEvent') return [];
    if (check((e as Obj).persistentDisposition)) return [];
    return schemaErrors(check.errors ?? [], (e as Obj).persistentDisposition).map((x) => ({
      ...x,
      path: `epcisBody.eventList.${i}.persistentDisposition${x.path === '(document)' ? '' : `.${x.path}`}`,
    }));
  });
}

/** The order in which one path's alternatives are worth reporting: the most telling first. */
const PREFERRED = ['enum', 'const', 'format', 'pattern', 'type'];
const rank = (k: string) => (PREFERRED.includes(k) ? PREFERRED.indexOf(k) : PREFERRED.length);

/**
 * Ajv's errors as field errors, one per defect: summaries left out; a property name that none of the
 * alternatives allows said once; of the alternatives a value failed, the most telling one.
 */
function schemaErrors(errors: readonly ErrorObject[], doc: unknown): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  const single = new Map<string, { error: ErrorObject; at: number }>();
  // Ajv loses the property name of an alternative reached through a $ref inside propertyNames: at a
  // member whose property names failed, a value error without a name is one of those alternatives.
  const namesFailed = new Set(errors.filter((e) => e.keyword === 'propertyNames').map((e) => e.instancePath));
  for (const e of errors) {
    if (SUMMARIES.has(e.keyword) || isSchemaDefect(e, doc)) continue;
    if (namesFailed.has(e.instancePath) && e.propertyName === undefined && VALUE_KEYWORDS.has(e.keyword))
      continue;
    const path = pathOf(e.instancePath) || '(document)';
    const name =
      e.propertyName ?? (e.keyword === 'propertyNames' ? (e.params as Obj).propertyName : undefined);
    if (typeof name === 'string') {
      const key = `${path} name ${name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        path,
        message: `${name} is not allowed here`,
        code: 'custody.epcis-not-allowed',
        params: { property: name },
      });
      continue;
    }
    if (e.keyword === 'required' || e.keyword === 'additionalProperties') {
      const key = `${path} ${e.keyword} ${JSON.stringify(e.params)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ path, ...schemaProblem(e) });
      continue;
    }
    const held = single.get(path);
    if (!held) {
      single.set(path, { error: e, at: out.length });
      out.push({ path, ...schemaProblem(e) });
    } else if (rank(e.keyword) < rank(held.error.keyword)) {
      single.set(path, { error: e, at: held.at });
      out[held.at] = { path, ...schemaProblem(e) };
    }
  }
  return out;
}

const position = (path: string) => Number(/^epcisBody\.eventList\.(\d+)/.exec(path)?.[1] ?? -1);
const within = (path: string, outer: string) => path === outer || path.startsWith(`${outer}.`);

/** What checking a document found: its defects, and the document in the JSON binding's spelling. */
export interface CheckedDocument {
  errors: FieldError[];
  /** The document to store: as sent, but for CBV 1.x URNs of real terms written as their bare terms. */
  document: unknown;
}

/**
 * Checks an EPCIS document against the standard: GS1's JSON Schema, and the CBV 2.0 vocabulary of every
 * field that takes one. Answers every defect (up to MAX_REPORTED_DEFECTS), each with the JSON path of
 * the offending member (e.g. epcisBody.eventList.2.bizStep), in document order.
 */
export function checkEpcisDocument(schemaPath: string, sent: unknown): CheckedDocument {
  const { quick, all, persistent } = validators(schemaPath);
  const doc = inBindingForm(sent);
  const events = eventsOf(doc) ?? [];
  const docContext = (doc as Obj | null)?.['@context'];
  const vocabulary = vocabularyDefects(events, 'epcisBody.eventList', (e) =>
    contextPrefixes(docContext, e['@context']),
  ).map(
    (d): FieldError => ({
      path: d.path,
      message: d.message,
      code: d.code,
      params: { value: d.value, vocabulary: d.vocabulary },
    }),
  );
  // A value the vocabulary check refused is said once, in its words.
  const unsaid = (e: FieldError) => !vocabulary.some((v) => within(e.path, v.path));
  const persistentErrors = persistentDispositionErrors(events, persistent).filter(unsaid);
  if (vocabulary.length === 0 && persistentErrors.length === 0 && quick(doc))
    return { errors: [], document: doc };
  all(doc);
  const schema = schemaErrors(all.errors ?? [], doc).filter(unsaid);
  const errors = [...vocabulary, ...persistentErrors, ...schema]
    .map((e, i) => ({ e, i }))
    .sort((a, b) => position(a.e.path) - position(b.e.path) || a.i - b.i)
    .map(({ e }) => e);
  return { errors: errors.slice(0, MAX_REPORTED_DEFECTS), document: doc };
}

/** The defects of an EPCIS document (checkEpcisDocument), or none. */
export function epcisSchemaErrors(schemaPath: string, doc: unknown): FieldError[] {
  return checkEpcisDocument(schemaPath, doc).errors;
}

const LIMITS: Record<string, Coded> = {
  maxLength: { code: 'common.field.too-long' },
  minLength: { code: 'common.field.too-short' },
  maxItems: { code: 'common.field.too-many' },
  minItems: { code: 'common.field.too-few' },
  maximum: { code: 'common.field.too-big' },
  minimum: { code: 'common.field.too-small' },
};

/** What one schema error says: in English for API users, and as the code the reader's language says. */
function schemaProblem(e: ErrorObject): { message: string } & Coded {
  const p = e.params as Record<string, unknown>;
  const text = String;
  switch (e.keyword) {
    case 'required':
      return {
        message: `${text(p.missingProperty)} is required here`,
        code: 'custody.epcis-required',
        params: { property: text(p.missingProperty) },
      };
    case 'additionalProperties':
      return {
        message: `${text(p.additionalProperty)} is not allowed here`,
        code: 'custody.epcis-not-allowed',
        params: { property: text(p.additionalProperty) },
      };
    case 'type':
      return {
        message: e.message ?? 'is not valid EPCIS',
        code: 'common.field.type',
        params: { expected: text(p.type) },
      };
    case 'format':
      return {
        message: e.message ?? 'is not valid EPCIS',
        code: 'common.field.format',
        params: { format: text(p.format) },
      };
    case 'pattern':
      return {
        message: e.message ?? 'is not valid EPCIS',
        code: 'common.field.format',
        params: { format: text(p.pattern) },
      };
    case 'enum':
    case 'const': {
      const allowed = e.keyword === 'enum' ? (p.allowedValues as unknown[]) : [p.allowedValue];
      return {
        message: e.message ?? 'is not valid EPCIS',
        code: 'common.field.one-of',
        params: { values: allowed.map(text).join(', ') },
      };
    }
  }
  const limit = LIMITS[e.keyword];
  if (limit && typeof p.limit === 'number')
    return { message: e.message ?? 'is not valid EPCIS', code: limit.code, params: { limit: p.limit } };
  return { message: e.message ?? 'is not valid EPCIS', code: 'custody.epcis-schema' };
}
