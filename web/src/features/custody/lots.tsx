import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Answer } from '../../api/client.ts';
import { PagedList } from '../../components/paged-list.tsx';
import { useDayFormat } from '../../i18n/dates.ts';
import { LOTS, type LotSortKey, lotPage } from './queries.ts';
import { TaintBadge } from './taint-badge.tsx';

type Lot = Answer<'/api/lots'>['items'][number];

/** The lots of the caller's chain (all of them for registry staff), newest first, paged by the server. */
export function LotsPage() {
  const day = useDayFormat();
  const { t, i18n } = useTranslation('custody');
  const { t: tc } = useTranslation();
  const [onlyHeld, setOnlyHeld] = useState(false);
  const kg = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 3 });
  const pct = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
  const filters = onlyHeld ? { held: 'true' as const } : {};
  return (
    <>
      <div className="toolbar">
        <label className="check">
          <input type="checkbox" checked={onlyHeld} onChange={(e) => setOnlyHeld(e.target.checked)} />
          {t('list.onlyCurrent')}
        </label>
      </div>
      <PagedList<Lot, LotSortKey>
        queryKey={[...LOTS, 'list', filters]}
        load={(r) => lotPage({ ...filters, ...r })}
        exportOf={{ path: '/api/lots', query: filters }}
        label={tc('nav.lots')}
        defaultSort="-date"
        empty={t('list.none')}
        columns={[
          { label: t('list.tag'), sort: 'tag' },
          { label: t('list.kind') },
          { label: t('list.date'), sort: 'date' },
          { label: t('list.massKg'), sort: 'mass', numeric: true },
          { label: t('list.gradePct'), numeric: true },
          { label: t('list.cobaltKg'), sort: 'cobalt', numeric: true },
          { label: t('list.holder'), sort: 'holder' },
          { label: t('list.origin'), sort: 'origin' },
        ]}
        row={(l) => (
          <tr key={l.id}>
            <td>
              <Link to={`/lots/${l.id}`}>{l.tag ?? l.epc}</Link>
            </td>
            <td>{t(`lotKind.${l.kind}`)}</td>
            <td>{day(l.producedAt)}</td>
            <td className="num">{kg.format(l.massKg)}</td>
            <td className="num">{pct.format(l.gradePct)}</td>
            <td className="num">{kg.format(l.containedKg)}</td>
            <td>
              {l.holder.name}
              {l.consumed && <small> ({t('list.consumed')})</small>}
            </td>
            <td>
              <TaintBadge share={l.nonConformingShare} />
            </td>
          </tr>
        )}
      />
    </>
  );
}
