import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PagedList } from '../../components/paged-list.tsx';
import { Failure, Loading } from '../../components/query-state.tsx';
import { useDayFormat } from '../../i18n/dates.ts';
import { useLocale } from '../../i18n/locale.ts';
import { mayOpen, PAGES } from '../../routes.ts';
import { usePrincipal } from '../access/session.ts';
import { type Lot, useMeasures } from './operation-parts.tsx';
import { LOTS, type LotSortKey, lotPage, stockQuery } from './queries.ts';
import { TaintBadge } from './taint-badge.tsx';

/**
 * What the organisation holds now — what it tagged, received, batched or made, not yet shipped or used — with
 * the custody operations it records on it.
 */
export function StockPage() {
  const { t } = useTranslation('custody');
  const me = usePrincipal();
  const day = useDayFormat();
  const locale = useLocale();
  const { mass, pct } = useMeasures();
  const stock = useQuery(stockQuery);
  const filters = { holderId: me.organisationId, held: 'true' as const };
  const actions = [
    [PAGES.tagSacks, 'op.action.tag'],
    [PAGES.ship, 'op.action.transfer'],
    [PAGES.batch, 'op.action.aggregate'],
    [PAGES.process, 'op.action.transform'],
  ] as const;
  return (
    <>
      {stock.error && <Failure error={stock.error} />}
      {!stock.data && !stock.error && <Loading />}
      {stock.data && (
        <section aria-label={t('stock.summary')}>
          <h2>{t('stock.of', { holder: stock.data.holder.name })}</h2>
          <dl className="facts">
            <dt>{t('stock.lots')}</dt>
            <dd>{new Intl.NumberFormat(locale).format(stock.data.lots)}</dd>
            <dt>{t('stock.mass')}</dt>
            <dd>{mass(stock.data.massKg)}</dd>
            <dt>{t('stock.cobalt')}</dt>
            <dd>{mass(stock.data.containedKg)}</dd>
            <dt>{t('stock.nonConforming')}</dt>
            <dd>{mass(stock.data.nonConformingKg)}</dd>
          </dl>
        </section>
      )}
      <nav className="toolbar" aria-label={t('stock.operations')}>
        {actions
          .filter(([page]) => mayOpen(me, page, {}))
          .map(([page, label]) => (
            <Link key={page.path} className="button" to={page.path}>
              {t(label)}
            </Link>
          ))}
      </nav>
      <PagedList<Lot, LotSortKey>
        queryKey={[...LOTS, 'list', filters]}
        load={(r) => lotPage({ ...filters, ...r })}
        label={t('stock.held')}
        exportOf={{ path: '/api/lots', query: filters }}
        defaultSort="-date"
        empty={t('stock.none')}
        columns={[
          { label: t('list.tag'), sort: 'tag' },
          { label: t('list.kind') },
          { label: t('list.date'), sort: 'date' },
          { label: t('list.mass'), sort: 'mass', numeric: true },
          { label: t('list.grade'), numeric: true },
          { label: t('list.cobalt'), sort: 'cobalt', numeric: true },
          { label: t('list.origin'), sort: 'origin' },
        ]}
        row={(l) => (
          <tr key={l.id}>
            <td>
              <Link to={`/lots/${l.id}`}>{l.tag ?? l.epc}</Link>
            </td>
            <td>{t(`lotKind.${l.kind}`)}</td>
            <td>{day(l.producedAt)}</td>
            <td className="num">{mass(l.massKg)}</td>
            <td className="num">{pct(l.gradePct)}</td>
            <td className="num">{mass(l.containedKg)}</td>
            <td>
              <TaintBadge share={l.nonConformingShare} />
            </td>
          </tr>
        )}
      />
    </>
  );
}
