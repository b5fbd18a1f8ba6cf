import fs from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Coded, FieldError } from '../errors.ts';
import { ServiceError } from '../errors.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void;
const compiled = new Map<string, { document: ValidateFunction; persistent: ValidateFunction }>();

/**
 * Fields whose bare words name a term of a GS1 vocabulary. The schema lists the terms of its own
 * version; later CBV terms (completeness_verified, Molar_concentration…) are read as the vocabulary's
 * URI for validation, so a newer but valid document is not refused. The document is stored as sent.
 */
const VOCABULARY: Record<string, string> = {
  bizStep: 'https://ref.gs1.org/cbv/BizStep-',
  disposition: 'https://ref.gs1.org/cbv/Disp-',
  set: 'https://ref.gs1.org/cbv/Disp-',
  unset: 'https://ref.gs1.org/cbv/Disp-',
  reason: 'https://ref.gs1.org/cbv/ER-',
  component: 'https://ref.gs1.org/cbv/Comp-',
  // The schema keeps GS1's own URIs out of these fields (bare words only): a neutral URI stands in.
  type: 'https://vocabulary.amana.invalid/',
  exception: 'https://vocabulary.amana.invalid/',
};
const BARE = /^[A-Za-z][A-Za-z0-9_]*$/;
const EVENT_TYPES = new Set([
  'ObjectEvent',
  'AggregationEvent',
  'TransactionEvent',
  'TransformationEvent',
  'AssociationEvent',
]);

// Copy on write: a part is copied only when something inside it changes, so a document of a
// thousand ordinary events is validated as it is.
function forValidation(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    value.forEach((v, i) => {
      const w = forValidation(v, key);
      if (w === v) return;
      out ??= [...value];
      out[i] = w;
    });
    return out ?? value;
  }
  if (value && typeof value === 'object') {
    let out: Record<string, unknown> | null = null;
    for (const [k, v] of Object.entries(value)) {
      const w = forValidation(v, k);
      if (w === v) continue;
      out ??= { ...value };
      out[k] = w;
    }
    // An exception report needs no measurement type (EPCIS 2.0 §7.3.7), though this schema asks for one.
    if (key === 'sensorReport' && 'exception' in value && !('type' in value)) {
      out ??= { ...value };
      out.type = `${VOCABULARY.type}exception`;
    }
    return out ?? value;
  }
  if (
    typeof value === 'string' &&
    VOCABULARY[key] &&
    BARE.test(value) &&
    !EVENT_TYPES.has(value) &&
    !value.startsWith('EPCIS')
  )
    return `${VOCABULARY[key]}${value}`;
  return value;
}

function validators(schemaPath: string) {
  let v = compiled.get(schemaPath);
  if (v) return v;
  if (!fs.existsSync(schemaPath))
    throw new ServiceError(
      'unavailable',
      `the EPCIS 2.0 JSON Schema is not at ${schemaPath}; set AMANA_EPCIS_SCHEMA to its path`,
      [],
      { code: 'custody.epcis-schema-missing' },
    );
  const ajv = new Ajv({ strict: false, allErrors: false });
  addFormats(ajv);
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
  v = {
    document: ajv.compile(schema),
    persistent: ajv.compile({ ...schema.definitions.persistentDisposition, definitions: schema.definitions }),
  };
  compiled.set(schemaPath, v);
  return v;
}

/**
 * EPCIS 2.0 allows persistentDisposition on every event type, but this schema's aggregation and
 * association events leave it out of their property names: it is checked on its own instead.
 */
function persistentDispositionErrors(doc: unknown, check: ValidateFunction): FieldError[] {
  const events = (doc as { epcisBody?: { eventList?: unknown } })?.epcisBody?.eventList;
  if (!Array.isArray(events)) return [];
  return events.flatMap((e, i) => {
    if (!e || typeof e !== 'object' || !('persistentDisposition' in e)) return [];
    if (check((e as Record<string, unknown>).persistentDisposition)) return [];
    const error = check.errors?.[0];
    return [
      {
        path: `epcisBody.eventList.${i}.persistentDisposition`,
        ...(error ? schemaProblem(error) : { message: 'is not valid', code: 'custody.epcis-schema' }),
      },
    ];
  });
}

const withoutPersistentDisposition = (doc: unknown): unknown => {
  const d = doc as { epcisBody?: { eventList?: unknown } };
  if (!Array.isArray(d?.epcisBody?.eventList)) return doc;
  return {
    ...d,
    epcisBody: {
      ...d.epcisBody,
      eventList: d.epcisBody.eventList.map((e) => {
        if (!e || typeof e !== 'object') return e;
        const { persistentDisposition: _, ...rest } = e as Record<string, unknown>;
        return rest;
      }),
    },
  };
};

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

/**
 * Checks an EPCIS document against the standard's JSON Schema; returns the first problems with the
 * JSON path of the offending member (e.g. epcisBody.eventList.2.eventTime), or none.
 */
export function epcisSchemaErrors(schemaPath: string, doc: unknown): FieldError[] {
  const { document: validate, persistent } = validators(schemaPath);
  // Bare vocabulary words are compared at their original place, so the copy only widens terms.
  const relaxed = forValidation(doc);
  const persistentErrors = persistentDispositionErrors(relaxed, persistent);
  if (persistentErrors.length) return persistentErrors.slice(0, 1);
  if (validate(withoutPersistentDisposition(relaxed))) return [];
  const errors = validate.errors ?? [];
  // The deepest problem names what to fix; alternatives (anyOf) report shallower ones too.
  const deepest = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
  return [deepest].map((e) => ({
    path: e.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(document)',
    ...schemaProblem(e),
  }));
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
