import { identifier, type Vocabulary, vocabularyTerm } from './event-index.ts';
import { inBaseUnit } from './units.ts';

/**
 * The SimpleEventQuery parameters (EPCIS 2.0 §8.2.7.1) that test what the stored event itself holds
 * beyond the indexed columns: persistent disposition, transformation, quantities, error declaration,
 * sources and destinations, sensor data, ILMD and extension fields, master-data attributes. Each becomes
 * a filter over the event's JSON, as JSON paths whose literals are written here from checked values.
 */

export type Comparison = '=' | '>' | '>=' | '<' | '<=';

/** Where extension fields are looked for (and, INNER, anywhere below there). */
export type FieldScope =
  | 'event'
  | 'ilmd'
  | 'sensorElement'
  | 'sensorMetadata'
  | 'sensorReport'
  | 'errorDeclaration';

const SCOPE_PATH: Record<FieldScope, string> = {
  event: '$',
  ilmd: '$.ilmd',
  sensorElement: '$.sensorElementList[*]',
  sensorMetadata: '$.sensorElementList[*].sensorMetadata',
  sensorReport: '$.sensorElementList[*].sensorReport[*]',
  errorDeclaration: '$.errorDeclaration',
};

export type FieldTest =
  | { op: 'exists' }
  | { op: '='; values: string[]; numbers: number[] }
  | { op: Exclude<Comparison, '='>; kind: 'number'; value: number }
  | { op: Exclude<Comparison, '='>; kind: 'time'; value: Date };

export interface ExtensionFilter {
  /** JSON path of the objects whose members are the candidates. */
  objects: string;
  /** The namespace as the query wrote it, bare and with each separator a namespace IRI may end with. */
  namespaces: string[];
  local: string;
  test: FieldTest;
}

export interface QueryFilters {
  /** Each: the event matches one of these JSON paths (`@?`): equality tests an index can answer. */
  paths: string[][];
  /** Each: some value at one of the paths compares so with the value. */
  compare: { paths: string[]; op: Exclude<Comparison, '='>; kind: 'number' | 'time'; value: number | Date }[];
  /** Each: some object at one of the paths holds `field` in a unit of the dimension, comparing so once converted. */
  measures: {
    paths: string[];
    field: string;
    op: Comparison;
    base: number;
    units: { uom: string; factor: number; offset: number }[];
  }[];
  fields: ExtensionFilter[];
  /** EXISTS_errorDeclaration, and every filter on the declaration (each holds only of events that have one). */
  errorDeclared: boolean;
  /** Some filter is on sensor data (each holds only of events that have some). */
  sensed: boolean;
  /** Amana holds no master data: an attribute test (HASATTR_, EQATTR_) matches no event. */
  nothing: boolean;
}

export interface FilterError {
  path: string;
  message: string;
  code: 'value' | 'number' | 'boolean' | 'time' | 'field';
}

const OPS: Record<string, Comparison> = { EQ: '=', GT: '>', GE: '>=', LT: '<', LE: '<=' };
const JP_OPS: Record<Comparison, string> = { '=': '==', '>': '>', '>=': '>=', '<': '<', '<=': '<=' };
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?$/;
export const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;

/** Several values of one parameter are separated by "|" (REST binding) or commas. */
export const values = (raw: string) =>
  raw
    .split(/[|,]/)
    .map((v) => v.trim())
    .filter(Boolean);

const lit = (v: string) => JSON.stringify(v);
/** A JSON path testing that the value at `path` is one of these strings. */
const oneOf = (path: string, vs: readonly string[]) =>
  `${path} ? (${[...new Set(vs)].map((v) => `@ == ${lit(v)}`).join(' || ')})`;
/** The spellings a CBV term may be stored in: bare, as sent. */
const termSpellings = (v: string, vocabulary: Vocabulary) => [vocabularyTerm(v, vocabulary), v];
const idSpellings = (v: string) => [v, identifier(v)];

/** Sensor report and metadata fields compared as numbers (sDev, percRank, percValue have no unit form). */
const SENSOR_NUMBERS = ['sDev', 'percRank', 'percValue'] as const;
const SENSOR_MEASURES = ['value', 'minValue', 'maxValue', 'meanValue'] as const;
const QUANTITY_LISTS = ['quantityList', 'childQuantityList', 'inputQuantityList', 'outputQuantityList'];

/** Equality parameters on sensor data: the JSON paths where the field may stand. */
const SENSOR_EQUALS: Record<string, { paths: string[]; kind: 'uri' | 'text' | 'type' }> = {
  EQ_type: { paths: ['$.sensorElementList[*].sensorReport[*].type'], kind: 'type' },
  EQ_deviceID: {
    paths: [
      '$.sensorElementList[*].sensorMetadata.deviceID',
      '$.sensorElementList[*].sensorReport[*].deviceID',
    ],
    kind: 'uri',
  },
  EQ_dataProcessingMethod: {
    paths: [
      '$.sensorElementList[*].sensorMetadata.dataProcessingMethod',
      '$.sensorElementList[*].sensorReport[*].dataProcessingMethod',
    ],
    kind: 'uri',
  },
  EQ_microorganism: { paths: ['$.sensorElementList[*].sensorReport[*].microorganism'], kind: 'uri' },
  EQ_chemicalSubstance: { paths: ['$.sensorElementList[*].sensorReport[*].chemicalSubstance'], kind: 'uri' },
  EQ_bizRules: { paths: ['$.sensorElementList[*].sensorMetadata.bizRules'], kind: 'uri' },
  EQ_stringValue: { paths: ['$.sensorElementList[*].sensorReport[*].stringValue'], kind: 'text' },
  EQ_hexBinaryValue: { paths: ['$.sensorElementList[*].sensorReport[*].hexBinaryValue'], kind: 'text' },
  EQ_uriValue: { paths: ['$.sensorElementList[*].sensorReport[*].uriValue'], kind: 'uri' },
};

/** Time parameters on sensor data: the JSON paths of the times they bound. */
const SENSOR_TIMES: Record<string, string[]> = {
  time: ['$.sensorElementList[*].sensorMetadata.time', '$.sensorElementList[*].sensorReport[*].time'],
  startTime: ['$.sensorElementList[*].sensorMetadata.startTime'],
  endTime: ['$.sensorElementList[*].sensorMetadata.endTime'],
};

/** Parameters naming a standard field whose master-data attributes are tested. */
const ATTRIBUTE = /^(HASATTR_|EQATTR_)(.+)$/;
/** An extension-field parameter: operator, INNER, where, and the field's qualified name. */
const EXTENSION =
  /^(EQ|GT|GE|LT|LE|EXISTS)_(INNER_)?(ILMD_|SENSORELEMENT_|SENSORMETADATA_|SENSORREPORT_|ERROR_DECLARATION_)?(.+)$/;
const EXTENSION_SCOPE: Record<string, FieldScope> = {
  '': 'event',
  ILMD_: 'ilmd',
  SENSORELEMENT_: 'sensorElement',
  SENSORMETADATA_: 'sensorMetadata',
  SENSORREPORT_: 'sensorReport',
  ERROR_DECLARATION_: 'errorDeclaration',
};

/**
 * A qualified extension field name, `namespace#local` (EPCIS 2.0 §8.2.7.1) or a full IRI: the namespace
 * with and without its separator, and the local name. Null when the name is not qualified.
 */
export function qualifiedName(name: string): { namespaces: string[]; local: string } | null {
  const hash = name.lastIndexOf('#');
  const cut = hash >= 0 ? hash : name.lastIndexOf('/');
  if (cut <= 0 || cut === name.length - 1 || !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(name)) return null;
  const ns = name.slice(0, cut);
  const local = name.slice(cut + 1);
  if (!/^[^\s#/]+$/.test(local)) return null;
  return { namespaces: [ns, `${ns}#`, `${ns}/`, `${ns}:`], local };
}

/** The JSON path of the objects an extension parameter looks in. */
export const extensionObjects = (scope: FieldScope, inner: boolean) =>
  inner ? `${SCOPE_PATH[scope]}.**{1 to last}` : SCOPE_PATH[scope];

/**
 * Reads one parameter into `filters` when it is one of this module's; answers false when it is not,
 * pushes to `errors` when its value is not what the standard asks.
 */
export function readFilterParameter(
  key: string,
  raw: string,
  filters: QueryFilters,
  errors: FilterError[],
): boolean {
  const vs = values(raw);
  const wrong = (code: FilterError['code'], message: string) => {
    errors.push({ path: key, message, code });
    return true;
  };
  const needValues = () => (vs.length ? false : wrong('value', 'give at least one value'));
  const number = () => {
    if (vs.length !== 1 || !NUMBER.test(vs[0]) || !Number.isFinite(Number(vs[0]))) return null;
    return Number(vs[0]);
  };

  if (key === 'EQ_persistentDisposition_set' || key === 'EQ_persistentDisposition_unset') {
    if (needValues()) return true;
    const which = key.endsWith('_set') ? 'set' : 'unset';
    filters.paths.push([
      oneOf(
        `$.persistentDisposition.${which}[*]`,
        vs.flatMap((v) => termSpellings(v, 'Disp')),
      ),
    ]);
    return true;
  }
  if (key === 'EQ_transformationID') {
    if (needValues()) return true;
    filters.paths.push([oneOf('$.transformationID', vs.flatMap(idSpellings))]);
    return true;
  }
  if (key === 'EQ_errorReason') {
    if (needValues()) return true;
    filters.paths.push([
      oneOf(
        '$.errorDeclaration.reason',
        vs.flatMap((v) => termSpellings(v, 'ER')),
      ),
    ]);
    filters.errorDeclared = true;
    return true;
  }
  if (key === 'EQ_correctiveEventID') {
    if (needValues()) return true;
    filters.paths.push([oneOf('$.errorDeclaration.correctiveEventIDs[*]', vs)]);
    filters.errorDeclared = true;
    return true;
  }
  if (key === 'EXISTS_errorDeclaration') {
    const v = raw.trim().toLowerCase();
    if (v === '' || v === 'true') filters.errorDeclared = true;
    else if (v !== 'false') wrong('boolean', 'true or false (or no value, meaning true)');
    return true;
  }
  if (key === 'GE_errorDeclarationTime' || key === 'LT_errorDeclarationTime') {
    if (!TIME.test(raw.trim()))
      return wrong('time', 'an ISO 8601 date-time with its offset, e.g. 2026-11-01T00:00:00Z');
    filters.compare.push({
      paths: ['$.errorDeclaration.declarationTime'],
      op: key.startsWith('GE') ? '>=' : '<',
      kind: 'time',
      value: new Date(raw.trim()),
    });
    filters.errorDeclared = true;
    return true;
  }
  for (const [prefix, list] of [
    ['EQ_source_', 'sourceList'],
    ['EQ_destination_', 'destinationList'],
  ] as const) {
    if (!key.startsWith(prefix)) continue;
    const type = key.slice(prefix.length);
    if (!type)
      return wrong(
        'field',
        `name the ${list === 'sourceList' ? 'source' : 'destination'} type after ${prefix}`,
      );
    if (needValues()) return true;
    const field = list === 'sourceList' ? 'source' : 'destination';
    const types = [...new Set(termSpellings(type, 'SDT'))];
    const ids = [...new Set(vs.flatMap(idSpellings))];
    filters.paths.push([
      `$.${list}[*] ? ((${types.map((t) => `@.type == ${lit(t)}`).join(' || ')}) && (${ids
        .map((v) => `@.${field} == ${lit(v)}`)
        .join(' || ')}))`,
    ]);
    return true;
  }
  // Quantities: any quantity element of the event; with a unit, converted within its dimension.
  const quantity = /^(EQ|GT|GE|LT|LE)_quantity(?:_(.+))?$/.exec(key);
  if (quantity) {
    const n = number();
    if (n === null) return wrong('number', 'one number, e.g. 12.5');
    const op = OPS[quantity[1]];
    if (quantity[2]) {
      const c = inBaseUnit(n, quantity[2]);
      filters.measures.push({
        paths: QUANTITY_LISTS.map((l) => `$.${l}[*]`),
        field: 'quantity',
        op,
        base: c.base,
        units: c.units,
      });
    } else filters.paths.push(QUANTITY_LISTS.map((l) => `$.${l}[*] ? (@.quantity ${JP_OPS[op]} ${n})`));
    return true;
  }
  // Sensor data.
  if (key in SENSOR_EQUALS) {
    const s = SENSOR_EQUALS[key];
    if (needValues()) return true;
    const spelled =
      s.kind === 'type'
        ? vs.flatMap((v) => {
            const bare = v.replace(/^(gs1:|https?:\/\/gs1\.org\/voc\/)/, '');
            return [bare, `gs1:${bare}`, v];
          })
        : s.kind === 'uri'
          ? vs.flatMap(idSpellings)
          : vs;
    filters.paths.push(s.paths.map((p) => oneOf(p, spelled)));
    filters.sensed = true;
    return true;
  }
  if (key === 'EQ_booleanValue') {
    const v = raw.trim().toLowerCase();
    if (v !== 'true' && v !== 'false') return wrong('boolean', 'true or false');
    filters.paths.push([`$.sensorElementList[*].sensorReport[*].booleanValue ? (@ == ${v})`]);
    filters.sensed = true;
    return true;
  }
  const sensorTime = /^(GE|LT)_(time|startTime|endTime)$/.exec(key);
  if (sensorTime) {
    if (!TIME.test(raw.trim()))
      return wrong('time', 'an ISO 8601 date-time with its offset, e.g. 2026-11-01T00:00:00Z');
    const op = sensorTime[1] === 'GE' ? '>=' : '<';
    // Bounds on one field hold when any of the field's places does.
    filters.compare.push({
      paths: SENSOR_TIMES[sensorTime[2]],
      op,
      kind: 'time',
      value: new Date(raw.trim()),
    });
    filters.sensed = true;
    return true;
  }
  const sensorNumber = new RegExp(`^(EQ|GT|GE|LT|LE)_(${SENSOR_NUMBERS.join('|')})$`).exec(key);
  if (sensorNumber) {
    const n = number();
    if (n === null) return wrong('number', 'one number, e.g. 12.5');
    filters.paths.push([
      `$.sensorElementList[*].sensorReport[*].${sensorNumber[2]} ? (@ ${JP_OPS[OPS[sensorNumber[1]]]} ${n})`,
    ]);
    filters.sensed = true;
    return true;
  }
  const measure = new RegExp(`^(EQ|GT|GE|LT|LE)_(${SENSOR_MEASURES.join('|')})_(.+)$`).exec(key);
  if (measure) {
    const n = number();
    if (n === null) return wrong('number', 'one number, e.g. 12.5');
    const c = inBaseUnit(n, measure[3]);
    filters.measures.push({
      paths: ['$.sensorElementList[*].sensorReport[*]'],
      field: measure[2],
      op: OPS[measure[1]],
      base: c.base,
      units: c.units,
    });
    filters.sensed = true;
    return true;
  }
  // Master data: none is held, so no vocabulary element has an attribute.
  const attribute = ATTRIBUTE.exec(key);
  if (attribute) {
    if (attribute[1] === 'EQATTR_' && !/^.+_[^_]+$/.test(attribute[2]))
      return wrong('field', 'EQATTR_ takes a field name and an attribute name: EQATTR_fieldname_attrname');
    if (needValues()) return true;
    filters.nothing = true;
    return true;
  }
  // Extension fields, by their qualified name.
  const ext = EXTENSION.exec(key);
  if (ext) {
    const name = qualifiedName(ext[4]);
    if (!name) return false;
    const scope = EXTENSION_SCOPE[ext[3] ?? ''];
    const objects = extensionObjects(scope, Boolean(ext[2]));
    if (scope === 'errorDeclaration') filters.errorDeclared = true;
    if (scope.startsWith('sensor')) filters.sensed = true;
    const op = ext[1];
    if (op === 'EXISTS') {
      filters.fields.push({ objects, ...name, test: { op: 'exists' } });
      return true;
    }
    if (op === 'EQ') {
      if (needValues()) return true;
      filters.fields.push({
        objects,
        ...name,
        test: {
          op: '=',
          values: vs,
          numbers: vs.filter((v) => NUMBER.test(v) && Number.isFinite(Number(v))).map(Number),
        },
      });
      return true;
    }
    const v = raw.trim();
    const cmp = OPS[op] as Exclude<Comparison, '='>;
    if (NUMBER.test(v))
      filters.fields.push({ objects, ...name, test: { op: cmp, kind: 'number', value: Number(v) } });
    else if (TIME.test(v))
      filters.fields.push({ objects, ...name, test: { op: cmp, kind: 'time', value: new Date(v) } });
    else
      return wrong(
        'number',
        `${op}_ compares numbers or date-times: give one, e.g. 12.5 or 2026-11-01T00:00:00Z`,
      );
    return true;
  }
  return false;
}

/** Filters with nothing in them yet. */
export const noFilters = (): QueryFilters => ({
  paths: [],
  compare: [],
  measures: [],
  fields: [],
  errorDeclared: false,
  sensed: false,
  nothing: false,
});
