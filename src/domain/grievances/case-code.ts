/** Letters and digits that cannot be misread for one another when read out over a phone (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A case code such as GRV-7KQ3-M9XA, made from random bytes; not sequential, so codes cannot be guessed in turn. */
export function caseCodeFrom(random: Uint8Array): string {
  if (random.length < 8) throw new Error('a case code needs 8 random bytes');
  const chars = Array.from(random.subarray(0, 8), (b) => ALPHABET[b % ALPHABET.length]).join('');
  return `GRV-${chars.slice(0, 4)}-${chars.slice(4, 8)}`;
}

/** Normalises what a reporter types: upper case, spaces and missing hyphens forgiven. */
export function normaliseCaseCode(input: string): string | null {
  const compact = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const body = compact.startsWith('GRV') ? compact.slice(3) : compact;
  if (body.length !== 8 || [...body].some((c) => !ALPHABET.includes(c))) return null;
  return `GRV-${body.slice(0, 4)}-${body.slice(4)}`;
}
