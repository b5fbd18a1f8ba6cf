import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Answer, api, ok } from '../../api/client.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { inboxQuery } from './alert-queries.ts';

type Alert = Answer<'/api/alerts'>['items'][number];

/** An alert's headline in the reader's language, built from its facts. */
export const alertTitle = (a: Alert, t: TFunction<'incidents'>) =>
  t('alerts.title', {
    code: a.body.incident.code,
    state: t(`state.${a.body.transition.to}`),
    title: a.body.incident.title,
    level: a.body.incident.level,
    siteCode: a.body.site.code,
    siteName: a.body.site.name,
  });

/** The organisation's alerts inbox: newest first, unread ones marked. */
export function AlertsPage() {
  const { t } = useTranslation('incidents');
  const queries = useQueryClient();
  const { data: page, error } = useQuery(inboxQuery);
  const markRead = useMutation({
    mutationFn: (id: string) => ok(api.POST('/api/alerts/{id}/read', { params: { path: { id } } })),
    // The inbox, then the badge in the navigation and the home page's figure.
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: inboxQuery.queryKey });
      await Promise.all([
        queries.invalidateQueries({ queryKey: ['alerts'] }),
        queries.invalidateQueries({ queryKey: ['dashboard'] }),
      ]);
    },
  });

  if (error) return <Failure error={error} />;
  if (!page) return <Loading />;
  if (page.items.length === 0) return <p className="empty">{t('alerts.none')}</p>;
  return (
    <ul className="inbox">
      {page.items.map((a) => (
        <li key={a.id} className={a.readAt ? 'read' : 'unread'}>
          <Link to={`/incidents/${a.incidentId}`}>{alertTitle(a, t)}</Link>
          <span className="when">{a.createdAt.slice(0, 16).replace('T', ' ')}</span>
          <p>{a.body.transition.reason}</p>
          {!a.readAt && (
            <button type="button" onClick={() => markRead.mutate(a.id)}>
              {t('alerts.markRead')}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
