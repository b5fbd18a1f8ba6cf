/**
 * The CBV 2.0 vocabularies that EPCIS 2.0 fields take, and the check of a value against the one of its
 * field. The term lists are GS1's (CBV 2.0, its ontology and JSON-LD contexts; sensor measurement and
 * alert types from the GS1 Web Vocabulary, as the EPCIS 2.0 JSON Schema enumerates them): data of the
 * standard, shipped under the licence note of src/services/custody/epcis-standard/LICENSE.
 */

/** The vocabularies of CBV 2.0 (and the GS1 Web Vocabulary) that event fields take. */
export type VocabularyName =
  | 'BizStep'
  | 'Disp'
  | 'BTT'
  | 'SDT'
  | 'ER'
  | 'Comp'
  | 'MeasurementType'
  | 'SensorAlertType';

/** Business steps (CBV 2.0 §7.1). */
const BIZ_STEP = [
  'accepting',
  'arriving',
  'assembling',
  'collecting',
  'commissioning',
  'consigning',
  'creating_class_instance',
  'cycle_counting',
  'decommissioning',
  'departing',
  'destroying',
  'disassembling',
  'dispensing',
  'encoding',
  'entering_exiting',
  'holding',
  'inspecting',
  'installing',
  'killing',
  'loading',
  'other',
  'packing',
  'picking',
  'receiving',
  'removing',
  'repackaging',
  'repairing',
  'replacing',
  'reserving',
  'retail_selling',
  'sampling',
  'sensor_reporting',
  'shipping',
  'staging_outbound',
  'stock_taking',
  'stocking',
  'storing',
  'transporting',
  'unloading',
  'unpacking',
  'void_shipping',
] as const;

/** Dispositions (CBV 2.0 §7.2), for disposition and persistentDisposition set/unset. */
const DISPOSITION = [
  'active',
  'available',
  'completeness_inferred',
  'completeness_verified',
  'conformant',
  'container_closed',
  'container_open',
  'damaged',
  'destroyed',
  'dispensed',
  'disposed',
  'encoded',
  'expired',
  'in_progress',
  'in_transit',
  'inactive',
  'mismatch_class',
  'mismatch_instance',
  'mismatch_quantity',
  'needs_replacement',
  'no_pedigree_match',
  'non_conformant',
  'non_sellable_other',
  'partially_dispensed',
  'recalled',
  'reserved',
  'retail_sold',
  'returned',
  'sellable_accessible',
  'sellable_not_accessible',
  'stolen',
  'unavailable',
  'unknown',
] as const;

/** Business transaction types (CBV 2.0 §7.3). */
const BIZ_TRANSACTION_TYPE = [
  'bol',
  'cert',
  'desadv',
  'inv',
  'pedigree',
  'po',
  'poc',
  'prodorder',
  'recadv',
  'rma',
  'testprd',
  'testres',
  'upevt',
] as const;

/** Source and destination types (CBV 2.0 §7.4). */
const SOURCE_DEST_TYPE = ['owning_party', 'possessing_party', 'location'] as const;

/** Error reasons (CBV 2.0 §7.5). */
const ERROR_REASON = ['did_not_occur', 'incorrect_data'] as const;

/** Sensor components (CBV 2.0 §7.6). */
const COMPONENT = [
  'x',
  'y',
  'z',
  'axial_distance',
  'azimuth',
  'height',
  'spherical_radius',
  'polar_angle',
  'elevation_angle',
  'easting',
  'northing',
  'latitude',
  'longitude',
  'altitude',
] as const;

/** Sensor measurement types (GS1 Web Vocabulary gs1:MeasurementType, EPCIS 2.0 §7.3.7.3). */
const MEASUREMENT_TYPE = [
  'AbsoluteHumidity',
  'AbsorbedDose',
  'AbsorbedDoseRate',
  'Acceleration',
  'Altitude',
  'AmountOfSubstance',
  'AmountOfSubstancePerUnitVolume',
  'Angle',
  'AngularAcceleration',
  'AngularMomentum',
  'AngularVelocity',
  'Area',
  'Capacitance',
  'Conductance',
  'Conductivity',
  'Count',
  'Density',
  'Dimensionless',
  'DoseEquivalent',
  'DoseEquivalentRate',
  'DynamicViscosity',
  'ElectricCharge',
  'ElectricCurrent',
  'ElectricCurrentDensity',
  'ElectricFieldStrength',
  'Energy',
  'Exposure',
  'Force',
  'Frequency',
  'Illuminance',
  'Inductance',
  'Irradiance',
  'KinematicViscosity',
  'Length',
  'LinearMomentum',
  'Luminance',
  'LuminousFlux',
  'LuminousIntensity',
  'MagneticFlux',
  'MagneticFluxDensity',
  'MagneticVectorPotential',
  'Mass',
  'MassConcentration',
  'MassFlowRate',
  'MassPerAreaTime',
  'MemoryCapacity',
  'MolalityOfSolute',
  'MolarEnergy',
  'MolarMass',
  'MolarVolume',
  'Power',
  'Pressure',
  'RadiantFlux',
  'RadiantIntensity',
  'Radioactivity',
  'RelativeHumidity',
  'Resistance',
  'Resistivity',
  'SolidAngle',
  'SpecificVolume',
  'Speed',
  'SurfaceDensity',
  'SurfaceTension',
  'Temperature',
  'Time',
  'Torque',
  'Voltage',
  'Volume',
  'VolumeFlowRate',
  'VolumeFraction',
  'VolumetricFlux',
  'Wavenumber',
] as const;

/** Sensor alert types (GS1 Web Vocabulary gs1:SensorAlertType), for a sensor report's exception. */
const SENSOR_ALERT_TYPE = ['ALARM_CONDITION', 'ERROR_CONDITION'] as const;

const CBV = 'https://ref.gs1.org/cbv/';
const GS1_VOC = 'https://gs1.org/voc/';

interface Vocabulary {
  terms: ReadonlySet<string>;
  /** The web URI of a term is this followed by the term (https://ref.gs1.org/cbv/BizStep-shipping). */
  web: string;
  /** The CBV 1.x URN of a term is this followed by the term (urn:epcglobal:cbv:bizstep:shipping). */
  urn: string | null;
}

const vocabulary = (terms: readonly string[], web: string, urn: string | null): Vocabulary => ({
  terms: new Set(terms),
  web,
  urn,
});

/** Every vocabulary: its terms, and how its URIs are spelled. */
export const VOCABULARIES: Readonly<Record<VocabularyName, Vocabulary>> = {
  BizStep: vocabulary(BIZ_STEP, `${CBV}BizStep-`, 'urn:epcglobal:cbv:bizstep:'),
  Disp: vocabulary(DISPOSITION, `${CBV}Disp-`, 'urn:epcglobal:cbv:disp:'),
  BTT: vocabulary(BIZ_TRANSACTION_TYPE, `${CBV}BTT-`, 'urn:epcglobal:cbv:btt:'),
  SDT: vocabulary(SOURCE_DEST_TYPE, `${CBV}SDT-`, 'urn:epcglobal:cbv:sdt:'),
  ER: vocabulary(ERROR_REASON, `${CBV}ER-`, 'urn:epcglobal:cbv:er:'),
  Comp: vocabulary(COMPONENT, `${CBV}Comp-`, 'urn:epcglobal:cbv:comp:'),
  MeasurementType: vocabulary(MEASUREMENT_TYPE, GS1_VOC, null),
  SensorAlertType: vocabulary(SENSOR_ALERT_TYPE, GS1_VOC, null),
};

/** The terms of a vocabulary, in the standard's order. */
export const vocabularyTerms = (name: VocabularyName): string[] => [...VOCABULARIES[name].terms];

/** Namespaces GS1 keeps for its own vocabularies: a URI in one of them must name one of its terms. */
const GS1_NAMESPACES: readonly [RegExp, string][] = [
  [/^https?:\/\/ref\.gs1\.org\/cbv\//, CBV],
  [/^https?:\/\/(?:www\.)?gs1\.org\/voc\//, GS1_VOC],
];

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
/** An absolute URI (RFC 3986): a scheme, then characters a URI may hold, none of them blank. */
const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;
const CURIE = /^([A-Za-z_][\w.-]*):(?!\/\/)(.*)$/;

/** What a value of a vocabulary field is. */
export type VocabularyCheck =
  | { ok: true; term: string | null }
  | {
      ok: false;
      code:
        | 'custody.epcis-vocabulary-term'
        | 'custody.epcis-vocabulary-gs1-uri'
        | 'custody.epcis-vocabulary-uri';
      message: string;
    };

/** A CURIE written with a declared prefix (cbv:BizStep-shipping), in full; anything else as it is. */
function expanded(value: string, prefixes: Readonly<Record<string, string>>): string {
  const m = CURIE.exec(value);
  return m && prefixes[m[1]] !== undefined ? `${prefixes[m[1]]}${m[2]}` : value;
}

/**
 * Checks one value of a field that takes a vocabulary: a bare word must be one of its terms; anything
 * else an absolute URI, which names one of its terms when it is in GS1's namespaces (web URI, CURIE of
 * a GS1 prefix, CBV 1.x URN). Answers the term the value names, or null for a URI of another namespace.
 */
export function checkVocabularyValue(
  name: VocabularyName,
  value: string,
  prefixes: Readonly<Record<string, string>> = {},
): VocabularyCheck {
  const v = VOCABULARIES[name];
  if (!value.includes(':')) {
    if (v.terms.has(value)) return { ok: true, term: value };
    return {
      ok: false,
      code: 'custody.epcis-vocabulary-term',
      message: `"${value}" is not a term of the CBV 2.0 vocabulary ${name}; use one of its terms or a URI of your own namespace`,
    };
  }
  const full = expanded(value, prefixes);
  if (!SCHEME.test(full) || !ABSOLUTE_URI.test(full))
    return {
      ok: false,
      code: 'custody.epcis-vocabulary-uri',
      message: `"${value}" is neither a term of the CBV 2.0 vocabulary ${name} nor an absolute URI`,
    };
  const namesTerm = (term: string) => (v.terms.has(term) ? { ok: true as const, term } : null);
  const gs1 = () =>
    ({
      ok: false,
      code: 'custody.epcis-vocabulary-gs1-uri',
      message: `"${value}" is in GS1's namespace but names no term of the CBV 2.0 vocabulary ${name}`,
    }) as const;
  for (const [namespace, canonical] of GS1_NAMESPACES) {
    const m = namespace.exec(full);
    if (!m) continue;
    const rest = `${canonical}${full.slice(m[0].length)}`;
    return (rest.startsWith(v.web) && namesTerm(rest.slice(v.web.length))) || gs1();
  }
  if (full.startsWith('urn:epcglobal:cbv:')) {
    return (v.urn && full.startsWith(v.urn) && namesTerm(full.slice(v.urn.length))) || gs1();
  }
  return { ok: true, term: null };
}

/** A defect of one vocabulary value, at its path in the document. */
export interface VocabularyDefect {
  path: string;
  code: 'custody.epcis-vocabulary-term' | 'custody.epcis-vocabulary-gs1-uri' | 'custody.epcis-vocabulary-uri';
  message: string;
  vocabulary: VocabularyName;
  value: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** One vocabulary value of an event: where it is, and the vocabulary it takes. */
export interface VocabularySlot {
  /** Path below the event (bizStep, sensorElementList.0.sensorReport.1.type). */
  path: string;
  vocabulary: VocabularyName;
  value: string;
  /** Writes another spelling of the value in place. */
  holder: Obj | unknown[];
  key: string | number;
}

/** Every string an event holds in a field that takes a vocabulary. */
export function vocabularySlots(event: Obj): VocabularySlot[] {
  const slots: VocabularySlot[] = [];
  const at = (holder: Obj | unknown[], key: string | number, path: string, vocabulary: VocabularyName) => {
    const value = (holder as Record<string | number, unknown>)[key];
    if (typeof value === 'string') slots.push({ path, vocabulary, value, holder, key });
  };
  at(event, 'bizStep', 'bizStep', 'BizStep');
  at(event, 'disposition', 'disposition', 'Disp');
  if (isObj(event.persistentDisposition))
    for (const k of ['set', 'unset'] as const) {
      const values = event.persistentDisposition[k];
      if (Array.isArray(values))
        values.forEach((_, i) => {
          at(values, i, `persistentDisposition.${k}.${i}`, 'Disp');
        });
    }
  list(event.bizTransactionList).forEach((b, i) => {
    if (isObj(b)) at(b, 'type', `bizTransactionList.${i}.type`, 'BTT');
  });
  for (const k of ['sourceList', 'destinationList'] as const)
    list(event[k]).forEach((s, i) => {
      if (isObj(s)) at(s, 'type', `${k}.${i}.type`, 'SDT');
    });
  list(event.sensorElementList).forEach((element, i) => {
    if (!isObj(element)) return;
    list(element.sensorReport).forEach((r, j) => {
      if (!isObj(r)) return;
      const path = `sensorElementList.${i}.sensorReport.${j}`;
      at(r, 'type', `${path}.type`, 'MeasurementType');
      at(r, 'exception', `${path}.exception`, 'SensorAlertType');
      at(r, 'component', `${path}.component`, 'Comp');
    });
  });
  if (isObj(event.errorDeclaration)) at(event.errorDeclaration, 'reason', 'errorDeclaration.reason', 'ER');
  return slots;
}

/**
 * The vocabulary defects of events (each with its path under `base`, e.g. epcisBody.eventList), the
 * prefixes in force for each given by `prefixesOf`.
 */
export function vocabularyDefects(
  events: readonly unknown[],
  base: string,
  prefixesOf: (event: Obj) => Readonly<Record<string, string>>,
): VocabularyDefect[] {
  const defects: VocabularyDefect[] = [];
  events.forEach((event, i) => {
    if (!isObj(event)) return;
    const slots = vocabularySlots(event);
    if (slots.length === 0) return;
    const prefixes = prefixesOf(event);
    for (const s of slots) {
      const check = checkVocabularyValue(s.vocabulary, s.value, prefixes);
      if (!check.ok)
        defects.push({
          path: `${base}.${i}.${s.path}`,
          code: check.code,
          message: check.message,
          vocabulary: s.vocabulary,
          value: s.value,
        });
    }
  });
  return defects;
}

/**
 * The spelling the JSON binding gives a term that arrived in a form GS1's JSON Schema keeps out of
 * JSON: a CBV 1.x URN (urn:epcglobal:cbv:bizstep:shipping) or a full GS1 Web Vocabulary URI of a
 * sensor type (https://gs1.org/voc/Temperature) become the bare term; any other value is unchanged.
 */
export function jsonBindingForm(name: VocabularyName, value: string): string {
  const v = VOCABULARIES[name];
  if (v.urn && value.startsWith(v.urn)) {
    const term = value.slice(v.urn.length);
    return v.terms.has(term) ? term : value;
  }
  if (v.web === GS1_VOC) {
    const m = /^https?:\/\/(?:www\.)?gs1\.org\/voc\/(.+)$/.exec(value);
    if (m && v.terms.has(m[1])) return m[1];
  }
  return value;
}

/**
 * An event with each vocabulary value in the JSON binding's spelling (jsonBindingForm); the event
 * itself when none changes, else a copy (the event sent is left as it is).
 */
export function inJsonBindingForm(event: Obj): Obj {
  const slots = vocabularySlots(event).filter((s) => jsonBindingForm(s.vocabulary, s.value) !== s.value);
  if (slots.length === 0) return event;
  const copy = structuredClone(event);
  for (const s of vocabularySlots(copy)) {
    const form = jsonBindingForm(s.vocabulary, s.value);
    if (form !== s.value) (s.holder as Record<string | number, unknown>)[s.key] = form;
  }
  return copy;
}
