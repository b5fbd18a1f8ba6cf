import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ok } from '../../api/client.ts';
import { problemText } from '../../components/problem-text.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { useDayFormat } from '../../i18n/dates.ts';
import { useLocale } from '../../i18n/locale.ts';
import { useMoney } from '../../i18n/money.ts';
import { usePrincipal } from '../access/session.ts';
import { FUNDS, fundQuery, fundsQuery, scheduleQuery } from './queries.ts';

/**
 * The pooled fund: its formula, members, a year's contribution schedule, its projects and the allocations before
 * its committee. Those who run or oversee it see every member's line; a member its own, and votes when on the
 * committee.
 */
export function FundPage() {
  const { t } = useTranslation('funding');
  const funds = useQuery(fundsQuery);
  if (funds.error) return <Failure error={funds.error} />;
  if (!funds.data) return <Loading />;
  const first = funds.data.items[0];
  if (!first) return <p className="empty">{t('fund.none')}</p>;
  return <Fund id={first.id} />;
}

function Fund({ id }: { id: string }) {
  const { t } = useTranslation('funding');
  const me = usePrincipal();
  const day = useDayFormat();
  const locale = useLocale();
  const n = new Intl.NumberFormat(locale);
  const fund = useQuery(fundQuery(id));
  const [year, setYear] = useState(new Date().getUTCFullYear());
  const schedule = useQuery(scheduleQuery(id, year));
  const queries = useQueryClient();
  const [voteProblem, setVoteProblem] = useState('');
  const vote = useMutation({
    mutationFn: (v: { proposalId: string; vote: 'approve' | 'reject' }) =>
      ok(
        api.POST('/api/fund-proposals/{id}/votes', {
          params: { path: { id: v.proposalId } },
          body: { vote: v.vote },
        }),
      ),
    onSuccess: () => {
      setVoteProblem('');
      return queries.invalidateQueries({ queryKey: FUNDS });
    },
    onError: (e) => setVoteProblem(problemText(e)),
  });
  const money = useMoney(fund.data?.currency ?? 'USD');
  if (fund.error) return <Failure error={fund.error} />;
  if (!fund.data) return <Loading />;
  const f = fund.data;
  const onCommittee = f.members.some((m) => m.committee && m.organisationId === me.organisationId);
  const committee = f.members.filter((m) => m.committee).length;
  const sees = (organisationId: string) => f.access !== 'member' || organisationId === me.organisationId;
  return (
    <article className="fund">
      <h2>{f.name}</h2>
      <dl className="facts">
        <dt>{t('fund.operator')}</dt>
        <dd>{f.operator.name}</dd>
        <dt>{t('fund.rate')}</dt>
        <dd>{t('fund.perTonne', { amount: money(f.ratePerTonneMinor) })}</dd>
        <dt>{t('fund.floor')}</dt>
        <dd>{t('fund.perYear', { amount: money(f.floorMinor) })}</dd>
        <dt>{t('fund.quorum')}</dt>
        <dd>{t('fund.quorumOf', { quorum: n.format(f.quorum), committee: n.format(committee) })}</dd>
      </dl>

      <section className="card" aria-label={t('members.title')}>
        <h2>{t('members.title')}</h2>
        <ul>
          {f.members.map((m) => (
            <li key={m.organisationId}>
              {sees(m.organisationId) ? (
                <Link to={`/funding/${f.id}/funders/${m.organisationId}`}>{m.name}</Link>
              ) : (
                m.name
              )}
              {m.committee && <span className="badge badge-blue">{t('members.committee')}</span>}
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-label={t('schedule.title')}>
        <h2>{t('schedule.title')}</h2>
        <label>
          {t('schedule.year')}
          <select value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {[0, 1, 2].map((k) => {
              const y = new Date().getUTCFullYear() - k;
              return (
                <option key={y} value={y}>
                  {y}
                </option>
              );
            })}
          </select>
        </label>
        {schedule.error && <Failure error={schedule.error} prefixed />}
        {schedule.data && (
          <table>
            <thead>
              <tr>
                <th>{t('schedule.member')}</th>
                <th>{t('schedule.cobalt')}</th>
                <th>{t('schedule.source')}</th>
                <th>{t('schedule.due')}</th>
                <th>{t('schedule.pledged')}</th>
                <th>{t('schedule.paid')}</th>
                <th>{t('schedule.outstanding')}</th>
              </tr>
            </thead>
            <tbody>
              {schedule.data.lines.map((l) => (
                <tr key={l.organisationId}>
                  <td>{l.name}</td>
                  <td>
                    {t('schedule.tonnes', {
                      t: new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(
                        l.cobaltKg / 1000,
                      ),
                    })}
                  </td>
                  <td>{t(`source.${l.source}`)}</td>
                  <td>
                    {money(l.dueMinor)}
                    {l.atFloor && <span className="plan-facts"> ({t('schedule.atFloor')})</span>}
                  </td>
                  <td>{money(l.pledgedMinor)}</td>
                  <td>{money(l.paidMinor)}</td>
                  <td>{money(l.outstandingMinor)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card" aria-label={t('projects.title')}>
        <h2>{t('projects.title')}</h2>
        <table>
          <thead>
            <tr>
              <th>{t('projects.project')}</th>
              <th>{t('projects.place')}</th>
              <th>{t('projects.budget')}</th>
              <th>{t('projects.allocated')}</th>
              <th>{t('projects.disbursed')}</th>
            </tr>
          </thead>
          <tbody>
            {f.projects.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link to={`/funding/projects/${p.id}`}>{p.title}</Link>
                </td>
                <td>{p.site ? `${p.site.code} · ${p.site.name}` : p.cooperative?.name}</td>
                <td>{money(p.budgetMinor)}</td>
                <td>{money(p.allocatedMinor)}</td>
                <td>{money(p.disbursedMinor)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card" aria-label={t('proposals.title')}>
        <h2>{t('proposals.title')}</h2>
        {voteProblem && (
          <p role="alert" className="error">
            {voteProblem}
          </p>
        )}
        <ul className="proposals">
          {f.proposals.map((p) => {
            const voted = p.votes.some((v) => v.organisationId === me.organisationId);
            return (
              <li key={p.id} aria-label={`${p.projectTitle} · ${money(p.amountMinor)}`}>
                <strong>{p.projectTitle}</strong> · {money(p.amountMinor)} ·{' '}
                <span className={`proposal-${p.state}`}>{t(`proposalState.${p.state}`)}</span>
                <div className="plan-facts">
                  {p.rationale} · {t('proposals.proposed', { date: day(p.proposedAt) })} ·{' '}
                  {t('proposals.approvals', {
                    approvals: n.format(p.votes.filter((v) => v.vote === 'approve').length),
                    quorum: n.format(p.quorum),
                  })}
                </div>
                {p.votes.length > 0 && (
                  <ul>
                    {p.votes.map((v) => (
                      <li key={v.organisationId}>
                        {v.name} : {t(`vote.${v.vote}`)} ({day(v.at)})
                      </li>
                    ))}
                  </ul>
                )}
                {onCommittee && p.state === 'open' && !voted && (
                  <div className="toolbar">
                    <button
                      type="button"
                      disabled={vote.isPending}
                      onClick={() => vote.mutate({ proposalId: p.id, vote: 'approve' })}
                    >
                      {t('vote.doApprove')}
                    </button>
                    <button
                      type="button"
                      disabled={vote.isPending}
                      onClick={() => vote.mutate({ proposalId: p.id, vote: 'reject' })}
                    >
                      {t('vote.doReject')}
                    </button>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      </section>
    </article>
  );
}
