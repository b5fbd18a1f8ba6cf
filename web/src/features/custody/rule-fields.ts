/**
 * Which field of an operation form a refusal belongs by: a broken custody rule comes back with the rule's name as
 * its path (`mass_not_conserved`, `sold_outside_monopoly`…), a bad input with the body's path. Rules about the
 * receiver go by the receiver, the mass balance by the balance shown before sending, holding by the lots chosen.
 */
export function custodyField(path: string, lotsField: 'lotIds' | 'inputLotIds' = 'lotIds'): string {
  switch (path) {
    case 'receiver_not_verified':
    case 'receiver_unlicensed':
    case 'receiver_sanctioned':
    case 'sold_outside_monopoly':
    case 'supplier_volume_implausible':
      return 'toOrganisationId';
    case 'mass_not_conserved':
      return 'balance';
    case 'stock_exceeded':
      return lotsField;
    case 'tag_reused':
      return 'tag';
    case 'site_volume_implausible':
      return 'massKg';
    // The cooperative is the one signed in: the site it does not operate is what to change.
    case 'cooperativeId':
      return 'siteId';
    default:
      return path;
  }
}
