import { DEFAULT_RULES } from '../../../../src/domain/monitoring/indicator-rules.ts';
import type { Answer } from '../../api/client.ts';
import { i18n } from '../../i18n/instance.ts';
import { type Locale, useLocale } from '../../i18n/locale.ts';
import type fr from '../../locales/fr/incidents.json';

type Incident = Pick<
  Answer<'/api/incidents/{id}'>,
  'title' | 'description' | 'source' | 'ruleCode' | 'ruleFinding'
>;

/** The shipped rules whose titles the catalogues translate (incident-text.test.ts checks each has one). */
type ShippedRule = keyof (typeof fr)['rule']['title'];

const OPERATOR_SIGNS: Record<string, string> = { '>': '>', '>=': '≥', '<': '<', '<=': '≤', '=': '=' };

/**
 * An incident's title and description in the reader's language. A person's words stay as written; what a rule wrote
 * is said from the catalogues: a shipped rule's title (unless the operator renamed it) and what the rule found on the
 * visit, with its date and numbers in the reader's format.
 */
export function incidentText(i: Incident, locale: Locale): { title: string; description: string } {
  if (i.source !== 'rule') return { title: i.title, description: i.description };
  const t = i18n.getFixedT(locale, 'incidents', 'rule');
  const shipped = DEFAULT_RULES.find((r) => r.code === i.ruleCode);
  const title = shipped && shipped.title === i.title ? t(`title.${shipped.code as ShippedRule}`) : i.title;
  const f = i.ruleFinding;
  if (!f) return { title, description: i.description };
  const n = new Intl.NumberFormat(locale);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(f.visitedAt),
  );
  const indicator = i18n.getFixedT(locale, 'monitoring')(`indicator.${f.indicator}`);
  if (f.operator === 'is_true')
    return { title, description: t('foundReported', { date, site: f.siteCode, indicator }) };
  const value = typeof f.value === 'boolean' ? t(f.value ? 'yes' : 'no') : n.format(f.value);
  const description = t('found', {
    date,
    site: f.siteCode,
    indicator,
    operator: OPERATOR_SIGNS[f.operator],
    threshold: n.format(f.threshold),
    value,
  });
  return { title, description };
}

/** incidentText in the page's language. */
export function useIncidentText(): (i: Incident) => { title: string; description: string } {
  const locale = useLocale();
  return (i) => incidentText(i, locale);
}
