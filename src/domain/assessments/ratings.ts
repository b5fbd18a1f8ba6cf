/** How an assessment rates each requirement of a site set. */
export const RATINGS = ['met', 'partially_met', 'not_met', 'not_applicable'] as const;
export type Rating = (typeof RATINGS)[number];

/** How a mechanism self-assessment rates each OECD alignment criterion. */
export const ALIGNMENT_RATINGS = [
  'fully_aligned',
  'partially_aligned',
  'not_aligned',
  'not_applicable',
] as const;
export type AlignmentRating = (typeof ALIGNMENT_RATINGS)[number];

/** The ratings a set of the given kind accepts. */
export const ratingsFor = (kind: 'site' | 'mechanism'): readonly string[] =>
  kind === 'site' ? RATINGS : ALIGNMENT_RATINGS;
