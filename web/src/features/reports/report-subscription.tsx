import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { usePrincipal } from '../access/session.ts';

type Language = 'fr' | 'en';
type Format = 'pdf' | 'json';

/** Asking for a buyer's report each quarter by e-mail, and stopping it (decision 0056). */
export function ReportSubscription({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation('due-diligence', { keyPrefix: 'subscription' });
  const locale = useLocale();
  const queries = useQueryClient();
  const key = ['reports', 'subscriptions', organisationId];
  const params = { params: { path: { id: organisationId } } };
  const list = useQuery({
    queryKey: key,
    queryFn: () => ok(api.GET('/api/organisations/{id}/report-subscriptions', params)),
  });
  const { email } = usePrincipal();
  const [language, setLanguage] = useState<Language>(locale === 'en' ? 'en' : 'fr');
  const [format, setFormat] = useState<Format>('pdf');
  const [said, setSaid] = useState<'subscribed' | 'stopped' | null>(null);
  const subscribe = useMutation({
    mutationFn: () =>
      ok(api.POST('/api/organisations/{id}/report-subscriptions', { ...params, body: { language, format } })),
    onSuccess: () => {
      setSaid('subscribed');
      return queries.invalidateQueries({ queryKey: key });
    },
  });
  const stop = useMutation({
    mutationFn: (subscriptionId: string) =>
      ok(
        api.DELETE('/api/organisations/{id}/report-subscriptions/{subscriptionId}', {
          params: { path: { id: organisationId, subscriptionId } },
        }),
      ),
    onSuccess: () => {
      setSaid('stopped');
      return queries.invalidateQueries({ queryKey: key });
    },
  });
  return (
    <section className="card" data-testid="report-subscription">
      <h2>{t('title')}</h2>
      <p>{t('intro', { email })}</p>
      {list.isPending ? (
        <Loading />
      ) : list.error ? (
        <Failure error={list.error} />
      ) : list.data.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <ul>
          {list.data.map((s) => (
            <li key={s.id}>
              {t('each', { format: t(s.format), language: t(s.language), quarter: s.firstQuarter })} —{' '}
              {t('sent', { count: s.sentQuarters.length, list: s.sentQuarters.join(', ') })}{' '}
              <button type="button" onClick={() => stop.mutate(s.id)} disabled={stop.isPending}>
                {t('unsubscribe')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          setSaid(null);
          subscribe.mutate();
        }}
      >
        <label>
          {t('language')}
          <select value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
            <option value="fr">{t('fr')}</option>
            <option value="en">{t('en')}</option>
          </select>
        </label>
        <label>
          {t('format')}
          <select value={format} onChange={(e) => setFormat(e.target.value as Format)}>
            <option value="pdf">{t('pdf')}</option>
            <option value="json">{t('json')}</option>
          </select>
        </label>
        <button type="submit" disabled={subscribe.isPending}>
          {t('subscribe')}
        </button>
      </form>
      {subscribe.error && <Failure error={subscribe.error} />}
      {stop.error && <Failure error={stop.error} />}
      {said && (
        <p role="status" aria-live="polite">
          {t(said)}
        </p>
      )}
    </section>
  );
}
