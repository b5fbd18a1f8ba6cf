import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { canWritePrivate } from '../../../../src/domain/access/roles.ts';
import { canReadMinerCards, canRegisterMinerCard } from '../../../../src/domain/actors/miner-cards.ts';
import { api, ok } from '../../api/client.ts';
import { Chart } from '../../components/chart.tsx';
import { PagedList } from '../../components/paged-list.tsx';
import { Failure, Loading } from '../../components/query-state.tsx';
import { QuickForm } from '../../components/quick-form.tsx';
import { useDayFormat } from '../../i18n/dates.ts';
import { useLocale } from '../../i18n/locale.ts';
import { usePrincipal } from '../access/session.ts';

type Card = { id: string; cardNumber: string; birthYear: number; issuedOn: string };

/**
 * A cooperative's members: how many it counted over time (a chart and the counts), how many miners' cards it
 * holds, and, for the cooperative itself and the programme only, the card register: number, birth year, day
 * of issue, never a name (decision 0057).
 */
export function MembersPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('actors');
  const me = usePrincipal();
  const locale = useLocale();
  const n = new Intl.NumberFormat(locale);
  const day = useDayFormat();
  const queries = useQueryClient();
  const key = ['cooperative-members', id];
  const members = useQuery({
    queryKey: key,
    queryFn: () => ok(api.GET('/api/cooperatives/{id}/members', { params: { path: { id } } })),
  });
  const option = useMemo(
    () => ({
      grid: { left: 64, right: 16, top: 24, bottom: 32 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => n.format(v) } },
      series: [
        {
          type: 'line',
          step: 'end',
          name: t('members.members'),
          data: (members.data?.counts ?? []).map((c) => [c.countedOn, c.members]),
          color: '#2e7d32',
        },
      ],
    }),
    [members.data, t, n],
  );
  if (members.error) return <Failure error={members.error} />;
  if (!members.data) return <Loading />;
  const m = members.data;
  const latest = m.counts.at(-1);
  const mayKeep = canWritePrivate(me, id);
  const refresh = () => queries.invalidateQueries({ queryKey: ['cooperative-members', id] });
  return (
    <article className="members">
      <h2>
        <Link to={`/organisations/${id}`}>{m.cooperative.name}</Link>
      </h2>
      <dl className="facts">
        <dt>{t('members.latest')}</dt>
        <dd>
          {latest
            ? t('members.countedOn', { members: n.format(latest.members), day: day(latest.countedOn) })
            : '—'}
        </dd>
        <dt>{t('members.cards')}</dt>
        <dd>{n.format(m.cards)}</dd>
      </dl>
      <section className="card" aria-label={t('members.title')}>
        <h3>{t('members.title')}</h3>
        {m.counts.length === 0 ? (
          <p className="empty">{t('members.none')}</p>
        ) : (
          <Chart option={option} label={t('members.chart')} height={220} />
        )}
        {mayKeep && (
          <QuickForm
            submitLabel={t('members.record')}
            fields={[
              { name: 'countedOn', label: t('members.day'), type: 'date' },
              { name: 'members', label: t('members.members'), type: 'number' },
            ]}
            onSubmit={async (v) => {
              await ok(
                api.POST('/api/cooperatives/{id}/members', {
                  params: { path: { id } },
                  body: { countedOn: v.countedOn, members: Number(v.members) },
                }),
              );
              await refresh();
            }}
          />
        )}
      </section>
      {canReadMinerCards(me, id) && (
        <section className="card" aria-label={t('members.register')}>
          <h3>{t('members.register')}</h3>
          <p className="hint">{t('members.registerHint')}</p>
          <PagedList<Card, never>
            searchable={false}
            queryKey={['miner-cards', id]}
            label={t('members.register')}
            exportOf={{ path: `/api/cooperatives/${id}/miner-cards`, query: {} }}
            empty={t('members.noCards')}
            load={({ cursor }) =>
              ok(
                api.GET('/api/cooperatives/{id}/miner-cards', {
                  params: { path: { id }, query: { limit: 50, ...(cursor && { cursor }) } },
                }),
              )
            }
            columns={[
              { label: t('members.cardNumber') },
              { label: t('members.birthYear') },
              { label: t('members.issuedOn') },
            ]}
            row={(c) => (
              <tr key={c.id}>
                <td>{c.cardNumber}</td>
                <td>{c.birthYear}</td>
                <td>{day(c.issuedOn)}</td>
              </tr>
            )}
          />
          {canRegisterMinerCard(me, id) && (
            <QuickForm
              submitLabel={t('members.addCard')}
              fields={[
                { name: 'cardNumber', label: t('members.cardNumber') },
                { name: 'birthYear', label: t('members.birthYear'), type: 'number' },
                { name: 'issuedOn', label: t('members.issuedOn'), type: 'date' },
              ]}
              onSubmit={async (v) => {
                await ok(
                  api.POST('/api/miner-cards', {
                    body: {
                      cardNumber: v.cardNumber,
                      cooperativeId: id,
                      birthYear: Number(v.birthYear),
                      issuedOn: v.issuedOn,
                    },
                  }),
                );
                await Promise.all([refresh(), queries.invalidateQueries({ queryKey: ['miner-cards', id] })]);
              }}
            />
          )}
        </section>
      )}
    </article>
  );
}
