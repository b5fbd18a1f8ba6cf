import { canRegisterActors, canWritePrivate, type Principal } from '../access/roles.ts';

/**
 * Whether a birth year alone shows that the holder is an adult on the day a card is issued: only when the holder
 * turns 19 that year or later, since someone born in the year 18 years before may still be 17 (the same reading
 * as the `possible_minor` red flag).
 */
export function isAdultByBirthYear(birthYear: number, day: string): boolean {
  return Number(day.slice(0, 4)) - birthYear >= 19;
}

/** The first day a card may be issued to someone born in that year. */
export function firstAdultDay(birthYear: number): string {
  return `${birthYear + 19}-01-01`;
}

/**
 * Who reads miners' cards (decision 0057): the programme's registry keepers every cooperative's, and a
 * cooperative's own manager or administrator its own. Never the public, buyers, downstream or the regulator,
 * who read the counts.
 */
export function canReadMinerCards(p: Principal, cooperativeId: string): boolean {
  if (canRegisterActors(p)) return true;
  return p.organisationId === cooperativeId && (p.role === 'cooperative_manager' || p.role === 'admin');
}

/** Who registers a card: those who may read the cooperative's cards and keep its records. */
export function canRegisterMinerCard(p: Principal, cooperativeId: string): boolean {
  return canReadMinerCards(p, cooperativeId) && canWritePrivate(p, cooperativeId);
}
