import { RISK_CATEGORIES } from '../criteria/criteria-set.ts';
import type { Indicator } from '../monitoring/indicator-rules.ts';

/** What a form field holds, as an XForm type and widget. */
export type FieldKind = 'int' | 'decimal' | 'yesno' | 'text' | 'geopoint' | 'site' | 'choice' | 'image';

/** A label by its catalogue key (`area:path`), said in French, English and Swahili by the form's itext. */
export type LabelKey = `${string}:${string}`;

export interface FormField {
  name: string;
  kind: FieldKind;
  label: LabelKey;
  required?: boolean;
  /** Bounds of a number, the same as the API's validation. */
  min?: number;
  max?: number;
  /** Longest text accepted. */
  maxLength?: number;
  /** A text of several lines (ODK's `multiline` appearance). */
  multiline?: boolean;
  choices?: readonly { value: string; label: LabelKey }[];
}

/** A form Amana serves to OpenRosa clients, built from its own definitions. */
export interface FormDefinition {
  id: string;
  title: LabelKey;
  /** The Amana record a submission becomes. */
  record: 'visit' | 'incident';
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

/** Every form Amana serves, by id. */
export const FORMS: readonly FormDefinition[] = [VISIT_FORM, INCIDENT_FORM];

/** The fields whose value names an attachment. */
export const fileFields = (form: FormDefinition) => form.fields.filter((f) => f.kind === 'image');
