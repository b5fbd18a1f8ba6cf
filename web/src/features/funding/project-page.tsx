import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ok } from '../../api/client.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { QuickForm } from '../../components/quick-form.tsx';
import { useDayFormat } from '../../i18n/dates.ts';
import { toMinor, useMoney } from '../../i18n/money.ts';
import { Outcomes } from './outcomes.tsx';
import { FUNDS, fundQuery, projectQuery } from './queries.ts';

/** The day a milestone was met, at noon UTC, or now when it is today or not given (never in the future). */
const metAtOf = (day: string) => {
  const now = new Date();
  const noon = day ? new Date(`${day}T12:00:00Z`) : now;
  return (noon.getTime() > now.getTime() ? now : noon).toISOString();
};

/**
 * An improvement project: where, its budget and milestones, what was disbursed against each, the incidents and
 * corrective actions it addresses, and the indicators it should move before and after its start. The fund's
 * managers record a milestone met and a disbursement here; a disbursement before its milestone is met is refused.
 */
export function ProjectPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('funding');
  const day = useDayFormat();
  const project = useQuery(projectQuery(id));
  const fund = useQuery({ ...fundQuery(project.data?.fundId ?? ''), enabled: !!project.data });
  const money = useMoney(project.data?.currency ?? 'USD');
  const queries = useQueryClient();
  const changed = () => queries.invalidateQueries({ queryKey: FUNDS });
  if (project.error) return <Failure error={project.error} />;
  if (!project.data) return <Loading />;
  const p = project.data;
  const manager = fund.data?.access === 'manager';
  const open = p.milestones.filter((m) => m.disbursedMinor < m.amountMinor);
  return (
    <article className="fund-project">
      <h2>{p.title}</h2>
      <p className="intro">{p.description}</p>
      <dl className="facts">
        <dt>{t('projects.place')}</dt>
        <dd>
          {p.site ? (
            <Link to={`/sites/${p.site.id}`}>{`${p.site.code} · ${p.site.name}`}</Link>
          ) : (
            p.cooperative?.name
          )}
        </dd>
        <dt>{t('projects.starts')}</dt>
        <dd>{day(p.startsOn)}</dd>
        <dt>{t('projects.budget')}</dt>
        <dd>{money(p.budgetMinor)}</dd>
        <dt>{t('projects.allocated')}</dt>
        <dd>{money(p.allocatedMinor)}</dd>
        <dt>{t('projects.disbursed')}</dt>
        <dd>{money(p.disbursedMinor)}</dd>
      </dl>

      <section className="card" aria-label={t('projects.addresses')}>
        <h2>{t('projects.addresses')}</h2>
        {p.incidents.length + p.correctiveActions.length === 0 && (
          <p className="empty">{t('projects.addressesNone')}</p>
        )}
        <ul>
          {p.incidents.map((i) => (
            <li key={i.id}>
              <Link to={`/incidents/${i.id}`}>{i.code}</Link> · {i.title} (
              {t('projects.level', { level: i.level })})
            </li>
          ))}
          {p.correctiveActions.map((a) => (
            <li key={a.id}>
              {a.requirementCode} · {i18n.language === 'fr' ? a.textFr : a.textEn} ({day(a.deadline)})
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-label={t('milestones.title')}>
        <h2>{t('milestones.title')}</h2>
        <table>
          <thead>
            <tr>
              <th>{t('milestones.milestone')}</th>
              <th>{t('milestones.amount')}</th>
              <th>{t('milestones.due')}</th>
              <th>{t('milestones.met')}</th>
              <th>{t('milestones.disbursed')}</th>
            </tr>
          </thead>
          <tbody>
            {p.milestones.map((m) => (
              <tr key={m.id}>
                <td>{m.title}</td>
                <td>{money(m.amountMinor)}</td>
                <td>{day(m.dueOn)}</td>
                <td>{m.metAt ? `${day(m.metAt)} · ${m.metNote}` : t('milestones.notMet')}</td>
                <td>{money(m.disbursedMinor)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {manager && open.length > 0 && (
          <div className="two-forms">
            <section aria-label={t('milestones.recordMet')}>
              <h3>{t('milestones.recordMet')}</h3>
              <QuickForm
                submitLabel={t('milestones.recordMet')}
                fields={[
                  {
                    name: 'milestoneId',
                    label: t('milestones.milestone'),
                    options: p.milestones
                      .filter((m) => !m.metAt)
                      .map((m) => ({ value: m.id, label: m.title })),
                  },
                  { name: 'metOn', label: t('milestones.metOn'), type: 'date' },
                  { name: 'note', label: t('milestones.note'), type: 'textarea' },
                ]}
                onSubmit={async (v) => {
                  await ok(
                    api.POST('/api/fund-projects/{id}/milestones/{milestoneId}/met', {
                      params: { path: { id, milestoneId: v.milestoneId } },
                      body: {
                        metAt: metAtOf(v.metOn),
                        note: v.note,
                      },
                    }),
                  );
                  await changed();
                }}
              />
            </section>
            <section aria-label={t('disburse.title')}>
              <h3>{t('disburse.title')}</h3>
              <QuickForm
                submitLabel={t('disburse.submit')}
                fields={[
                  {
                    name: 'milestoneId',
                    label: t('milestones.milestone'),
                    options: open.map((m) => ({ value: m.id, label: m.title })),
                  },
                  { name: 'amount', label: t('disburse.amount', { currency: p.currency }) },
                  { name: 'reference', label: t('disburse.reference') },
                ]}
                onSubmit={async (v) => {
                  await ok(
                    api.POST('/api/fund-projects/{id}/disbursements', {
                      params: { path: { id } },
                      body: {
                        milestoneId: v.milestoneId,
                        amountMinor: toMinor(v.amount),
                        disbursedAt: new Date().toISOString(),
                        reference: v.reference,
                      },
                    }),
                  );
                  await changed();
                }}
              />
            </section>
          </div>
        )}
        {p.disbursements.length > 0 && (
          <>
            <h3>{t('disburse.done')}</h3>
            <ul>
              {p.disbursements.map((d) => (
                <li key={d.id}>
                  {day(d.disbursedAt)} · {money(d.amountMinor)} · {d.reference} ·{' '}
                  {p.milestones.find((m) => m.id === d.milestoneId)?.title}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section className="card" aria-label={t('outcomes.title')}>
        <h2>{t('outcomes.title')}</h2>
        <Outcomes
          outcomes={p.outcomes}
          startsOn={day(p.startsOn)}
          label={t('outcomes.chart', { project: p.title })}
        />
      </section>
      {fund.data && (
        <p>
          <Link to="/funding">{t('fund.back', { name: fund.data.name })}</Link>
        </p>
      )}
    </article>
  );
}
