import type { LicenceFacts } from '../../domain/actors/red-flags.ts';
import type { LicenceRow } from '../../storage/queries/actors.ts';

/** The facts of a stored licence that the red-flag rules read. */
export const licenceFacts = (l: LicenceRow): LicenceFacts => ({
  id: l.id,
  type: l.type,
  number: l.number,
  zoneCode: l.zone_code,
  validFrom: l.valid_from,
  validUntil: l.valid_until,
  issuer: l.issuer,
});
