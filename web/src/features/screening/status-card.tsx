import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLocale } from '../../i18n/locale.ts';
import { pathText } from '../actors/labels.ts';
import { organisationScreeningQuery } from './queries.ts';

/** An organisation's screening on its page: when last screened, its hits, and the confirmed ones concerning it. */
export function ScreeningCard({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation('screening');
  const { t: ta } = useTranslation('actors');
  const n = new Intl.NumberFormat(useLocale());
  const status = useQuery(organisationScreeningQuery(organisationId));
  if (!status.data) return null;
  const s = status.data;
  return (
    <section className="card" data-testid="screening-status">
      <h2>{t('status_card.title')}</h2>
      <p>
        {s.screenedAt
          ? t('status_card.screenedAt', { date: s.screenedAt.slice(0, 10) })
          : t('status_card.never')}
      </p>
      <p>
        {t('status_card.counts', {
          open: n.format(s.hits.open),
          confirmed: n.format(s.hits.confirmed),
          dismissed: n.format(s.hits.dismissed),
        })}{' '}
        <Link
          to={`/screening/hits?status=${s.hits.open ? 'open' : 'confirmed'}&organisationId=${organisationId}`}
        >
          {t('status_card.viewHits')}
        </Link>
      </p>
      {s.blocked && (
        <p className="error" data-testid="screening-blocked">
          {t('status_card.blocked')}
        </p>
      )}
      <ul>
        {s.exposures.map((x) => (
          <li key={x.hitId + x.relation}>
            {ta('redFlag.withPath', {
              flag: `${x.list.name} ${x.reference} — ${t(`relation.${x.relation}`)}`,
              path: pathText(ta, x.path),
            })}
          </li>
        ))}
      </ul>
    </section>
  );
}
