/** The languages a reporter may write a grievance in. */
export const GRIEVANCE_LANGUAGES = ['fr', 'en', 'sw'] as const;
export type GrievanceLanguage = (typeof GRIEVANCE_LANGUAGES)[number];

/** Where a case stands: received until an officer validates or rejects it; closed once its outcome is final. */
export const GRIEVANCE_STATUSES = ['received', 'validated', 'rejected', 'closed'] as const;
export type GrievanceStatus = (typeof GRIEVANCE_STATUSES)[number];

/** The orders of the officers' queue: newest first (the default) or oldest first. */
export const GRIEVANCE_SORTS = ['-date', 'date'] as const;
export type GrievanceSort = (typeof GRIEVANCE_SORTS)[number];
