// The labelled name pairs the matcher is measured on (bench/screening.ts): a name as an actor might be registered,
// the list entry it is (a true variant) or is not (a hard negative), and why. Built from the UN consolidated list of
// 2020-03-20 (test/fixtures/sanctions/): hand-written pairs for the DRC regime and the region's name forms, and
// variants made by fixed rules from other entries, so that the set is the same at every run.
import type { ListEntry } from '../src/domain/screening/list-entry.ts';

export interface LabelledPair {
  query: string;
  kind: 'individual' | 'entity';
  birthYear?: number;
  /** The list entry the pair is about. */
  reference: string;
  /** True: the query names this entry; false: it does not, though it looks alike. */
  same: boolean;
  why: string;
}

/** Pairs written by hand: the DRC regime, French and Swahili/Lingala name forms, and look-alikes that are not. */
export const HAND_PAIRS: LabelledPair[] = [
  // True variants of DRC-listed individuals.
  {
    query: 'KIUNGU MUTANGA Gedeon',
    kind: 'individual',
    reference: 'CDi.035',
    same: true,
    why: 'order, y/i, accents',
  },
  {
    query: 'Gédéon Kyungu Mutanga',
    kind: 'individual',
    reference: 'CDi.035',
    same: true,
    why: 'three of five names',
  },
  {
    query: 'Gedeon Kyungu',
    kind: 'individual',
    reference: 'CDi.035',
    same: true,
    why: 'first name and surname',
  },
  {
    query: 'Kyungu Mutanga wa Bafunkwa',
    kind: 'individual',
    reference: 'CDi.035',
    same: true,
    why: 'Swahili "wa"',
  },
  { query: 'Bosco Ntaganda', kind: 'individual', reference: 'CDi.030', same: true, why: 'alias on the list' },
  { query: 'Ntaganda Bosco', kind: 'individual', reference: 'CDi.030', same: true, why: 'alias, order' },
  { query: 'B. Taganda', kind: 'individual', reference: 'CDi.030', same: true, why: 'initial' },
  { query: 'Bosko Ntagenda', kind: 'individual', reference: 'CDi.030', same: true, why: 'spelling' },
  {
    query: 'Jean Marie Lugerero Runiga',
    kind: 'individual',
    reference: 'CDi.028',
    same: true,
    why: 'hyphen dropped',
  },
  { query: 'Jean-Marie Rugerero', kind: 'individual', reference: 'CDi.028', same: true, why: 'alias, l/r' },
  { query: 'Runiga Lugerero Jean-Marie', kind: 'individual', reference: 'CDi.028', same: true, why: 'order' },
  { query: 'Innocent Kayina', kind: 'individual', reference: 'CDi.004', same: true, why: 'spelling' },
  { query: 'KAINA Innocent', kind: 'individual', reference: 'CDi.004', same: true, why: 'order, case' },
  { query: 'Col. Innocent Kaina', kind: 'individual', reference: 'CDi.004', same: true, why: 'rank' },
  { query: 'Eric Badege', kind: 'individual', reference: 'CDi.001', same: true, why: 'exact, case' },
  { query: 'Badege Eric', kind: 'individual', reference: 'CDi.001', same: true, why: 'order' },
  { query: 'Germain Katanga', kind: 'individual', reference: 'CDi.006', same: true, why: 'exact' },
  { query: 'Jermain Katanga', kind: 'individual', reference: 'CDi.006', same: true, why: 'spelling' },
  { query: 'Thomas Lubanga Dyilo', kind: 'individual', reference: 'CDi.007', same: true, why: 'full name' },
  { query: 'Lubanga Thomas', kind: 'individual', reference: 'CDi.007', same: true, why: 'order' },
  { query: 'Sultani Makenga', kind: 'individual', reference: 'CDi.008', same: true, why: 'exact' },
  { query: 'Soultani Makenga', kind: 'individual', reference: 'CDi.008', same: true, why: 'French ou' },
  { query: 'Makenga Sultani Emmanuel', kind: 'individual', reference: 'CDi.008', same: true, why: 'order' },
  { query: 'Seka Baluku', kind: 'individual', reference: 'CDi.036', same: true, why: 'exact' },
  { query: 'Baluku Seka', kind: 'individual', reference: 'CDi.036', same: true, why: 'order' },
  { query: 'Guidon Shimiray Mwissa', kind: 'individual', reference: 'CDi.033', same: true, why: 'exact' },
  { query: 'Guidon Shimirayi Muisa', kind: 'individual', reference: 'CDi.033', same: true, why: 'spelling' },
  { query: 'Muhindo Akili Mundos', kind: 'individual', reference: 'CDi.032', same: true, why: 'exact' },
  { query: 'Akili Muhindo', kind: 'individual', reference: 'CDi.032', same: true, why: 'two names, order' },
  { query: 'Lucien Nzambamwita', kind: 'individual', reference: 'CDi.034', same: true, why: 'exact' },
  { query: 'Lucien Zambamwita', kind: 'individual', reference: 'CDi.034', same: true, why: 'dropped nasal' },
  { query: 'Ntabo Ntaberi Sheka', kind: 'individual', reference: 'CDi.029', same: true, why: 'exact' },
  { query: 'Sheka Ntabo Ntaberi', kind: 'individual', reference: 'CDi.029', same: true, why: 'order' },
  { query: 'Ntabo Taberi Cheka', kind: 'individual', reference: 'CDi.029', same: true, why: 'nasal, sh/ch' },
  { query: 'Innocent Zimurinda', kind: 'individual', reference: 'CDi.031', same: true, why: 'exact' },
  { query: 'Zimulinda Innocent', kind: 'individual', reference: 'CDi.031', same: true, why: 'l/r, order' },
  { query: 'Pacifique Ntawunguka', kind: 'individual', reference: 'CDi.024', same: true, why: 'exact' },
  { query: 'Pacifique Ntawungula', kind: 'individual', reference: 'CDi.024', same: true, why: 'alias' },
  { query: 'Pacifique Tawunguka', kind: 'individual', reference: 'CDi.024', same: true, why: 'nasal' },
  { query: 'Gaston Iyamuremye', kind: 'individual', reference: 'CDi.003', same: true, why: 'exact' },
  { query: 'Victor Rumuli', kind: 'individual', reference: 'CDi.003', same: true, why: 'alias, l/r' },
  { query: 'Michel Byiringiro', kind: 'individual', reference: 'CDi.003', same: true, why: 'alias' },
  { query: 'Stanislas Nzeyimana', kind: 'individual', reference: 'CDi.026', same: true, why: 'exact' },
  { query: 'Stanislas Zeyimana', kind: 'individual', reference: 'CDi.026', same: true, why: 'nasal' },
  { query: 'Dieudonné Ozia Mazio', kind: 'individual', reference: 'CDi.027', same: true, why: 'exact' },
  { query: 'Dieudonne Ozia', kind: 'individual', reference: 'CDi.027', same: true, why: 'two names' },
  { query: 'James Nyakuni', kind: 'individual', reference: 'CDi.025', same: true, why: 'exact' },
  { query: 'Jerome Kakwavu Bukande', kind: 'individual', reference: 'CDi.005', same: true, why: 'accents' },
  { query: 'Kakwavu Jérôme', kind: 'individual', reference: 'CDi.005', same: true, why: 'order' },
  { query: 'Frank Kakolele Bwambale', kind: 'individual', reference: 'CDi.002', same: true, why: 'exact' },
  { query: 'Kakorere Frank', kind: 'individual', reference: 'CDi.002', same: true, why: 'l/r, two names' },
  // True variants of DRC-listed entities.
  {
    query: 'Congomet Trading House SARL',
    kind: 'entity',
    reference: 'CDe.004',
    same: true,
    why: 'legal form',
  },
  { query: 'Congomet SARL', kind: 'entity', reference: 'CDe.004', same: true, why: 'distinctive word' },
  { query: 'Machanga Limited', kind: 'entity', reference: 'CDe.007', same: true, why: 'legal form' },
  { query: 'Ets Machanga', kind: 'entity', reference: 'CDe.007', same: true, why: 'French legal form' },
  {
    query: 'Uganda Commercial Impex Ltd',
    kind: 'entity',
    reference: 'CDe.009',
    same: true,
    why: 'no acronym',
  },
  { query: 'Butembo Airlines', kind: 'entity', reference: 'CDe.002', same: true, why: 'exact' },
  { query: 'Great Lakes Business Company', kind: 'entity', reference: 'CDe.003', same: true, why: 'exact' },
  { query: 'Mouvement du 23 Mars', kind: 'entity', reference: 'CDe.006', same: true, why: 'alias' },
  { query: 'M23', kind: 'entity', reference: 'CDe.006', same: true, why: 'acronym' },
  {
    query: 'Forces Démocratiques de Libération du Rwanda',
    kind: 'entity',
    reference: 'CDe.005',
    same: true,
    why: 'name',
  },
  { query: 'FDLR', kind: 'entity', reference: 'CDe.005', same: true, why: 'acronym' },
  { query: 'Allied Democratic Forces', kind: 'entity', reference: 'CDe.001', same: true, why: 'alias' },
  {
    query: 'Tous pour la Paix et le Développement',
    kind: 'entity',
    reference: 'CDe.008',
    same: true,
    why: 'name',
  },
  // Hard negatives: one word in common, or alike but another person.
  { query: 'Kyungu', kind: 'individual', reference: 'CDi.035', same: false, why: 'surname alone' },
  { query: 'Kyungu Mwamba', kind: 'individual', reference: 'CDi.035', same: false, why: 'shared surname' },
  { query: 'Gedeon Ilunga', kind: 'individual', reference: 'CDi.035', same: false, why: 'shared first name' },
  {
    query: 'Innocent Mbuyi',
    kind: 'individual',
    reference: 'CDi.004',
    same: false,
    why: 'shared first name',
  },
  {
    query: 'Innocent Kalala',
    kind: 'individual',
    reference: 'CDi.031',
    same: false,
    why: 'shared first name',
  },
  { query: 'Eric Badinga', kind: 'individual', reference: 'CDi.001', same: false, why: 'alike surname' },
  {
    query: 'Germain Kabongo',
    kind: 'individual',
    reference: 'CDi.006',
    same: false,
    why: 'shared first name',
  },
  { query: 'Katanga Mining', kind: 'entity', reference: 'CDi.006', same: false, why: 'a place, not the man' },
  { query: 'Thomas Lukusa', kind: 'individual', reference: 'CDi.007', same: false, why: 'shared first name' },
  {
    query: 'Jean-Marie Mukendi',
    kind: 'individual',
    reference: 'CDi.028',
    same: false,
    why: 'shared compound name',
  },
  {
    query: 'Jean-Marie Runanga',
    kind: 'individual',
    reference: 'CDi.028',
    same: false,
    why: 'alike surname',
  },
  {
    query: 'Pacifique Ntumba',
    kind: 'individual',
    reference: 'CDi.024',
    same: false,
    why: 'shared first name',
  },
  { query: 'Lucien Nzuzi', kind: 'individual', reference: 'CDi.034', same: false, why: 'shared first name' },
  { query: 'James Nyamwisi', kind: 'individual', reference: 'CDi.025', same: false, why: 'alike surname' },
  { query: 'Bosco Ngoy', kind: 'individual', reference: 'CDi.030', same: false, why: 'shared first name' },
  {
    query: 'Sultani Kalenga',
    kind: 'individual',
    reference: 'CDi.008',
    same: false,
    why: 'shared first name',
  },
  { query: 'Makenga Kasongo', kind: 'individual', reference: 'CDi.008', same: false, why: 'shared surname' },
  { query: 'Seka Mutombo', kind: 'individual', reference: 'CDi.036', same: false, why: 'shared word' },
  { query: 'Baluku Kahindo', kind: 'individual', reference: 'CDi.036', same: false, why: 'shared surname' },
  {
    query: 'Dieudonné Kabila',
    kind: 'individual',
    reference: 'CDi.027',
    same: false,
    why: 'shared first name',
  },
  { query: 'Frank Kabeya', kind: 'individual', reference: 'CDi.002', same: false, why: 'shared first name' },
  {
    query: 'Stanislas Mwepu',
    kind: 'individual',
    reference: 'CDi.026',
    same: false,
    why: 'shared first name',
  },
  { query: 'Gaston Kalume', kind: 'individual', reference: 'CDi.003', same: false, why: 'shared first name' },
  { query: 'Victor Mbuyi', kind: 'individual', reference: 'CDi.003', same: false, why: 'shared alias word' },
  { query: 'Michel Ilunga', kind: 'individual', reference: 'CDi.003', same: false, why: 'shared alias word' },
  { query: 'Congo Trading House', kind: 'entity', reference: 'CDe.004', same: false, why: 'generic words' },
  { query: 'Lakes Trading SARL', kind: 'entity', reference: 'CDe.003', same: false, why: 'generic words' },
  {
    query: 'Business Company Kolwezi',
    kind: 'entity',
    reference: 'CDe.003',
    same: false,
    why: 'generic words',
  },
  { query: 'Uganda Minerals Ltd', kind: 'entity', reference: 'CDe.009', same: false, why: 'country word' },
  { query: 'Butembo Transport SARL', kind: 'entity', reference: 'CDe.002', same: false, why: 'a town' },
  {
    query: 'Forces Démocratiques Congolaises',
    kind: 'entity',
    reference: 'CDe.005',
    same: false,
    why: 'generic words',
  },
  {
    query: 'Paix et Développement Minier ASBL',
    kind: 'entity',
    reference: 'CDe.008',
    same: false,
    why: 'generic words',
  },
  { query: 'Machanda Mining', kind: 'entity', reference: 'CDe.007', same: false, why: 'alike word' },
  {
    query: 'Forces Démocratiques de Libération du Rwanda',
    kind: 'entity',
    reference: 'CDe.001',
    same: false,
    why: 'the other FDLR/ADF',
  },
];

/** Common names of the Copperbelt: none is on the list, and none should be found on it. */
export const REGISTRY_NAMES = [
  'Mutombo Kalenga',
  'Ngoy Mwilambwe',
  'Kasongo Banza',
  'Jean-Marie Mukendi',
  'Grace Mbuyi',
  'Amani Kabeya',
  'Patrick Tshibangu',
  'Espérance Ilunga',
  'Josée Kalala',
  'Didier Kasongo',
  'Célestin Numbi',
  'Joseph Kabila Kabange',
  'Moïse Katumbi Chapwe',
  'Félix Tshisekedi',
  'Albert Yuma Mulimbi',
  'Chantal Mwamba Lukusa',
  'Pierre Mpoyi Nkulu',
  'Marie Kapinga Kanku',
  'Sylvain Kazadi Mwenze',
  'Thérèse Ngalula Mbuyamba',
  'Benjamin Kalombo Ilunga',
  'Jacques Mukonkole Katanga',
  'Dorcas Kyabu Ngoyi',
  'Emmanuel Tshimanga Kabwe',
  'Fiston Mulumba Kasongo',
  'Aimé Ngoie Mukena',
  'Clarisse Banza Nkongolo',
  'Rachel Umba Mwansa',
  'Zacharie Lukusa Tshilombo',
  'Hortense Kabange Mwadi',
  'Comptoir Kolwezi Cobalt SARL',
  'Ets Mwamba Négoce',
  'Kalenga Trading SARL',
  'Ets Kyungu et Fils',
  'Lukasu Minerals SARLU',
  'Entreprise Générale du Cobalt',
  'Lualaba Hydroxide Processing SA',
  'Coopérative minière Tujenge Kolwezi',
  'Coopérative Tumaini Musompo',
  'Dépôt Likasi Minerals SA',
];

// Rules that change a name the way registrations do: French transcription, dropped accents, words in another order.
const FRENCH: [RegExp, string][] = [
  [/u/g, 'ou'],
  [/sh/g, 'ch'],
  [/j/g, 'dj'],
];
const frenchSpelling = (s: string) => FRENCH.reduce((t, [p, r]) => t.replace(p, r), s.toLowerCase());
const stripAccents = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');
const reorder = (s: string) => {
  const words = s.split(/\s+/);
  return [...words.slice(1), words[0]].join(' ');
};
const initialled = (s: string) => {
  const words = s.split(/\s+/);
  return words.length > 2 ? [`${words[0][0]}.`, ...words.slice(1)].join(' ') : s;
};

/** Latin-script names only: the rules above are written for them. */
const latin = (e: ListEntry) =>
  /^[A-Za-z\u00C0-\u017F .'’-]+$/.test(e.name) && e.name.split(/\s+/).length >= 2;

/**
 * Variants made by rule from the list's other entries (not the DRC regime, written by hand above): for each of the
 * first individuals and entities in Latin script, the name reordered without accents, in French spelling, with an
 * initial; an entity with a legal form added; and, as negatives, the entry's first word joined to another entry's
 * last word.
 */
export function generatedPairs(entries: readonly ListEntry[]): LabelledPair[] {
  const individuals = entries.filter(
    (e) => e.kind === 'individual' && !e.reference.startsWith('CD') && latin(e),
  );
  const entities = entries.filter((e) => e.kind === 'entity' && !e.reference.startsWith('CD') && latin(e));
  const pairs: LabelledPair[] = [];
  for (const e of individuals.slice(0, 60)) {
    pairs.push({
      query: stripAccents(reorder(e.name)),
      kind: 'individual',
      reference: e.reference,
      same: true,
      why: 'rule: order, accents',
    });
    pairs.push({
      query: frenchSpelling(e.name),
      kind: 'individual',
      reference: e.reference,
      same: true,
      why: 'rule: French spelling',
    });
    pairs.push({
      query: initialled(e.name),
      kind: 'individual',
      reference: e.reference,
      same: true,
      why: 'rule: initial',
    });
  }
  for (const [i, e] of individuals.slice(0, 60).entries()) {
    const other = individuals[(i + 17) % individuals.length];
    const query = `${e.name.split(/\s+/)[0]} ${other.name.split(/\s+/).at(-1)}`;
    pairs.push({
      query,
      kind: 'individual',
      reference: e.reference,
      same: false,
      why: 'rule: first word of one, last of another',
    });
  }
  for (const e of entities.slice(0, 30)) {
    pairs.push({
      query: `${e.name} SARL`,
      kind: 'entity',
      reference: e.reference,
      same: true,
      why: 'rule: legal form',
    });
    const words = e.name.split(/\s+/);
    pairs.push({
      query: `${words.at(-1)} Mining SARL`,
      kind: 'entity',
      reference: e.reference,
      same: false,
      why: 'rule: one word and generic ones',
    });
  }
  return pairs;
}
