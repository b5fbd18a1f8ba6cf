import anyAscii from 'any-ascii';
import { doubleMetaphone } from 'double-metaphone';

/** Whose names are compared: a listed individual with registered people, a listed entity with organisations. */
export type NameKind = 'individual' | 'entity';

// Words that say who someone is rather than name them: titles and ranks in French and English, Swahili and
// Lingala forms of address (mzee "elder", bwana "sir", tata "father"), and the particles of names ("wa", "ya":
// "of" in Swahili; "de", "du"; "bin", "ibn").
const PERSON_NOISE = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'm',
  'mme',
  'mlle',
  'monsieur',
  'madame',
  'mademoiselle',
  'dr',
  'docteur',
  'doctor',
  'prof',
  'professor',
  'professeur',
  'general',
  'gen',
  'colonel',
  'col',
  'lt',
  'lieutenant',
  'major',
  'maj',
  'capitaine',
  'captain',
  'capt',
  'commandant',
  'cmdt',
  'sergent',
  'sergeant',
  'brigadier',
  'sheikh',
  'cheikh',
  'shaykh',
  'hadj',
  'hajji',
  'haji',
  'mzee',
  'bwana',
  'tata',
  'wa',
  'ya',
  'de',
  'du',
  'des',
  'la',
  'le',
  'd',
  'bin',
  'ben',
  'ibn',
  'van',
  'von',
  'et',
  'and',
]);

// Legal forms and filler words of company names (French, English, German, Swedish, Chinese romanised):
// "Ets Kyungu et Fils SARL" names Kyungu, not the form of the business.
const ENTITY_NOISE = new Set([
  'sarl',
  'sarlu',
  'sa',
  'sas',
  'sasu',
  'sprl',
  'sprlu',
  'scs',
  'snc',
  'gie',
  'asbl',
  'ong',
  'ngo',
  'ltd',
  'limited',
  'llc',
  'inc',
  'incorporated',
  'co',
  'corp',
  'corporation',
  'company',
  'cie',
  'compagnie',
  'gmbh',
  'ag',
  'ab',
  'se',
  'plc',
  'bv',
  'nv',
  'ets',
  'etablissement',
  'etablissements',
  'societe',
  'ste',
  'the',
  'of',
  'and',
  'et',
  'de',
  'du',
  'des',
  'la',
  'le',
  'les',
  'l',
  'd',
  'fils',
  'freres',
  'ya',
  'wa',
]);

/** A name's words in ASCII lower case, transliterated from any script, punctuation and noise words left out. */
export function nameTokens(name: string, kind: NameKind): string[] {
  const ascii = anyAscii(name)
    .toLowerCase()
    // A French elision splits (l'Ouganda, d'Afrique); any other apostrophe joins: N'Sele and Nsele are one word.
    .replace(/\b([ld])['`’‘](?=[a-z])/g, '$1 ')
    .replace(/['`’‘]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  if (!ascii) return [];
  const noise = kind === 'individual' ? PERSON_NOISE : ENTITY_NOISE;
  const words = ascii.split(' ');
  const kept = words.filter((w) => !noise.has(w));
  // A name made only of noise words ("SA", "Le Général") keeps them rather than vanish.
  return kept.length ? kept : words;
}

// Spellings that sound alike in French, English, Swahili, Lingala and Kinyarwanda transcriptions, folded to one
// form: Tshibangu / Tchibangou / Chibangu, Djamil / Jamil, Ngoy / Ngoyi, Lugerero / Rugerero (l and r are one
// sound in many Bantu languages), Ntaganda / Taganda (a nasal before a consonant is often dropped).
const FOLDS: [RegExp, string][] = [
  [/x/g, 'ks'],
  // The "sh" sound, whatever its spelling, becomes x (no x is left by then).
  [/tsh|tch|sch|sh|ch/g, 'x'],
  [/dj/g, 'j'],
  [/dz/g, 'z'],
  [/ou|oo/g, 'u'],
  [/ph/g, 'f'],
  [/th/g, 't'],
  [/qu|q|ck|kh/g, 'k'],
  [/c(?=[eiy])/g, 's'],
  [/c/g, 'k'],
  [/y/g, 'i'],
  [/w/g, 'u'],
  [/l/g, 'r'],
  [/(?<=[bdfgkmnprstvz])h/g, ''],
  [/^[nm](?=[bdfgjkprstvxz])/, ''],
  [/(.)\1+/g, '$1'],
];

/** A word folded to a spelling-neutral form, so that transcriptions of the same sound compare equal. */
export function foldToken(token: string): string {
  if (/^\d+$/.test(token)) return token;
  let t = token;
  for (const [pattern, replacement] of FOLDS) t = t.replace(pattern, replacement);
  return t || token;
}

/** The Double Metaphone codes of a word (primary and alternate, the same when there is one). */
export function phoneticCodes(token: string): [string, string] {
  return doubleMetaphone(token);
}

/** One word of a name, ready to compare. */
export interface NameToken {
  /** ASCII lower case, as written. */
  word: string;
  /** Spelling-neutral form (foldToken). */
  folded: string;
  /** Double Metaphone codes. */
  sounds: [string, string];
}

/** A name prepared for matching: its words in each form. */
export interface PreparedName {
  text: string;
  tokens: NameToken[];
}

/** Prepares a name for matching. */
export function prepareName(text: string, kind: NameKind): PreparedName {
  return {
    text,
    tokens: nameTokens(text, kind).map((word) => ({
      word,
      folded: foldToken(word),
      sounds: phoneticCodes(word),
    })),
  };
}
