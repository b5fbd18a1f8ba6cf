import { isLicenceValid, type LicenceFacts } from './red-flags.ts';

export type LicenceState = 'valid' | 'expired' | 'not_yet_valid';

/** Days before its end from which a licence in force counts as expiring. */
export const EXPIRING_WITHIN_DAYS = 60;

const day = (d: Date) => d.toISOString().slice(0, 10);

/** A licence's state on the (UTC) day of the given instant: in force, not yet started, or ended. */
export function licenceState(licence: LicenceFacts, now: Date): LicenceState {
  if (isLicenceValid(licence, now)) return 'valid';
  return licence.validFrom > day(now) ? 'not_yet_valid' : 'expired';
}

/**
 * The days a list of licences is filtered by state on: today, and the last day on which a licence in force
 * may end and still count as expiring.
 */
export function licenceStateDays(now: Date): { today: string; soon: string } {
  return { today: day(now), soon: day(new Date(now.getTime() + EXPIRING_WITHIN_DAYS * 86400_000)) };
}
