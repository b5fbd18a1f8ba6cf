import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useListControls } from '../../components/list-controls.tsx';
import { Failure, Loading } from '../../components/query-state.tsx';
import { lotsQuery } from './queries.ts';
import { TaintBadge } from './taint-badge.tsx';

/** The lots of the caller's chain (all of them for registry staff), newest first. */
export function LotsPage() {
  const { t } = useTranslation('custody');
  const { t: tc } = useTranslation();
  const { data, error } = useQuery(lotsQuery);
  const [onlyHeld, setOnlyHeld] = useState(false);
  const lots = data?.items;
  const list = useListControls(
    (lots ?? []).filter((l) => !onlyHeld || !l.consumed),
    {
      text: (l) => `${l.tag ?? l.epc} ${l.holder.name}`,
      keys: {
        tag: (l) => l.tag ?? l.epc,
        date: (l) => l.producedAt,
        mass: (l) => l.massKg,
        cobalt: (l) => l.containedKg,
        holder: (l) => l.holder.name,
        origin: (l) => l.nonConformingShare,
      },
    },
  );
  return (
    <section aria-label={tc('nav.lots')}>
      <div className="toolbar">
        <label className="check">
          <input type="checkbox" checked={onlyHeld} onChange={(e) => setOnlyHeld(e.target.checked)} />
          {t('list.onlyCurrent')}
        </label>
      </div>
      {list.search}
      {error && <Failure error={error} />}
      {!lots && !error && <Loading />}
      {lots && list.total === 0 && <p className="empty">{t('list.none')}</p>}
      {list.rows.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                {list.header(t('list.tag'), 'tag')}
                {list.header(t('list.kind'))}
                {list.header(t('list.date'), 'date')}
                {list.header(t('list.massKg'), 'mass')}
                {list.header(t('list.gradePct'))}
                {list.header(t('list.cobaltKg'), 'cobalt')}
                {list.header(t('list.holder'), 'holder')}
                {list.header(t('list.origin'), 'origin')}
              </tr>
            </thead>
            <tbody>
              {list.rows.map((l) => (
                <tr key={l.id}>
                  <td>
                    <Link to={`/lots/${l.id}`}>{l.tag ?? l.epc}</Link>
                  </td>
                  <td>{t(`lotKind.${l.kind}`)}</td>
                  <td>{l.producedAt.slice(0, 10)}</td>
                  <td className="num">{l.massKg.toLocaleString()}</td>
                  <td className="num">
                    {l.gradePct.toLocaleString(undefined, { maximumFractionDigits: 2 })}
                  </td>
                  <td className="num">{l.containedKg.toLocaleString()}</td>
                  <td>
                    {l.holder.name}
                    {l.consumed && <small> ({t('list.consumed')})</small>}
                  </td>
                  <td>
                    <TaintBadge share={l.nonConformingShare} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.more}
        </div>
      )}
    </section>
  );
}
