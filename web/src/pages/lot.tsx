import { useEffect, useMemo, useState } from 'react';
import { api } from '../api.ts';
import { Chart } from '../components/chart.tsx';
import { problemText } from '../components/problem-text.ts';
import { StatusBadge } from '../components/status-badge.tsx';
import type { MessageKey } from '../i18n.ts';
import { layoutLineage } from '../lineage-layout.ts';
import { STATUS_COLOURS } from '../status-colours.ts';
import { type Lot, TaintBadge } from './lots.tsx';

interface Origin {
  lot: Lot;
  containedKg: number;
  nonConformingShare: number;
  nonConformingKg: number;
  bySite: {
    siteId: string;
    code: string;
    name: string;
    share: number;
    containedKg: number;
    atProduction: { status: string; suspended: boolean; openLevel1: string[]; share: number }[];
  }[];
  byCooperative: { organisationId: string; name: string; share: number; containedKg: number }[];
}

interface Lineage {
  nodes: Lot[];
  edges: { from: string; to: string; containedKg: number }[];
  /** What the caller's organisation handed over of these lots: beyond that, the chain is the receiver's. */
  handOvers: {
    lotId: string;
    to: { id: string; name: string };
    at: string;
    transaction: { type: string; ref: string } | null;
  }[];
}

const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;

/** One lot: where its cobalt comes from, how much of it is non-conforming, and its lineage. */
export function LotPage({
  id,
  t,
  onOpenLot,
  onOpenSite,
  onBack,
}: {
  id: string;
  t: (k: MessageKey) => string;
  onOpenLot: (id: string) => void;
  onOpenSite: (id: string) => void;
  onBack: () => void;
}) {
  const [data, setData] = useState<{ origin: Origin; lineage: Lineage } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setData(null);
    Promise.all([
      api<Origin>('GET', `/api/lots/${id}/origin`),
      api<Lineage>('GET', `/api/lots/${id}/lineage`),
    ]).then(
      ([origin, lineage]) => setData({ origin, lineage }),
      (e) => setError(problemText(e)),
    );
  }, [id]);

  const composition = useMemo(() => {
    if (!data) return null;
    // One bar per state a site was in when its ore was tagged, coloured by that state.
    const parts = data.origin.bySite.flatMap((s) =>
      s.atProduction.map((a) => ({
        name: `${s.code} · ${s.name}`,
        status: a.suspended ? 'red' : a.status,
        share: a.share,
      })),
    );
    return {
      grid: { left: 8, right: 8, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'item', valueFormatter: (v: number) => pct(v / 100) },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value} %' } },
      yAxis: { type: 'category', data: [data.origin.lot.tag ?? ''], axisLabel: { show: false } },
      series: parts.map((p) => ({
        type: 'bar',
        stack: 'origin',
        name: p.name,
        data: [Math.round(p.share * 10000) / 100],
        itemStyle: {
          color: STATUS_COLOURS[p.status as keyof typeof STATUS_COLOURS] ?? '#607d8b',
          borderColor: '#fff',
          borderWidth: 1,
        },
        label: { show: p.share > 0.08, formatter: p.name.split(' · ')[0], color: '#fff' },
      })),
    };
  }, [data]);

  const graph = useMemo(() => {
    if (!data) return null;
    const layout = layoutLineage(data.lineage.nodes, data.lineage.edges);
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
          data: data.lineage.nodes.map((n) => {
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
                formatter: `${n.tag ?? n.epc}<br/>${n.holder.name}<br/>${n.containedKg} kg Co · ${pct(n.nonConformingShare)} ${t('nonConforming')}`,
              },
            };
          }),
          links: data.lineage.edges.map((e) => ({ source: e.from, target: e.to })),
        },
      ],
    };
  }, [data, id, t]);

  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  if (!data || !composition || !graph) return <p role="status">{t('loading')}</p>;
  const { origin } = data;
  const lot = origin.lot;
  return (
    <article className="lot-page">
      <a
        href="/lots"
        onClick={(e) => {
          e.preventDefault();
          onBack();
        }}
      >
        {t('backToLots')}
      </a>
      <h1>
        {lot.tag ?? lot.epc} <TaintBadge share={origin.nonConformingShare} t={t} />
      </h1>
      <dl className="facts">
        <dt>{t('kind')}</dt>
        <dd>{t(`lotKind.${lot.kind}` as MessageKey)}</dd>
        <dt>EPC</dt>
        <dd>{lot.epc}</dd>
        <dt>{t('holder')}</dt>
        <dd>{lot.holder.name}</dd>
        <dt>{t('massKg')}</dt>
        <dd>
          {lot.massKg.toLocaleString()} kg ·{' '}
          {lot.gradePct.toLocaleString(undefined, { maximumFractionDigits: 2 })} % ·{' '}
          {origin.containedKg.toLocaleString()} kg Co
        </dd>
        <dt>{t('nonConforming')}</dt>
        <dd data-testid="nonconforming">
          {pct(origin.nonConformingShare)} ({origin.nonConformingKg.toLocaleString()} kg Co)
        </dd>
      </dl>
      <section aria-label={t('originComposition')}>
        <h2>{t('originComposition')}</h2>
        <Chart option={composition} label={t('originComposition')} height={110} />
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
                    <a
                      href={`/sites/${s.siteId}`}
                      onClick={(e) => {
                        e.preventDefault();
                        onOpenSite(s.siteId);
                      }}
                    >
                      {s.code} · {s.name}
                    </a>
                  </td>
                  <td className="num">{pct(s.share)}</td>
                  <td className="num">{s.containedKg.toLocaleString()}</td>
                  <td>
                    {s.atProduction.map((a) => (
                      <span key={`${a.status}${a.suspended}${a.openLevel1.join()}`} className="state-at">
                        <StatusBadge status={a.status} t={t} />
                        {a.suspended && <span className="suspended"> ⊘ {t('suspended')}</span>}
                        {a.openLevel1.length > 0 && ` ${t('openIncidents')}: ${a.openLevel1.join(', ')}`}
                      </span>
                    ))}
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
              {c.name}: {pct(c.share)} ({c.containedKg.toLocaleString()} kg Co)
            </li>
          ))}
        </ul>
      </section>
      <section aria-label={t('lineage')}>
        <h2>{t('lineage')}</h2>
        <Chart
          option={graph}
          label={t('lineage')}
          height={Math.max(
            240,
            70 *
              Math.max(
                ...[...layoutLineage(data.lineage.nodes, data.lineage.edges).values()].map((p) => p.row + 1),
              ),
          )}
        />
        <ul className="lineage-list">
          {data.lineage.nodes.map((n) => (
            <li key={n.id}>
              {n.id === id ? (
                <strong>{n.tag ?? n.epc}</strong>
              ) : (
                <a
                  href={`/lots/${n.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    onOpenLot(n.id);
                  }}
                >
                  {n.tag ?? n.epc}
                </a>
              )}{' '}
              · {t(`lotKind.${n.kind}` as MessageKey)} · {n.holder.name} · {n.containedKg} kg Co
            </li>
          ))}
        </ul>
        {data.lineage.handOvers.length > 0 && (
          <>
            <h3>{t('handOvers')}</h3>
            <ul className="hand-overs" data-testid="hand-overs">
              {data.lineage.handOvers.map((h) => {
                const n = data.lineage.nodes.find((x) => x.id === h.lotId);
                return (
                  <li key={`${h.lotId}-${h.at}`}>
                    {n?.tag ?? n?.epc ?? h.lotId} · {t('handedTo')} {h.to.name} · {h.at.slice(0, 10)}
                    {h.transaction && ` · ${h.transaction.type.toUpperCase()} ${h.transaction.ref}`}
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </section>
    </article>
  );
}
