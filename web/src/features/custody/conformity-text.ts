import {
  type ConformityCause,
  describeCause,
  describeConformityChange,
  SHARE_EPSILON,
} from '../../../../src/domain/custody/conformity.ts';
import type { Locale } from '../../i18n/locale.ts';

// The cause is the domain's own data and its English sentence the domain's own words; only French is written here.
export type { ConformityCause } from '../../../../src/domain/custody/conformity.ts';

const COLOURS: Record<string, string> = { blue: 'bleu', green: 'vert', yellow: 'jaune', red: 'rouge' };
const CHANGES: Record<string, string> = {
  reported: 'a été signalé',
  under_verification: 'a été rouvert pour vérification',
  verified: 'a été vérifié',
  unsubstantiated: 'a été jugé non fondé',
  resolved: 'a été résolu',
  in_mitigation: 'est passé en atténuation',
  escalated: 'a été escaladé',
};
const day = (iso: string) => iso.slice(0, 10);
const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;

/** Why a site's production was judged again, in the reader's language. */
export function causeText(c: ConformityCause, locale: Locale): string {
  if (locale !== 'fr') return describeCause(c);
  if (c.kind === 'status')
    return `le site ${c.site} est ${COLOURS[c.status] ?? c.status} à partir du ${day(c.effective)} (enregistré le ${day(c.at)})`;
  const observed = c.observedAtCorrected
    ? `commencé le ${day(c.observedAt)} selon la vérification`
    : `observé le ${day(c.observedAt)}`;
  return `${c.incident}, ${observed}, ${CHANGES[c.change] ?? c.change} le ${day(c.at)}`;
}

/** A lot's change of conformity in the reader's language, e.g. "devenu non conforme le 2026-05-09 car INC-7, …". */
export function conformityText(before: number, after: number, c: ConformityCause, locale: Locale): string {
  if (locale !== 'fr') return describeConformityChange(before, after, c);
  const on = day(c.at);
  const what =
    before <= SHARE_EPSILON
      ? `devenu non conforme${after < 1 - SHARE_EPSILON ? ` pour ${pct(after)} de son cobalt` : ''} le ${on}`
      : after <= SHARE_EPSILON
        ? `redevenu conforme le ${on}`
        : `part non conforme ${after > before ? 'passée' : 'ramenée'} de ${pct(before)} à ${pct(after)} le ${on}`;
  return `${what} car ${causeText(c, 'fr')}`;
}

/** A cause as the API declares it (an open object, since each kind carries its own facts), read as the domain's. */
export const causeOf = (c: { [k: string]: unknown }) => c as unknown as ConformityCause;
