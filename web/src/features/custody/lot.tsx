import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { canReadAllPrivate } from '../../../../src/domain/access/roles.ts';
import { Chart } from '../../components/chart.tsx';
import { Failure, Loading } from '../../components/query-state.tsx';
import { siteStatusOf } from '../../components/site-status.ts';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useDayFormat } from '../../i18n/dates.ts';
import { useLocale } from '../../i18n/locale.ts';
import { usePrincipal } from '../access/session.ts';
import { HistoryCard } from '../screening/history-card.tsx';
import { STATUS_COLOURS } from '../sites/status-colours.ts';
import { causeOf, conformityText, shareText } from './conformity-text.ts';
import { layoutLineage } from './lineage-layout.ts';
import { conformityQuery, lineageQuery, originQuery } from './queries.ts';
import { TaintBadge } from './taint-badge.tsx';

/** One lot: where its cobalt comes from, how much of it is non-conforming, and its lineage. */
export function LotPage() {
  const day = useDayFormat();
  const { id = '' } = useParams();
  const { t } = useTranslation('custody', { keyPrefix: 'lot' });
  const { t: tk } = useTranslation('custody');
  const originAnswer = useQuery(originQuery(id));
  const lineageAnswer = useQuery(lineageQuery(id));
  const conformityAnswer = useQuery(conformityQuery(id));
  const locale = useLocale();
  const principal = usePrincipal();
  const origin = originAnswer.data;
  const lineage = lineageAnswer.data;
  const layout = useMemo(() => lineage && layoutLineage(lineage.nodes, lineage.edges), [lineage]);

  const composition = useMemo(() => {
    if (!origin) return null;
    // One bar per state a site was in when its ore was tagged, coloured by that state.
    const parts = origin.bySite.flatMap((s) =>
      s.atProduction.map((a) => ({
        name: `${s.code} · ${s.name}`,
        status: a.suspended ? 'red' : siteStatusOf(a.status),
        share: a.share,
      })),
    );
    return {
      grid: { left: 8, right: 8, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'item', valueFormatter: (v: number) => shareText(v / 100, locale) },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: (v: number) => shareText(v / 100, locale) } },
      yAxis: { type: 'category', data: [origin.lot.tag ?? ''], axisLabel: { show: false } },
      series: parts.map((p) => ({
        type: 'bar',
        stack: 'origin',
        name: p.name,
        data: [Math.round(p.share * 10000) / 100],
        itemStyle: {
          color: p.status ? STATUS_COLOURS[p.status] : '#607d8b',
          borderColor: '#fff',
          borderWidth: 1,
        },
        label: { show: p.share > 0.08, formatter: p.name.split(' · ')[0], color: '#fff' },
      })),
    };
  }, [origin, locale]);

  const graph = useMemo(() => {
    if (!lineage || !layout) return null;
    return {
      tooltip: {},
      series: [
        {
          type: 'graph',
          layout: 'none',
          roam: true,
          symbolSize: 18,
          label: { show: true, position: 'bottom', fontSize: 11 },
          edgeSymbol: ['none', 'arrow'],
          edgeSymbolSize: 8,
          lineStyle: { color: '#90a4ae', width: 1.5 },
          data: lineage.nodes.map((n) => {
            const at = layout.get(n.id) ?? { column: 0, row: 0 };
            return {
              id: n.id,
              name: n.tag ?? n.epc.slice(-8),
              x: at.column * 200,
              y: at.row * 60,
              itemStyle: {
                color: n.nonConformingShare > 0 ? STATUS_COLOURS.red : STATUS_COLOURS.green,
                borderColor: n.id === id ? '#000' : '#fff',
                borderWidth: n.id === id ? 3 : 1,
              },
              tooltip: {
                formatter: `${n.tag ?? n.epc}<br/>${n.holder.name}<br/>${n.containedKg.toLocaleString(locale)} kg Co · ${shareText(n.nonConformingShare, locale)} ${t('nonConforming')}`,
              },
            };
          }),
          links: lineage.edges.map((e) => ({ source: e.from, target: e.to })),
        },
      ],
    };
  }, [lineage, layout, id, t, locale]);

  const conformity = conformityAnswer.data;
  const error = originAnswer.error ?? lineageAnswer.error ?? conformityAnswer.error;
  if (error) return <Failure error={error} />;
  if (!origin || !lineage || !conformity || !layout || !composition || !graph) return <Loading />;
  const lot = origin.lot;
  return (
    <article className="lot-page">
      <Link to="/lots">{t('back')}</Link>
      <h1>
        {lot.tag ?? lot.epc} <TaintBadge share={origin.nonConformingShare} />
      </h1>
      <dl className="facts">
        <dt>{t('kind')}</dt>
        <dd>{tk(`lotKind.${lot.kind}`)}</dd>
        <dt>EPC</dt>
        <dd>{lot.epc}</dd>
        <dt>{t('holder')}</dt>
        <dd>{lot.holder.name}</dd>
        <dt>{t('massKg')}</dt>
        <dd>
          {lot.massKg.toLocaleString(locale)} kg ·{' '}
          {lot.gradePct.toLocaleString(locale, { maximumFractionDigits: 2 })} % ·{' '}
          {origin.containedKg.toLocaleString(locale)} kg Co
        </dd>
        <dt>{t('nonConforming')}</dt>
        <dd data-testid="nonconforming">
          {shareText(origin.nonConformingShare, locale)} ({origin.nonConformingKg.toLocaleString(locale)} kg
          Co)
        </dd>
      </dl>
      <p>
        <a className="button" href={`/api/lots/${lot.id}/origin-statement`} download>
          {t('originStatement')}
        </a>
      </p>
      <section aria-label={t('origin')}>
        <h2>{t('origin')}</h2>
        <Chart option={composition} label={t('origin')} height={110} />
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('site')}</th>
                <th className="num">{t('share')}</th>
                <th className="num">{t('cobaltKg')}</th>
                <th>{t('statusAtProduction')}</th>
              </tr>
            </thead>
            <tbody>
              {origin.bySite.map((s) => (
                <tr key={s.siteId}>
                  <td>
                    <Link to={`/sites/${s.siteId}`}>
                      {s.code} · {s.name}
                    </Link>
                  </td>
                  <td className="num">{shareText(s.share, locale)}</td>
                  <td className="num">{s.containedKg.toLocaleString(locale)}</td>
                  <td>
                    {s.atProduction.map((a) => {
                      const status = siteStatusOf(a.status);
                      return (
                        <span key={`${a.status}${a.suspended}${a.openLevel1.join()}`} className="state-at">
                          {status ? <StatusBadge status={status} /> : a.status}
                          {a.suspended && <span className="suspended"> ⊘ {t('suspended')}</span>}
                          {a.openLevel1.length > 0 &&
                            ` ${t('openIncidents', { codes: a.openLevel1.join(', ') })}`}
                        </span>
                      );
                    })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h3>{t('cooperatives')}</h3>
        <ul>
          {origin.byCooperative.map((c) => (
            <li key={c.organisationId}>
              {c.name}: {shareText(c.share, locale)} ({c.containedKg.toLocaleString(locale)} kg Co)
            </li>
          ))}
        </ul>
      </section>
      {/* Only when history changed after the fact: judged again, with the cause in the reader's words. */}
      {conformity.length > 0 && (
        <section aria-label={t('conformityHistory')}>
          <h2>{t('conformityHistory')}</h2>
          <ol className="conformity-history" data-testid="conformity-history">
            {conformity.map((c) => (
              <li key={c.rejudgementId}>{conformityText(c.before, c.after, causeOf(c.cause), locale)}</li>
            ))}
          </ol>
        </section>
      )}
      <section aria-label={t('lineage')}>
        <h2>{t('lineage')}</h2>
        <Chart
          option={graph}
          label={t('lineage')}
          height={Math.max(240, 70 * Math.max(...[...layout.values()].map((p) => p.row + 1)))}
        />
        <ul className="lineage-list">
          {lineage.nodes.map((n) => (
            <li key={n.id}>
              {n.id === id ? (
                <strong>{n.tag ?? n.epc}</strong>
              ) : (
                <Link to={`/lots/${n.id}`}>{n.tag ?? n.epc}</Link>
              )}{' '}
              · {tk(`lotKind.${n.kind}`)} · {n.holder.name} · {n.containedKg.toLocaleString(locale)} kg Co
            </li>
          ))}
        </ul>
        {lineage.handOvers.length > 0 && (
          <>
            <h3>{t('handOvers')}</h3>
            <ul className="hand-overs" data-testid="hand-overs">
              {lineage.handOvers.map((h) => {
                const n = lineage.nodes.find((x) => x.id === h.lotId);
                return (
                  <li key={`${h.lotId}-${h.at}`}>
                    {n?.tag ?? n?.epc ?? h.lotId} · {t('handedTo')} {h.to.name} · {day(h.at)}
                    {h.transaction && ` · ${h.transaction.type.toUpperCase()} ${h.transaction.ref}`}
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </section>
      {canReadAllPrivate(principal) && <HistoryCard recordType="lot" id={lot.id} />}
    </article>
  );
}
