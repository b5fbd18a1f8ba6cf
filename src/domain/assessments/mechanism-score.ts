import type { AlignmentRating } from './ratings.ts';

export interface Thresholds {
  /** Least weighted score (0–1) a mechanism needs to be put forward for recognition. */
  minScore: number;
  /** Least share (0–1) of applicable criteria that must be fully aligned. */
  minFullyAligned: number;
}

export interface MechanismScore {
  score: number;
  fullyAlignedShare: number;
  rated: number;
  recognisable: boolean;
}

const POINTS: Record<Exclude<AlignmentRating, 'not_applicable'>, number> = {
  fully_aligned: 1,
  partially_aligned: 0.5,
  not_aligned: 0,
};

const round = (x: number) => Math.round(x * 1000) / 1000;

/** The weighted alignment score of a mechanism self-assessment and whether it meets the thresholds. */
export function mechanismScore(
  criteria: readonly { weight: number; rating: AlignmentRating }[],
  thresholds: Thresholds,
): MechanismScore {
  const applicable = criteria.filter((c) => c.rating !== 'not_applicable') as {
    weight: number;
    rating: keyof typeof POINTS;
  }[];
  const totalWeight = applicable.reduce((s, c) => s + c.weight, 0);
  if (totalWeight === 0) return { score: 0, fullyAlignedShare: 0, rated: 0, recognisable: false };
  const score = round(applicable.reduce((s, c) => s + c.weight * POINTS[c.rating], 0) / totalWeight);
  const fullyAlignedShare = round(
    applicable.filter((c) => c.rating === 'fully_aligned').length / applicable.length,
  );
  return {
    score,
    fullyAlignedShare,
    rated: applicable.length,
    recognisable: score >= thresholds.minScore && fullyAlignedShare >= thresholds.minFullyAligned,
  };
}
