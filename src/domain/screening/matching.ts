import { jaroWinkler } from '@skyra/jaro-winkler';
import { type NameKind, type NameToken, type PreparedName, prepareName } from './names.ts';

/** How a listed name stands on its list: the entry's own name, or an alias of good, low or unstated quality. */
export type NameQuality = 'primary' | 'good' | 'low' | 'aka' | 'fka' | 'alias';

/** What a list entry brings to matching: its names and the facts that raise or lower a match. */
export interface MatchableEntry {
  listId: string;
  reference: string;
  kind: NameKind;
  names: { name: string; quality: NameQuality }[];
  /** Years of birth as ranges (an exact year is a range of one); empty when unknown. */
  birthYears: { from: number; to: number }[];
  /** Document numbers (passport, national id, registration), in any form. */
  documents: string[];
}

/** Who is screened: an organisation (against entities) or a person (against individuals). */
export interface ScreeningSubject {
  kind: NameKind;
  /** The names it goes by: legal and trade names, or a person's full name. */
  names: string[];
  birthYear?: number | null;
  /** Numbers it is known by: registration numbers, an artisanal card. */
  documents: string[];
}

/** Why two words were taken for the same. */
export type WordMatch = 'same' | 'spelling' | 'sound' | 'initial' | 'close';

/** Why a candidate matched, in data the review queue shows. */
export interface MatchReasons {
  subjectName: string;
  listedName: string;
  quality: NameQuality;
  words: { subject: string; listed: string; similarity: number; how: WordMatch }[];
  /** Words of either name that found no counterpart. */
  unmatched: { subject: string[]; listed: string[] };
  nameScore: number;
  adjustments: { fact: 'birth_year' | 'document' | 'low_quality_alias'; delta: number; detail: string }[];
}

/** A list entry a subject may be: the best of its names, with the score and why. */
export interface Candidate {
  listId: string;
  reference: string;
  score: number;
  reasons: MatchReasons;
}

/** The weights of the score, tuned on the labelled pairs of bench/screening-pairs.ts. */
export const MATCH_TUNING = {
  /** Below this a pair of words counts as unmatched. */
  wordFloor: 0.88,
  /** The share of the score carried by how much of the shorter name is matched; the rest by the longer's. */
  shortWeight: 0.8,
  /** An entity's one word found in no other listed name identifies it: the score is at least this share of its similarity. */
  uniqueWord: 0.9,
  /** A person's single word against a longer name is at most this: a surname alone does not identify. */
  singleWordCap: 0.75,
  initial: 0.9,
  sound: 0.92,
  spelling: 0.97,
  /** Weight of an initial against a whole word. */
  initialWeight: 0.8,
  lowQualityAlias: -0.05,
  birthYearMatch: 0.03,
  birthYearMismatch: -0.12,
  documentMatch: 0.15,
} as const;

const round3 = (n: number) => Math.round(n * 1000) / 1000;

// The same pairs of words come back across a registry (common given names): their similarity is kept.
const memo = new Map<string, { similarity: number; how: WordMatch }>();
const MEMO_SIZE = 500_000;

/** How alike two words are, from 0 to 1, and why. */
export function wordSimilarity(a: NameToken, b: NameToken): { similarity: number; how: WordMatch } {
  const key = `${a.word} ${b.word}`;
  const known = memo.get(key);
  if (known) return known;
  const found = compareWords(a, b);
  if (memo.size >= MEMO_SIZE) memo.clear();
  memo.set(key, found);
  return found;
}

function compareWords(a: NameToken, b: NameToken): { similarity: number; how: WordMatch } {
  if (a.word === b.word) return { similarity: 1, how: 'same' };
  if (a.word.length === 1 || b.word.length === 1) {
    return a.word[0] === b.word[0]
      ? { similarity: MATCH_TUNING.initial, how: 'initial' }
      : { similarity: 0, how: 'close' };
  }
  if (a.folded === b.folded) return { similarity: MATCH_TUNING.spelling, how: 'spelling' };
  const close = Math.max(jaroWinkler(a.folded, b.folded), jaroWinkler(a.word, b.word));
  const [a1, a2] = a.sounds;
  const [b1, b2] = b.sounds;
  const sameSound = a1 !== '' && (a1 === b1 || a1 === b2 || (a2 !== '' && (a2 === b1 || a2 === b2)));
  // Sounding alike counts only for words that are also written alike: Double Metaphone alone joins too much.
  if (sameSound && close >= 0.8) return { similarity: Math.max(close, MATCH_TUNING.sound), how: 'sound' };
  return { similarity: close, how: 'close' };
}

/** The weight of a word: rarer words on the list say more (inverse document frequency). */
export type WordWeight = (token: NameToken) => number;

/**
 * How alike two names are, from 0 to 1, whatever the order of their words: each word of one is paired with its
 * most alike in the other (the best pairs first), and the score weighs how much of the shorter name and of the
 * longer one is matched, each word by its rarity.
 */
export function compareNames(
  subject: PreparedName,
  listed: PreparedName,
  kind: NameKind,
  weight: WordWeight,
  /** Whether a listed word is in one listed name only (and long enough to identify it). */
  unique?: (token: NameToken) => boolean,
): { score: number; words: MatchReasons['words']; unmatched: MatchReasons['unmatched'] } {
  const s = subject.tokens;
  const l = listed.tokens;
  const none = {
    score: 0,
    words: [],
    unmatched: { subject: s.map((t) => t.word), listed: l.map((t) => t.word) },
  };
  if (!s.length || !l.length) return none;
  const pairs: { i: number; j: number; similarity: number; how: WordMatch }[] = [];
  for (let i = 0; i < s.length; i++)
    for (let j = 0; j < l.length; j++) {
      const m = wordSimilarity(s[i], l[j]);
      if (m.similarity >= MATCH_TUNING.wordFloor) pairs.push({ i, j, ...m });
    }
  pairs.sort((a, b) => b.similarity - a.similarity || a.i - b.i || a.j - b.j);
  const usedS = new Set<number>();
  const usedL = new Set<number>();
  const kept: typeof pairs = [];
  for (const p of pairs) {
    if (usedS.has(p.i) || usedL.has(p.j)) continue;
    usedS.add(p.i);
    usedL.add(p.j);
    kept.push(p);
  }
  if (!kept.length) return none;
  const w = (t: NameToken, other?: NameToken) =>
    t.word.length === 1 || (other && other.word.length === 1) ? MATCH_TUNING.initialWeight : weight(t);
  const coverage = (tokens: NameToken[], side: 'i' | 'j') => {
    let total = 0;
    let matched = 0;
    tokens.forEach((t, k) => {
      const pair = kept.find((p) => p[side] === k);
      const other = pair ? (side === 'i' ? l[pair.j] : s[pair.i]) : undefined;
      const tw = w(t, other);
      total += tw;
      if (pair) matched += tw * pair.similarity;
    });
    return matched / total;
  };
  const covS = coverage(s, 'i');
  const covL = coverage(l, 'j');
  const [short, long] = s.length <= l.length ? [covS, covL] : [covL, covS];
  let score = MATCH_TUNING.shortWeight * short + (1 - MATCH_TUNING.shortWeight) * long;
  if (kind === 'individual' && kept.length < 2 && Math.max(s.length, l.length) > 1)
    score = Math.min(score, MATCH_TUNING.singleWordCap);
  if (kind === 'entity' && Math.min(s.length, l.length) === 1 && kept.length === 1 && unique?.(l[kept[0].j]))
    score = Math.max(score, MATCH_TUNING.uniqueWord * kept[0].similarity);
  return {
    score: round3(score),
    words: kept
      .sort((a, b) => a.i - b.i)
      .map((p) => ({
        subject: s[p.i].word,
        listed: l[p.j].word,
        similarity: round3(p.similarity),
        how: p.how,
      })),
    unmatched: {
      subject: s.filter((_, k) => !usedS.has(k)).map((t) => t.word),
      listed: l.filter((_, k) => !usedL.has(k)).map((t) => t.word),
    },
  };
}

/** A document number reduced to its letters and digits, upper case: "CD/KZI 19-B" and "cdkzi19b" are one. */
export const documentKey = (n: string) => n.toUpperCase().replace(/[^A-Z0-9]/g, '');

/** What facts beyond the name do to a score: a shared document number raises it, another birth year lowers it. */
export function factAdjustments(
  subject: ScreeningSubject,
  entry: MatchableEntry,
): MatchReasons['adjustments'] {
  const out: MatchReasons['adjustments'] = [];
  const docs = new Set(entry.documents.map(documentKey).filter((d) => d.length >= 5));
  const shared = subject.documents.map(documentKey).find((d) => docs.has(d));
  if (shared) out.push({ fact: 'document', delta: MATCH_TUNING.documentMatch, detail: shared });
  const year = subject.birthYear;
  if (subject.kind === 'individual' && year && entry.birthYears.length) {
    const near = entry.birthYears.some((r) => year >= r.from - 1 && year <= r.to + 1);
    const far = entry.birthYears.every((r) => year < r.from - 3 || year > r.to + 3);
    if (near) out.push({ fact: 'birth_year', delta: MATCH_TUNING.birthYearMatch, detail: String(year) });
    else if (far)
      out.push({ fact: 'birth_year', delta: MATCH_TUNING.birthYearMismatch, detail: String(year) });
  }
  return out;
}

/** One listed name in an index. */
interface IndexedName {
  entry: MatchableEntry;
  name: string;
  quality: NameQuality;
  prepared: PreparedName;
}

/** The names of one list version (or several), ready to screen subjects against: an inverted index by word. */
export interface MatchIndex {
  byKind: Record<NameKind, { names: IndexedName[]; byKey: Map<string, number[]>; df: Map<string, number> }>;
}

const keysOf = (t: NameToken): string[] => {
  if (t.word.length < 2) return [];
  const keys = [`f:${t.folded}`];
  if (t.sounds[0]) keys.push(`p:${t.sounds[0]}`);
  if (t.sounds[1] && t.sounds[1] !== t.sounds[0]) keys.push(`p:${t.sounds[1]}`);
  if (t.folded.length >= 4) keys.push(`b:${t.folded.slice(0, 3)}`);
  return keys;
};

/**
 * Builds the index of the entries' names. A low-quality alias of one word ("Musa", "Terminator") is a nickname
 * too common to screen by; longer ones are kept.
 */
export function buildIndex(entries: readonly MatchableEntry[]): MatchIndex {
  const byKind: MatchIndex['byKind'] = {
    individual: { names: [], byKey: new Map(), df: new Map() },
    entity: { names: [], byKey: new Map(), df: new Map() },
  };
  for (const entry of entries) {
    const part = byKind[entry.kind];
    const seen = new Set<string>();
    for (const n of entry.names) {
      const prepared = prepareName(n.name, entry.kind);
      if (!prepared.tokens.length) continue;
      if (n.quality === 'low' && prepared.tokens.length < 2) continue;
      const key = prepared.tokens.map((t) => t.word).join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      const at = part.names.push({ entry, name: n.name, quality: n.quality, prepared }) - 1;
      const keys = new Set(prepared.tokens.flatMap(keysOf));
      for (const k of keys) {
        const list = part.byKey.get(k);
        if (list) list.push(at);
        else part.byKey.set(k, [at]);
      }
      for (const f of new Set(prepared.tokens.map((t) => t.folded)))
        part.df.set(f, (part.df.get(f) ?? 0) + 1);
    }
  }
  return { byKind };
}

/** The number of names an index holds, by kind. */
export function indexSize(index: MatchIndex): Record<NameKind, number> {
  return { individual: index.byKind.individual.names.length, entity: index.byKind.entity.names.length };
}

/**
 * Screens a subject against an index: every entry whose best name, with the facts beyond names, scores at or
 * above the threshold, best first. Only entries sharing a word, a sound or a word's beginning are compared.
 */
export function screenSubject(subject: ScreeningSubject, index: MatchIndex, threshold: number): Candidate[] {
  const part = index.byKind[subject.kind];
  const total = Math.max(part.names.length, 1);
  const weight: WordWeight = (t) => Math.log(1 + total / (1 + (part.df.get(t.folded) ?? 0)));
  const unique = (t: NameToken) => t.word.length >= 5 && (part.df.get(t.folded) ?? 0) <= 1;
  const best = new Map<string, Candidate>();
  for (const name of subject.names) {
    const prepared = prepareName(name, subject.kind);
    // How many of the subject's words lead to each listed name: a person's name needs two words in common to
    // score above the single-word cap, so names sharing one word only are not compared at all.
    const shared = new Map<number, number>();
    for (const t of prepared.tokens) {
      const reached = new Set<number>();
      for (const k of keysOf(t)) for (const at of part.byKey.get(k) ?? []) reached.add(at);
      for (const at of reached) shared.set(at, (shared.get(at) ?? 0) + 1);
    }
    for (const [at, words] of shared) {
      const listed = part.names[at];
      // An initial ("B. Taganda") shares no key but counts as a word in common when a listed word starts with it.
      const initials = prepared.tokens.filter(
        (t) => t.word.length === 1 && listed.prepared.tokens.some((l) => l.word[0] === t.word),
      ).length;
      if (
        subject.kind === 'individual' &&
        words + initials < 2 &&
        prepared.tokens.length > 1 &&
        listed.prepared.tokens.length > 1
      )
        continue;
      const compared = compareNames(prepared, listed.prepared, subject.kind, weight, unique);
      if (compared.score === 0) continue;
      const adjustments = factAdjustments(subject, listed.entry);
      if (listed.quality === 'low')
        adjustments.push({
          fact: 'low_quality_alias',
          delta: MATCH_TUNING.lowQualityAlias,
          detail: listed.name,
        });
      const score = round3(
        Math.min(1, Math.max(0, compared.score + adjustments.reduce((sum, a) => sum + a.delta, 0))),
      );
      if (score < threshold) continue;
      const key = `${listed.entry.listId}\u0000${listed.entry.reference}`;
      const previous = best.get(key);
      if (previous && previous.score >= score) continue;
      best.set(key, {
        listId: listed.entry.listId,
        reference: listed.entry.reference,
        score,
        reasons: {
          subjectName: name,
          listedName: listed.name,
          quality: listed.quality,
          words: compared.words,
          unmatched: compared.unmatched,
          nameScore: compared.score,
          adjustments,
        },
      });
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score || a.reference.localeCompare(b.reference));
}
