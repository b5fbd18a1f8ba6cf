import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canRegisterActors } from '../../../../src/domain/access/roles.ts';
import { api, ok } from '../../api/client.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { QuickForm } from '../../components/quick-form.tsx';
import { toMinor, useMoney } from '../../i18n/money.ts';
import { usePrincipal } from '../access/session.ts';

/** The month before this one, 'YYYY-MM': the last whole month, the one royalties are declared for. */
const lastMonth = () => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
};

/**
 * Royalties for the regulator: for a month, each actor's contained cobalt shipped (custody) × the configured rate
 * beside what it declared, the largest gap first; the registry keepers record a declaration. An actor sees its own.
 */
export function Royalties({ kg }: { kg: Intl.NumberFormat }) {
  const { t } = useTranslation('production');
  const me = usePrincipal();
  const money = useMoney('USD');
  const queries = useQueryClient();
  const [period, setPeriod] = useState(lastMonth);
  const key = ['production', 'royalties', period];
  const lines = useQuery({
    queryKey: key,
    queryFn: () => ok(api.GET('/api/royalties', { params: { query: { period, currency: 'USD' } } })),
    enabled: /^\d{4}-\d{2}$/.test(period),
  });
  return (
    <section className="card" aria-label={t('royalties.title')}>
      <h2>{t('royalties.title')}</h2>
      <label className="field">
        {t('royalties.month')}
        <input
          type="month"
          value={period}
          max={new Date().toISOString().slice(0, 7)}
          onChange={(e) => setPeriod(e.target.value)}
        />
      </label>
      {lines.error && <Failure error={lines.error} prefixed />}
      {!lines.data && !lines.error && <Loading />}
      {lines.data && (
        <>
          <p className="plan-facts">{t('royalties.rule', { rate: money(lines.data.perTonneMinor) })}</p>
          {lines.data.items.length === 0 ? (
            <p className="empty">{t('royalties.none')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>{t('royalties.actor')}</th>
                  <th>{t('royalties.cobalt')}</th>
                  <th>{t('royalties.implied')}</th>
                  <th>{t('royalties.declared')}</th>
                  <th>{t('royalties.gap')}</th>
                </tr>
              </thead>
              <tbody>
                {lines.data.items.map((l) => (
                  <tr key={l.organisation.id}>
                    <td>{l.organisation.name}</td>
                    <td>{kg.format(l.cobaltKg)}</td>
                    <td>{money(l.impliedMinor)}</td>
                    <td>{l.declaredMinor === null ? t('royalties.notDeclared') : money(l.declaredMinor)}</td>
                    <td className={l.gapMinor > 0 ? 'late' : ''}>{money(l.gapMinor)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {canRegisterActors(me) && lines.data.items.length > 0 && (
            <QuickForm
              submitLabel={t('royalties.declare')}
              fields={[
                {
                  name: 'organisationId',
                  label: t('royalties.organisation'),
                  options: lines.data.items.map((l) => ({
                    value: l.organisation.id,
                    label: l.organisation.name,
                  })),
                },
                { name: 'declaredMinor', label: t('royalties.amount') },
                { name: 'reference', label: t('royalties.reference') },
              ]}
              onSubmit={async (v) => {
                await ok(
                  api.POST('/api/royalty-declarations', {
                    body: {
                      organisationId: v.organisationId,
                      period,
                      currency: 'USD',
                      declaredMinor: toMinor(v.declaredMinor),
                      ...(v.reference && { reference: v.reference }),
                    },
                  }),
                );
                await queries.invalidateQueries({ queryKey: key });
              }}
            />
          )}
        </>
      )}
    </section>
  );
}
