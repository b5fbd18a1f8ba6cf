import { type ConformityCause, SHARE_EPSILON } from '../../../../src/domain/custody/conformity.ts';
import { i18n } from '../../i18n/instance.ts';
import type { Locale } from '../../i18n/locale.ts';

export type { ConformityCause } from '../../../../src/domain/custody/conformity.ts';

const day = (iso: string) => iso.slice(0, 10);

/** A share of a lot's cobalt in the reader's number format ("37,5 %" in French). */
export const shareText = (x: number, locale: Locale) =>
  new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(x);

const STATUSES = ['blue', 'green', 'yellow', 'red'] as const;
const CHANGES = [
  'reported',
  'under_verification',
  'verified',
  'unsubstantiated',
  'resolved',
  'in_mitigation',
  'escalated',
] as const;
const oneOf = <T extends string>(list: readonly T[], x: string): T | undefined => list.find((v) => v === x);

/** Why a site's production was judged again, in the reader's language, from the cause's data. */
export function causeText(c: ConformityCause, locale: Locale): string {
  const t = i18n.getFixedT(locale, 'custody');
  if (c.kind === 'status') {
    const status = oneOf(STATUSES, c.status);
    return t('conformity.status', {
      site: c.site,
      colour: status ? t(`conformity.colour.${status}`) : c.status,
      effective: day(c.effective),
      at: day(c.at),
    });
  }
  const change = oneOf(CHANGES, c.change);
  return t('conformity.incident', {
    incident: c.incident,
    observed: t(c.observedAtCorrected ? 'conformity.beganOn' : 'conformity.observedOn', {
      date: day(c.observedAt),
    }),
    change: change ? t(`conformity.change.${change}`) : c.change,
    at: day(c.at),
  });
}

/** A lot's change of conformity in the reader's language, e.g. "devenu non conforme le 2026-05-09 car INC-7, …". */
export function conformityText(before: number, after: number, c: ConformityCause, locale: Locale): string {
  const t = i18n.getFixedT(locale, 'custody');
  const facts = { on: day(c.at), cause: causeText(c, locale) };
  if (before <= SHARE_EPSILON)
    return after < 1 - SHARE_EPSILON
      ? t('conformity.becamePartly', { ...facts, share: shareText(after, locale) })
      : t('conformity.became', facts);
  if (after <= SHARE_EPSILON) return t('conformity.cleared', facts);
  return t(after > before ? 'conformity.rose' : 'conformity.fell', {
    ...facts,
    before: shareText(before, locale),
    after: shareText(after, locale),
  });
}

/** A cause as the API declares it (an open object, since each kind carries its own facts), read as the domain's. */
export const causeOf = (c: { [k: string]: unknown }) => c as unknown as ConformityCause;
