import {
  COOPERATIVES_FILE,
  type FormDefinition,
  type FormField,
  type LabelKey,
  SITES_FILE,
} from './forms.ts';
import {
  constraintMessage,
  constraintOf,
  FORM_LANGUAGES,
  sayLabel,
  type Translate,
  YES_NO,
} from './xform.ts';

/** The three sheets of an XLSForm as rows of cells, the first row each sheet's column names. */
export interface XlsFormSheets {
  survey: string[][];
  choices: string[][];
  settings: string[][];
}

/** How XLSForm names a language in its column headers: `label::French (fr)`, as pyxform reads them. */
const LANGUAGE_COLUMN = { fr: 'French (fr)', en: 'English (en)', sw: 'Swahili (sw)' } as const;
const columns = (name: string) => FORM_LANGUAGES.map((lng) => `${name}::${LANGUAGE_COLUMN[lng]}`);

const TYPES: Record<FormField['kind'], string> = {
  int: 'integer',
  decimal: 'decimal',
  yesno: 'select_one',
  text: 'text',
  geopoint: 'geopoint',
  site: `select_one_from_file ${SITES_FILE}`,
  cooperative: `select_one_from_file ${COOPERATIVES_FILE}`,
  choice: 'select_one',
  image: 'image',
};

type Choice = { value: string; label: LabelKey };
const choicesOf = (f: FormField): readonly Choice[] => (f.kind === 'yesno' ? YES_NO : (f.choices ?? []));

/**
 * The XLSForm of a form (survey, choices and settings sheets, labels in French, English and Swahili), for partners
 * who load it into KoBoToolbox or ODK Central: the same questions, constraints and version as the XForm Amana serves.
 * Questions with the same choices share one list (a checklist's ratings), the sites come from `sites.csv`.
 */
export function xlsFormSheets(
  form: FormDefinition,
  version: string,
  t: Translate,
  extraSettings: Record<string, string> = {},
): XlsFormSheets {
  const lists = new Map<string, string>();
  const listOf = (f: FormField) => {
    const key = JSON.stringify(choicesOf(f));
    if (!lists.has(key)) lists.set(key, f.kind === 'yesno' ? 'yesno' : f.name);
    return lists.get(key) as string;
  };
  const survey: string[][] = [
    [
      'type',
      'name',
      ...columns('label'),
      'required',
      'constraint',
      ...columns('constraint_message'),
      'appearance',
      'choice_filter',
    ],
    ['start', 'start', '', '', '', '', '', '', '', '', '', ''],
    ['end', 'end', '', '', '', '', '', '', '', '', '', ''],
    ['deviceid', 'deviceid', '', '', '', '', '', '', '', '', '', ''],
  ];
  for (const f of form.fields) {
    const type = f.kind === 'choice' || f.kind === 'yesno' ? `select_one ${listOf(f)}` : TYPES[f.kind];
    const message = constraintMessage(f);
    survey.push([
      type,
      f.name,
      ...FORM_LANGUAGES.map((lng) => sayLabel(f.label, lng, t)),
      f.required ? 'yes' : '',
      (constraintOf(f) ?? '').replaceAll('/data/', ''),
      ...FORM_LANGUAGES.map((lng) => (message ? t(message.key, lng, message.values) : '')),
      f.multiline ? 'multiline' : '',
      f.kind === 'cooperative' ? 'site=${site}' : '',
    ]);
  }
  const choices: string[][] = [['list_name', 'name', ...columns('label')]];
  for (const [key, list] of lists)
    for (const c of JSON.parse(key) as Choice[])
      choices.push([list, c.value, ...FORM_LANGUAGES.map((lng) => t(c.label, lng))]);
  const settingsEntries: [string, string][] = [
    ['form_title', sayLabel(form.title, 'fr', t)],
    ['form_id', form.id],
    ['version', version],
    ['default_language', LANGUAGE_COLUMN.fr],
    ...Object.entries(extraSettings),
  ];
  return {
    survey,
    choices,
    settings: [settingsEntries.map(([k]) => k), settingsEntries.map(([, v]) => v)],
  };
}
