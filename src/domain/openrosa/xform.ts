import { createHash } from 'node:crypto';
import { type FormDefinition, type FormField, type Label, type LabelKey, mediaFiles } from './forms.ts';
import { el, type XmlNode, xmlDocument } from './xml-node.ts';

/** The languages of every form, French first (its default). */
export const FORM_LANGUAGES = ['fr', 'en', 'sw'] as const;
export type FormLanguage = (typeof FORM_LANGUAGES)[number];
/** How ODK clients name a language: the name, then the code they match against the phone's locale. */
const LANGUAGE_NAMES: Record<FormLanguage, string> = {
  fr: 'French (fr)',
  en: 'English (en)',
  sw: 'Swahili (sw)',
};

/** Says a label key in one language, with values for its `{{name}}` placeholders. */
export type Translate = (
  key: LabelKey,
  lng: FormLanguage,
  values?: Record<string, number | string>,
) => string;

const XML_TYPE: Record<FormField['kind'], string> = {
  int: 'int',
  decimal: 'decimal',
  yesno: 'string',
  text: 'string',
  geopoint: 'geopoint',
  site: 'string',
  cooperative: 'string',
  choice: 'string',
  image: 'binary',
};

/** A label in one language: the catalogue's words for a key, the data's own words otherwise. */
export const sayLabel = (label: Label, lng: FormLanguage, t: Translate) =>
  typeof label === 'string' ? t(label, lng) : label[lng];

const path = (name: string) => `/data/${name}`;
const itext = (id: string) => `jr:itext('${id}')`;

/** The XPath constraint of a field: its range, its longest text or its pattern. */
export function constraintOf(f: FormField): string | undefined {
  if (f.min !== undefined && f.max !== undefined)
    return `. ${f.aboveMin ? '>' : '>='} ${f.min} and . <= ${f.max}`;
  if (f.maxLength !== undefined) return `string-length(.) <= ${f.maxLength}`;
  if (f.pattern !== undefined) return `regex(., '${f.pattern}')`;
  return undefined;
}

function bind(f: FormField): XmlNode {
  const constraint = constraintOf(f);
  return el('bind', {
    nodeset: path(f.name),
    type: XML_TYPE[f.kind],
    required: f.required ? 'true()' : undefined,
    constraint,
    'jr:constraintMsg': constraint ? itext(`${path(f.name)}:constraintMsg`) : undefined,
  });
}

/** The message a field's constraint says when it is broken, by catalogue key and values. */
export function constraintMessage(
  f: FormField,
): { key: LabelKey; values?: Record<string, number> } | undefined {
  if (f.min !== undefined && f.max !== undefined)
    return {
      key: f.aboveMin ? 'openrosa:form.aboveUpTo' : 'openrosa:form.between',
      values: { min: f.min, max: f.max },
    };
  if (f.maxLength !== undefined) return { key: 'openrosa:form.atMost', values: { max: f.maxLength } };
  if (f.pattern !== undefined) return { key: 'openrosa:form.tagPattern' };
  return undefined;
}

/** The choices of a yes/no question. */
export const YES_NO = [
  { value: 'yes', label: 'openrosa:form.yes' },
  { value: 'no', label: 'openrosa:form.no' },
] as const;

const choicesOf = (f: FormField) => (f.kind === 'yesno' ? YES_NO : (f.choices ?? []));

function control(f: FormField): XmlNode {
  const ref = path(f.name);
  const label = el('label', { ref: itext(`${ref}:label`) });
  switch (f.kind) {
    case 'site':
      return el(
        'select1',
        { ref },
        label,
        el(
          'itemset',
          { nodeset: "instance('sites')/root/item" },
          el('value', { ref: 'name' }),
          el('label', { ref: 'label' }),
        ),
      );
    case 'cooperative':
      return el(
        'select1',
        { ref },
        label,
        el(
          'itemset',
          { nodeset: "instance('cooperatives')/root/item[site = /data/site]" },
          el('value', { ref: 'name' }),
          el('label', { ref: 'label' }),
        ),
      );
    case 'yesno':
    case 'choice':
      return el(
        'select1',
        { ref },
        label,
        ...choicesOf(f).map((c) =>
          el('item', {}, el('label', { ref: itext(`${ref}/${c.value}:label`) }), el('value', {}, c.value)),
        ),
      );
    case 'image':
      return el('upload', { ref, mediatype: 'image/*' }, label);
    default:
      return el('input', { ref, appearance: f.multiline ? 'multiline' : undefined }, label);
  }
}

function texts(form: FormDefinition, lng: FormLanguage, t: Translate): [string, string][] {
  const out: [string, string][] = [];
  for (const f of form.fields) {
    out.push([`${path(f.name)}:label`, sayLabel(f.label, lng, t)]);
    const message = constraintMessage(f);
    if (message) out.push([`${path(f.name)}:constraintMsg`, t(message.key, lng, message.values)]);
    for (const c of choicesOf(f)) out.push([`${path(f.name)}/${c.value}:label`, t(c.label, lng)]);
  }
  return out;
}

/**
 * The version of a form: a digest of its definition and of every label it says, so that a change to either
 * publishes a new version and clients download the form again.
 */
export function formVersion(form: FormDefinition, t: Translate): string {
  const said = FORM_LANGUAGES.map((lng) => [sayLabel(form.title, lng, t), texts(form, lng, t)]);
  return createHash('sha256')
    .update(JSON.stringify([form, said]))
    .digest('hex')
    .slice(0, 12);
}

const preload = (name: string, type: string, kind: string, params?: string) =>
  el('bind', { nodeset: path(name), type, 'jr:preload': kind, 'jr:preloadParams': params });

/** The ODK XForm of a form definition, in French, English and Swahili, with its sites from `sites.csv`. */
export function buildXForm(form: FormDefinition, t: Translate): { xml: string; version: string } {
  const version = formVersion(form, t);
  const data = el(
    'data',
    { id: form.id, version },
    el('start'),
    el('end'),
    el('deviceid'),
    ...form.fields.map((f) => el(f.name)),
    el('meta', {}, el('instanceID')),
  );
  const itextNode = el(
    'itext',
    {},
    ...FORM_LANGUAGES.map((lng) =>
      el(
        'translation',
        { lang: LANGUAGE_NAMES[lng], default: lng === 'fr' ? 'true()' : undefined },
        ...texts(form, lng, t).map(([id, value]) => el('text', { id }, el('value', {}, value))),
      ),
    ),
  );
  const model = el(
    'model',
    { 'odk:xforms-version': '1.0.0' },
    itextNode,
    el('instance', {}, data),
    ...mediaFiles(form).map((file) =>
      el('instance', { id: file.replace(/\.csv$/, ''), src: `jr://file-csv/${file}` }),
    ),
    ...(form.publicKey ? [el('submission', { method: 'post', base64RsaPublicKey: form.publicKey })] : []),
    preload('start', 'dateTime', 'timestamp', 'start'),
    preload('end', 'dateTime', 'timestamp', 'end'),
    preload('deviceid', 'string', 'property', 'deviceid'),
    ...form.fields.map(bind),
    el('bind', { nodeset: path('meta/instanceID'), type: 'string', readonly: 'true()', 'jr:preload': 'uid' }),
  );
  const root = el(
    'h:html',
    {
      xmlns: 'http://www.w3.org/2002/xforms',
      'xmlns:h': 'http://www.w3.org/1999/xhtml',
      'xmlns:jr': 'http://openrosa.org/javarosa',
      'xmlns:odk': 'http://www.opendatakit.org/xforms',
      'xmlns:orx': 'http://openrosa.org/xforms',
    },
    el('h:head', {}, el('h:title', {}, sayLabel(form.title, 'fr', t)), model),
    el('h:body', {}, ...form.fields.map(control)),
  );
  return { xml: xmlDocument(root), version };
}
