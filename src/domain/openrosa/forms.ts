import { RATINGS } from '../assessments/ratings.ts';
import { RISK_CATEGORIES } from '../criteria/criteria-set.ts';
import type { Indicator } from '../monitoring/indicator-rules.ts';

/** What a form field holds, as an XForm type and widget. */
export type FieldKind =
  | 'int'
  | 'decimal'
  | 'yesno'
  | 'text'
  | 'geopoint'
  | 'site'
  | 'cooperative'
  | 'choice'
  | 'image';

/** A label by its catalogue key (`area:path`), said in French, English and Swahili by the form's itext. */
export type LabelKey = `${string}:${string}`;
/** A label said in each language by the data itself (a requirement's text), or by a catalogue key. */
export type Label = LabelKey | { fr: string; en: string; sw: string };

export interface FormField {
  name: string;
  kind: FieldKind;
  label: Label;
  required?: boolean;
  /** Bounds of a number, the same as the API's validation. */
  min?: number;
  max?: number;
  /** Longest text accepted. */
  maxLength?: number;
  /** The pattern a text must match (an XPath `regex()` constraint, the API's own). */
  pattern?: string;
  /** Whether a number must be above its minimum rather than at least it. */
  aboveMin?: boolean;
  /** A text of several lines (ODK's `multiline` appearance). */
  multiline?: boolean;
  choices?: readonly { value: string; label: LabelKey }[];
  /** The requirement a checklist field rates (`rating`) or annotates (`notes`), by its code. */
  requirement?: { code: string; part: 'rating' | 'notes' };
}

/** A form Amana serves to OpenRosa clients, built from its own definitions. */
export interface FormDefinition {
  id: string;
  title: Label;
  /** The Amana record a submission becomes. */
  record: 'visit' | 'incident' | 'lot' | 'assessment' | 'grievance';
  /** The installation's public key (base64 DER): an ODK client encrypts every submission of the form with it. */
  publicKey?: string;
  /** The criteria-set version an assessment checklist rates. */
  criteriaSet?: { id: string; key: string; version: number };
  fields: readonly FormField[];
}

/** The ranges the API accepts for each indicator (`indicatorsSchema` of the monitoring routes; a test holds them equal). */
export const INDICATOR_RANGES: Record<Indicator, { kind: 'int' | 'decimal' | 'yesno'; max?: number }> = {
  headCount: { kind: 'int', max: 100_000 },
  childrenSeen: { kind: 'int', max: 100_000 },
  pregnantWomenSeen: { kind: 'int', max: 100_000 },
  ppeSharePct: { kind: 'decimal', max: 100 },
  securityForcesPresent: { kind: 'yesno' },
  armedPeoplePresent: { kind: 'yesno' },
  accidents: { kind: 'int', max: 10_000 },
  injuries: { kind: 'int', max: 10_000 },
  fatalities: { kind: 'int', max: 10_000 },
  productionKg: { kind: 'decimal', max: 1e9 },
};

/** The file name of the sites a user may work on, shipped with each form for `select_one_from_file`. */
export const SITES_FILE = 'sites.csv';
/** The cooperatives operating those sites (`name`, `label`, `site`), for the sack tagging form's filtered choice. */
export const COOPERATIVES_FILE = 'cooperatives.csv';

const indicatorFields: FormField[] = Object.entries(INDICATOR_RANGES).map(([name, r]) =>
  r.kind === 'yesno'
    ? { name, kind: 'yesno', label: `monitoring:indicator.${name}` }
    : { name, kind: r.kind, label: `monitoring:indicator.${name}`, min: 0, max: r.max },
);

/** The monitoring visit: where, the indicators, notes and a photo. */
export const VISIT_FORM: FormDefinition = {
  id: 'amana-visit',
  title: 'openrosa:form.visitTitle',
  record: 'visit',
  fields: [
    { name: 'site', kind: 'site', label: 'openrosa:form.site', required: true },
    { name: 'location', kind: 'geopoint', label: 'openrosa:form.location' },
    ...indicatorFields,
    { name: 'notes', kind: 'text', label: 'monitoring:visit.notes', maxLength: 10_000, multiline: true },
    { name: 'photo', kind: 'image', label: 'openrosa:form.photo' },
  ],
};

/** The incident report: site, level, category, what happened. */
export const INCIDENT_FORM: FormDefinition = {
  id: 'amana-incident',
  title: 'openrosa:form.incidentTitle',
  record: 'incident',
  fields: [
    { name: 'site', kind: 'site', label: 'openrosa:form.site', required: true },
    { name: 'location', kind: 'geopoint', label: 'openrosa:form.location' },
    {
      name: 'level',
      kind: 'choice',
      label: 'incidents:list.level',
      required: true,
      choices: ['1', '2', '3'].map((value) => ({ value, label: `openrosa:form.level${value}` as LabelKey })),
    },
    {
      name: 'category',
      kind: 'choice',
      label: 'openrosa:form.category',
      required: true,
      choices: RISK_CATEGORIES.map((value) => ({ value, label: `incidents:category.${value}` as LabelKey })),
    },
    { name: 'title', kind: 'text', label: 'openrosa:form.incidentName', required: true, maxLength: 300 },
    {
      name: 'description',
      kind: 'text',
      label: 'openrosa:form.description',
      required: true,
      maxLength: 20_000,
      multiline: true,
    },
    { name: 'photo', kind: 'image', label: 'openrosa:form.photo' },
  ],
};

/** The pattern of a sack's tag number, as the custody API accepts it. */
export const TAG_PATTERN = '^[A-Za-z0-9-]{3,64}$';

/** Sack tagging: a tagged sack at a site for the cooperative that operates it, with its mass and grade. */
export const TAG_FORM: FormDefinition = {
  id: 'amana-tag',
  title: 'openrosa:form.tagTitle',
  record: 'lot',
  fields: [
    { name: 'site', kind: 'site', label: 'openrosa:form.site', required: true },
    { name: 'cooperative', kind: 'cooperative', label: 'openrosa:form.cooperative', required: true },
    { name: 'location', kind: 'geopoint', label: 'openrosa:form.location' },
    { name: 'tag', kind: 'text', label: 'openrosa:form.tag', required: true, pattern: TAG_PATTERN },
    {
      name: 'mineral',
      kind: 'choice',
      label: 'openrosa:form.mineral',
      required: true,
      choices: [
        { value: 'cobalt', label: 'openrosa:form.cobalt' },
        { value: 'copper', label: 'openrosa:form.copper' },
      ],
    },
    {
      name: 'massKg',
      kind: 'decimal',
      label: 'openrosa:form.massKg',
      required: true,
      min: 0,
      max: 1e9,
      aboveMin: true,
    },
    { name: 'gradePct', kind: 'decimal', label: 'openrosa:form.gradePct', required: true, min: 0, max: 100 },
  ],
};

/** What a checklist needs of a published criteria-set version: its identity, name and requirements' texts. */
export interface ChecklistSet {
  id: string;
  key: string;
  version: number;
  name: string;
  requirements: readonly { code: string; textFr: string; textEn: string }[];
}

/** The field name a requirement's rating or notes take: XML-safe, from its code. */
const requirementField = (code: string, part: 'rating' | 'notes') =>
  `req_${code.replace(/[^A-Za-z0-9_-]/g, '_')}${part === 'notes' ? '_notes' : ''}`;

/** The form id of a criteria set's checklist: one per set key, its versions the set's versions. */
export const checklistFormId = (key: string) => `amana-assessment-${key}`;

/**
 * The assessment checklist of a published criteria-set version: the site, baseline or periodic, each requirement
 * rated met / partially met / not met / not applicable with its notes (labels the requirement's code and its French
 * and English texts; Swahili readers see the French, the set's first language), and overall notes.
 */
export function checklistForm(set: ChecklistSet): FormDefinition {
  const seen = new Set<string>();
  const unique = (name: string, i: number) => {
    const out = seen.has(name) ? `${name}_${i}` : name;
    seen.add(out);
    return out;
  };
  return {
    id: checklistFormId(set.key),
    title: {
      fr: `Amana — ${set.name} (version ${set.version})`,
      en: `Amana — ${set.name} (version ${set.version})`,
      sw: `Amana — ${set.name} (toleo ${set.version})`,
    },
    record: 'assessment',
    criteriaSet: { id: set.id, key: set.key, version: set.version },
    fields: [
      { name: 'site', kind: 'site', label: 'openrosa:form.site', required: true },
      {
        name: 'assessmentKind',
        kind: 'choice',
        label: 'openrosa:form.assessmentKind',
        required: true,
        choices: [
          { value: 'baseline', label: 'assessments:kind.baseline' },
          { value: 'periodic', label: 'assessments:kind.periodic' },
        ],
      },
      ...set.requirements.flatMap((r, i): FormField[] => [
        {
          name: unique(requirementField(r.code, 'rating'), i),
          kind: 'choice',
          label: {
            fr: `${r.code} — ${r.textFr}`,
            en: `${r.code} — ${r.textEn}`,
            sw: `${r.code} — ${r.textFr}`,
          },
          required: true,
          choices: RATINGS.map((value) => ({ value, label: `assessments:rating.${value}` as LabelKey })),
          requirement: { code: r.code, part: 'rating' },
        },
        {
          name: unique(requirementField(r.code, 'notes'), i),
          kind: 'text',
          label: 'openrosa:form.requirementNotes',
          maxLength: 5000,
          multiline: true,
          requirement: { code: r.code, part: 'notes' },
        },
      ]),
      { name: 'notes', kind: 'text', label: 'monitoring:visit.notes', maxLength: 10_000, multiline: true },
    ],
  };
}

/**
 * Grievance intake for partners who take grievances by phone or in person: where (a site, or a place), what happened,
 * the category, the reporter's language and, if given, contact details. Encrypted on the phone with the installation's
 * key (`publicKey`), since a phone carries what reporters said until it is sent.
 */
export function grievanceForm(publicKey: string): FormDefinition {
  return {
    id: 'amana-grievance',
    title: 'openrosa:form.grievanceTitle',
    record: 'grievance',
    publicKey,
    fields: [
      { name: 'site', kind: 'site', label: 'grievances:public.whereSite' },
      { name: 'place', kind: 'text', label: 'grievances:public.whereOther', maxLength: 500 },
      {
        name: 'category',
        kind: 'choice',
        label: 'openrosa:form.category',
        choices: RISK_CATEGORIES.map((value) => ({
          value,
          label: `incidents:category.${value}` as LabelKey,
        })),
      },
      {
        name: 'description',
        kind: 'text',
        label: 'grievances:public.whatHappened',
        required: true,
        maxLength: 20_000,
        multiline: true,
      },
      {
        name: 'language',
        kind: 'choice',
        label: 'openrosa:form.reporterLanguage',
        required: true,
        choices: [
          { value: 'fr', label: 'openrosa:form.languageFr' },
          { value: 'en', label: 'openrosa:form.languageEn' },
          { value: 'sw', label: 'openrosa:form.languageSw' },
        ],
      },
      { name: 'contactName', kind: 'text', label: 'grievances:public.yourName', maxLength: 200 },
      { name: 'contactPhone', kind: 'text', label: 'grievances:public.phone', maxLength: 50 },
    ],
  };
}

/** Every form Amana serves, by id. */
export const FORMS: readonly FormDefinition[] = [VISIT_FORM, INCIDENT_FORM, TAG_FORM];

/** The media files a form names: the sites always, the cooperatives when it asks for one. */
export const mediaFiles = (form: FormDefinition) =>
  form.fields.some((f) => f.kind === 'cooperative') ? [SITES_FILE, COOPERATIVES_FILE] : [SITES_FILE];

/** The fields whose value names an attachment. */
export const fileFields = (form: FormDefinition) => form.fields.filter((f) => f.kind === 'image');
