import fs from 'node:fs';
import path from 'node:path';
import type { LabelKey } from '../../domain/openrosa/forms.ts';
import { FORM_LANGUAGES, type FormLanguage, type Translate } from '../../domain/openrosa/xform.ts';

const LOCALES = path.resolve(import.meta.dirname, '../../../web/src/locales');
/** The catalogues a form's labels come from: the web's own, so that a form says what the pages say. */
const AREAS = [
  'openrosa',
  'monitoring',
  'incidents',
  'common',
  'access',
  'assessments',
  'grievances',
] as const;

type Catalogue = Record<string, unknown>;
let catalogues: Record<FormLanguage, Record<string, Catalogue>> | undefined;

function load() {
  catalogues ??= Object.fromEntries(
    FORM_LANGUAGES.map((lng) => [
      lng,
      Object.fromEntries(
        AREAS.map((area) => [
          area,
          JSON.parse(fs.readFileSync(path.join(LOCALES, lng, `${area}.json`), 'utf8')),
        ]),
      ),
    ]),
  ) as Record<FormLanguage, Record<string, Catalogue>>;
  return catalogues;
}

const lookup = (catalogue: Catalogue | undefined, dotted: string): string | undefined => {
  let node: unknown = catalogue;
  for (const part of dotted.split('.')) node = (node as Catalogue | undefined)?.[part];
  return typeof node === 'string' ? node : undefined;
};

/** Says a form label from the web's catalogues, numbers in the language's own way; French when a language lacks it. */
export const translate: Translate = (key: LabelKey, lng: FormLanguage, values = {}) => {
  const [area, dotted] = key.split(':') as [string, string];
  const all = load();
  const text = lookup(all[lng][area], dotted) ?? lookup(all.fr[area], dotted) ?? key;
  const numbers = new Intl.NumberFormat(lng);
  return text.replace(/\{\{\s*(\w+)(?:\s*,\s*number)?\s*\}\}/g, (whole, name: string) => {
    const v = values[name];
    return v === undefined ? whole : typeof v === 'number' ? numbers.format(v) : v;
  });
};

/** The language of the reader an OpenRosa client speaks for (its Accept-Language), French by default. */
export function readerLanguage(acceptLanguage: string | undefined): FormLanguage {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const code = part.trim().slice(0, 2).toLowerCase();
    if ((FORM_LANGUAGES as readonly string[]).includes(code)) return code as FormLanguage;
  }
  return 'fr';
}

/** A problem code said in the reader's language (`area.what` → `area:problems.what`), a record kind by its name. */
export function sayProblem(
  code: string,
  lng: FormLanguage,
  params: Record<string, string | number> = {},
): string {
  const dot = code.indexOf('.');
  const record =
    typeof params.record === 'string' ? translate(`common:records.${params.record}`, lng) : undefined;
  const said = translate(`${code.slice(0, dot)}:problems.${code.slice(dot + 1)}` as LabelKey, lng, {
    ...params,
    ...(record ? { record } : {}),
  });
  return said.includes(':problems.') ? code : said;
}
