import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { StatusReason } from '../../../../src/domain/assessments/site-status.ts';
import type { SiteStatus } from '../../../../src/domain/sites/site.ts';
import { type Locale, useLocale } from '../../i18n/locale.ts';

export type { StatusReason } from '../../../../src/domain/assessments/site-status.ts';

const KINDS = [
  'registered',
  'assessment',
  'red_minimum',
  'green_lapsed',
  'yellow_overdue',
  'blue_too_long',
  'red_minimum_over',
  'suspended',
  'suspension_lifted',
] as const satisfies readonly StatusReason['kind'][];

/**
 * The reason as the domain writes it. The API declares it loosely (a `kind` and any fields), so this is
 * where the web trusts it: an unknown kind reads as "registered" rather than break the page.
 */
export function asStatusReason(x: { kind: string }): StatusReason {
  return KINDS.includes(x.kind as StatusReason['kind']) ? (x as StatusReason) : { kind: 'registered' };
}

/**
 * Why a site has its status, in the reader's language, e.g. "rouge depuis le 2026-03-02 : exigence CL-01 … non
 * respectée…"; the English catalogue says it in the domain's own words (describeStatus).
 */
export function statusReasonText(
  t: TFunction<'sites'>,
  locale: Locale,
  status: SiteStatus,
  since: string,
  reason: StatusReason,
): string {
  const colour = t(`reason.colour.${status}`);
  const head = t('reason.head', { colour, since });
  switch (reason.kind) {
    case 'registered':
      return t('reason.registered', { head });
    case 'assessment': {
      if (reason.status === 'green')
        return t('reason.green', { head, assessment: reason.assessment, until: reason.until });
      const list = reason.requirements
        .map((r) =>
          t('reason.requirement', {
            code: r.code,
            text: locale === 'fr' ? r.textFr : r.textEn,
            rating: t(`reason.rating.${r.rating}`),
          }),
        )
        .join(', ');
      const tail =
        reason.status === 'yellow'
          ? t('reason.toCorrect', { until: reason.until })
          : t('reason.suspendedUntil', { until: reason.until });
      return t('reason.requirements', {
        head,
        list,
        assessment: reason.assessment,
        tail,
        count: reason.requirements.length,
      });
    }
    case 'red_minimum':
      return t('reason.red_minimum', {
        head,
        assessment: reason.assessment,
        shows: t(`reason.colour.${reason.shows}`),
        until: reason.until,
      });
    case 'green_lapsed':
      return t('reason.green_lapsed', { head, validUntil: reason.validUntil });
    case 'yellow_overdue':
      return t('reason.yellow_overdue', { head, deadline: reason.deadline });
    case 'blue_too_long':
      return t('reason.blue_too_long', { head, blueSince: reason.blueSince });
    case 'red_minimum_over':
      return t('reason.red_minimum_over', { head, assessment: reason.assessment });
    case 'suspended':
      return t('reason.suspended', { since, colour, incident: reason.incident, title: reason.title });
    case 'suspension_lifted':
      return t('reason.suspension_lifted', { since, colour, incident: reason.incident });
  }
}

/** statusReasonText in the page's language. */
export function useStatusReason() {
  const { t } = useTranslation('sites');
  const locale = useLocale();
  return (status: SiteStatus, since: string, reason: { kind: string }) =>
    statusReasonText(t, locale, status, since.slice(0, 10), asStatusReason(reason));
}
