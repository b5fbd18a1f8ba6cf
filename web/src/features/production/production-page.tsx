import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { exportFlowScope } from '../../../../src/domain/production/access.ts';
import { allPages } from '../../api/all-pages.ts';
import { api, ok } from '../../api/client.ts';
import { Chart } from '../../components/chart.tsx';
import { ExportButton } from '../../components/export-button.tsx';
import { Failure, Loading } from '../../components/query-state.tsx';
import { timeAxisOption } from '../../components/time-axis.ts';
import { useDayFormat } from '../../i18n/dates.ts';
import { useLocale } from '../../i18n/locale.ts';
import { useMoney } from '../../i18n/money.ts';
import { usePrincipal } from '../access/session.ts';
import { PriceSetting } from './price-setting.tsx';
import { Royalties } from './royalties.tsx';

const PRODUCTION = ['production'] as const;
const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Production and prices: volumes cooperatives delivered over the last twelve months, from custody; the state
 * buyer's floor and the market price over time; and a cooperative's deliveries with what it was owed and paid.
 */
export function ProductionPage() {
  const { t } = useTranslation('production');
  const me = usePrincipal();
  const locale = useLocale();
  const kg = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 });
  const n = new Intl.NumberFormat(locale);
  const money = useMoney('USD');
  const dayFormat = useDayFormat();
  const now = new Date();
  const from = day(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)));
  const to = day(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)));
  const volumes = useQuery({
    queryKey: [...PRODUCTION, 'volumes', from, to],
    queryFn: () => ok(api.GET('/api/production/volumes', { params: { query: { from, to } } })),
  });
  const prices = useQuery({
    queryKey: [...PRODUCTION, 'prices'],
    queryFn: () =>
      allPages((cursor) =>
        ok(
          api.GET('/api/prices', {
            params: { query: { currency: 'USD', limit: 200, ...(cursor && { cursor }) } },
          }),
        ),
      ),
  });
  const cooperatives = useMemo(() => {
    const seen = new Map<string, string>();
    for (const v of volumes.data?.items ?? []) seen.set(v.cooperative.id, v.cooperative.name);
    return [...seen].map(([id, name]) => ({ id, name }));
  }, [volumes.data]);
  const own = me.role === 'cooperative_manager';
  const [chosen, setChosen] = useState('');
  const cooperative = own ? me.organisationId : chosen || cooperatives[0]?.id || '';
  const mayReadAccounts = own || ['admin', 'analyst', 'assessor', 'monitor', 'regulator'].includes(me.role);
  const account = useQuery({
    queryKey: [...PRODUCTION, 'account', cooperative],
    queryFn: () =>
      ok(
        api.GET('/api/cooperatives/{id}/account', {
          params: { path: { id: cooperative }, query: { currency: 'USD' } },
        }),
      ),
    enabled: mayReadAccounts && cooperative !== '',
  });
  const mayReadExports = exportFlowScope(me) !== null;
  const exports = useQuery({
    queryKey: [...PRODUCTION, 'exports', from, to],
    queryFn: () => ok(api.GET('/api/production/exports', { params: { query: { from, to } } })),
    enabled: mayReadExports,
  });
  const countries = new Intl.DisplayNames([locale], { type: 'region' });
  const option = useMemo(() => {
    const series = (kind: 'floor' | 'market') =>
      (prices.data ?? []).filter((p) => p.kind === kind).map((p) => [p.effectiveOn, p.perTonneMinor / 100]);
    return {
      grid: { left: 72, right: 16, top: 32, bottom: 32 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      ...timeAxisOption(
        (prices.data ?? []).map((p) => Date.parse(p.effectiveOn)),
        locale,
      ),
      yAxis: {
        type: 'value',
        name: 'USD/t',
        axisLabel: { formatter: (v: number) => new Intl.NumberFormat(locale).format(v) },
      },
      series: [
        { type: 'line', step: 'end', name: t('prices.floor'), data: series('floor'), color: '#c62828' },
        { type: 'line', step: 'end', name: t('prices.market'), data: series('market'), color: '#1565c0' },
      ],
    };
  }, [prices.data, t, locale]);

  return (
    <article className="production">
      <p className="intro">{t('intro')}</p>
      <section className="card" aria-label={t('prices.title')}>
        <h2>{t('prices.title')}</h2>
        <ExportButton label={t('prices.title')} list={{ path: '/api/prices', query: { currency: 'USD' } }} />
        {prices.error && <Failure error={prices.error} prefixed />}
        {prices.data && <Chart option={option} label={t('prices.chart')} />}
        {prices.data && prices.data.length > 0 && (
          <table aria-label={t('prices.latest')}>
            <caption>{t('prices.latest')}</caption>
            <thead>
              <tr>
                <th>{t('setting.effectiveOn')}</th>
                <th>{t('setting.kind')}</th>
                <th>{t('prices.perTonne')}</th>
                <th>{t('setting.source')}</th>
              </tr>
            </thead>
            <tbody>
              {[...prices.data]
                .reverse()
                .slice(0, 6)
                .map((p) => (
                  <tr key={p.id}>
                    <td>{dayFormat(p.effectiveOn)}</td>
                    <td>{t(`prices.${p.kind}`)}</td>
                    <td>{money(p.perTonneMinor)}</td>
                    <td>{p.source || '—'}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        )}
        <PriceSetting queryKey={[...PRODUCTION, 'prices']} />
      </section>

      <section className="card" aria-label={t('volumes.title')}>
        <h2>{t('volumes.title')}</h2>
        {volumes.error && <Failure error={volumes.error} prefixed />}
        {!volumes.data && !volumes.error && <Loading />}
        {volumes.data && volumes.data.items.length === 0 && <p className="empty">{t('volumes.none')}</p>}
        {volumes.data && volumes.data.items.length > 0 && (
          <table>
            <thead>
              <tr>
                <th>{t('volumes.month')}</th>
                <th>{t('volumes.site')}</th>
                <th>{t('volumes.cooperative')}</th>
                <th>{t('volumes.buyer')}</th>
                <th>{t('volumes.lots')}</th>
                <th>{t('volumes.mass')}</th>
                <th>{t('volumes.cobalt')}</th>
              </tr>
            </thead>
            <tbody>
              {volumes.data.items.map((v) => (
                <tr key={`${v.month}-${v.site?.id}-${v.cooperative.id}-${v.buyer.id}`}>
                  <td>{v.month}</td>
                  <td>{v.site?.code ?? '—'}</td>
                  <td>{v.cooperative.name}</td>
                  <td>{v.buyer.name}</td>
                  <td>{n.format(v.lots)}</td>
                  <td>{kg.format(v.massKg)}</td>
                  <td>{kg.format(v.cobaltKg)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {mayReadExports && (
        <section className="card" aria-label={t('exports.title')}>
          <h2>{t('exports.title')}</h2>
          {exports.error && <Failure error={exports.error} prefixed />}
          {!exports.data && !exports.error && <Loading />}
          {exports.data && exports.data.items.length === 0 && <p className="empty">{t('exports.none')}</p>}
          {exports.data && exports.data.items.length > 0 && (
            <table>
              <thead>
                <tr>
                  <th>{t('volumes.month')}</th>
                  <th>{t('exports.exporter')}</th>
                  <th>{t('exports.country')}</th>
                  <th>{t('exports.receiver')}</th>
                  <th>{t('volumes.lots')}</th>
                  <th>{t('volumes.mass')}</th>
                  <th>{t('volumes.cobalt')}</th>
                </tr>
              </thead>
              <tbody>
                {exports.data.items.map((f) => (
                  <tr key={`${f.month}-${f.exporter.id}-${f.receiver.id}`}>
                    <td>{f.month}</td>
                    <td>{f.exporter.name}</td>
                    <td>{countries.of(f.destinationCountry) ?? f.destinationCountry}</td>
                    <td>
                      {f.receiver.name}
                      {f.receiver.refiner && ` (${t('exports.refiner')})`}
                    </td>
                    <td>{n.format(f.lots)}</td>
                    <td>{kg.format(f.massKg)}</td>
                    <td>{kg.format(f.cobaltKg)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}

      {(mayReadAccounts || mayReadExports) && <Royalties kg={kg} />}

      {mayReadAccounts && (
        <section className="card" aria-label={t('account.title')}>
          <h2>{t('account.title')}</h2>
          {!own && cooperatives.length > 0 && (
            <label>
              {t('volumes.cooperative')}
              <select value={cooperative} onChange={(e) => setChosen(e.target.value)}>
                {cooperatives.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          {account.error && <Failure error={account.error} prefixed />}
          {account.data && <Account account={account.data} money={money} kg={kg} />}
        </section>
      )}
    </article>
  );
}

type AccountData = NonNullable<Awaited<ReturnType<typeof fetchAccount>>>;
const fetchAccount = (id: string) =>
  ok(api.GET('/api/cooperatives/{id}/account', { params: { path: { id }, query: { currency: 'USD' } } }));

function Account({
  account,
  money,
  kg,
}: {
  account: AccountData;
  money: (minor: number) => string;
  kg: Intl.NumberFormat;
}) {
  const { t } = useTranslation('production');
  const day = useDayFormat();
  return (
    <>
      <dl className="facts">
        <dt>{t('account.owed')}</dt>
        <dd>{money(account.owedMinor)}</dd>
        <dt>{t('account.paid')}</dt>
        <dd>{money(account.paidMinor)}</dd>
        <dt>{t('account.balance')}</dt>
        <dd className={account.balanceMinor > 0 ? 'late' : ''}>{money(account.balanceMinor)}</dd>
      </dl>
      <p className="plan-facts">{t('account.rule')}</p>
      <table>
        <thead>
          <tr>
            <th>{t('account.delivered')}</th>
            <th>{t('volumes.buyer')}</th>
            <th>{t('volumes.cobalt')}</th>
            <th>{t('account.price')}</th>
            <th>{t('account.owed')}</th>
            <th>{t('account.paid')}</th>
            <th>{t('account.balance')}</th>
          </tr>
        </thead>
        <tbody>
          {account.deliveries.map((d) => (
            <tr key={d.deliveryEvent}>
              <td>
                {day(d.shippedAt)} · {d.reference}
              </td>
              <td>{d.buyer.name}</td>
              <td>{kg.format(d.cobaltKg)}</td>
              <td>{d.priceMinor === null ? t('account.noPrice') : money(d.priceMinor)}</td>
              <td>{d.owedMinor === null ? '—' : money(d.owedMinor)}</td>
              <td>{money(d.paidMinor)}</td>
              <td>{d.balanceMinor === null ? '—' : money(d.balanceMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
