import { compareNames, documentKey } from './matching.ts';
import { type NameKind, prepareName } from './names.ts';

/** Why a registered record may be the one about to be created. */
export type DuplicateReason = 'same_number' | 'similar_name' | 'same_birth_year' | 'nearby';

/** A record already registered that may be the same actor or site. */
export interface DuplicateCandidate {
  id: string;
  name: string;
  /** How alike the names are, 0–1 (order, accents, spellings and initials aside). */
  nameScore: number;
  reasons: DuplicateReason[];
  /** For a site: how far its representative point is, in metres. */
  distanceM: number | null;
}

/** The great-circle distance between two [longitude, latitude] points, in metres. */
export function distanceMetres(a: readonly [number, number], b: readonly [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** How alike two names of registered records are: the matcher's comparison with every word weighing the same. */
export function nameSimilarity(a: string, b: string, kind: NameKind): number {
  return compareNames(prepareName(a, kind), prepareName(b, kind), kind, () => 1).score;
}

/** A record already registered, with what a duplicate is judged by. */
export interface Registered {
  id: string;
  names: string[];
  numbers: string[];
  point?: [number, number] | null;
  /** For a person: the birth year registered, if any. */
  birthYear?: number | null;
}

/**
 * The registered records likely to be the one about to be created: one with the same registration or card number,
 * one whose name is alike at or above `threshold`, or (for sites) one within `maxDistanceM`. Best first.
 * For people, an alike name with the same birth year (a year apart at most, as the screening allows) says so, and
 * two known birth years further apart tell two people of one name apart.
 */
export function findDuplicates(
  candidate: {
    names: string[];
    numbers: string[];
    point?: [number, number] | null;
    birthYear?: number | null;
  },
  registered: readonly Registered[],
  kind: NameKind,
  threshold: number,
  maxDistanceM = 0,
): DuplicateCandidate[] {
  const numbers = new Set(candidate.numbers.map(documentKey).filter(Boolean));
  const out: DuplicateCandidate[] = [];
  for (const r of registered) {
    const reasons: DuplicateReason[] = [];
    if (r.numbers.some((n) => numbers.has(documentKey(n)))) reasons.push('same_number');
    let nameScore = 0;
    for (const a of candidate.names)
      for (const b of r.names) nameScore = Math.max(nameScore, nameSimilarity(a, b, kind));
    const years = candidate.birthYear != null && r.birthYear != null;
    const sameYear = years && Math.abs(candidate.birthYear! - r.birthYear!) <= 1;
    if (nameScore >= threshold && (!years || sameYear)) {
      reasons.push('similar_name');
      if (sameYear) reasons.push('same_birth_year');
    }
    const distanceM =
      candidate.point && r.point ? Math.round(distanceMetres(candidate.point, r.point)) : null;
    if (distanceM !== null && distanceM <= maxDistanceM) reasons.push('nearby');
    if (reasons.length) out.push({ id: r.id, name: r.names[0], nameScore, reasons, distanceM });
  }
  return out.sort(
    (a, b) =>
      b.reasons.length - a.reasons.length || b.nameScore - a.nameScore || a.name.localeCompare(b.name),
  );
}
