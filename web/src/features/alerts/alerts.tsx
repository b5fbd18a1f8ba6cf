import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { canManageSubscriptions } from '../../../../src/domain/access/roles.ts';
import { type Answer, api, ok } from '../../api/client.ts';
import { ExportButton } from '../../components/export-button.tsx';
import { Failure, Loading } from '../../components/query-state.tsx';
import { type Locale, useLocale } from '../../i18n/locale.ts';
import { PAGES } from '../../routes.ts';
import { usePrincipal } from '../access/session.ts';
import { causeOf, causeText, conformityText } from '../custody/conformity-text.ts';
import { inboxQuery } from './alert-queries.ts';

type Alert = Answer<'/api/alerts'>['items'][number];
type ConformityBody = Extract<Alert['body'], { conformity: unknown }>;
type IncidentBody = Exclude<Alert['body'], ConformityBody>;

/** An incident alert's headline in the reader's language, built from its facts. */
export const alertTitle = (body: IncidentBody, t: TFunction<'alerts'>, ti: TFunction<'incidents'>) =>
  t('inbox.title', {
    code: body.incident.code,
    state: ti(`state.${body.transition.to}`),
    title: body.incident.title,
    level: body.incident.level,
    siteCode: body.site.code,
    siteName: body.site.name,
  });

/** A conformity alert's headline: how many lots with ore from which site, and why they were judged again. */
export const conformityAlertTitle = (body: ConformityBody, t: TFunction<'alerts'>, locale: Locale) =>
  t('inbox.conformity', {
    count: body.lotCount,
    siteCode: body.site.code,
    siteName: body.site.name,
    cause: causeText(causeOf(body.conformity.cause), locale),
  });

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** The organisation's alerts inbox: newest first, unread ones marked. */
export function AlertsPage() {
  const { t } = useTranslation('alerts');
  const { t: ti } = useTranslation('incidents');
  const { t: tc } = useTranslation();
  const locale = useLocale();
  const queries = useQueryClient();
  const inbox = useInfiniteQuery(inboxQuery);
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

  const links = canManageSubscriptions(usePrincipal()) && (
    <nav className="toolbar" aria-label={t('follows.link')}>
      <Link to={PAGES.follows.path}>{t('follows.link')}</Link>
      <Link to={PAGES.webhooks.path}>{t('webhooks.listTitle')}</Link>
    </nav>
  );
  if (inbox.error && !inbox.data) return <Failure error={inbox.error} />;
  if (!inbox.data) return <Loading />;
  const items = inbox.data.pages.flatMap((p) => p.items);
  if (items.length === 0)
    return (
      <>
        {links}
        <p className="empty">{t('inbox.none')}</p>
      </>
    );
  return (
    <>
      {links}
      <ExportButton label={tc('nav.alerts')} list={{ path: '/api/alerts', query: {} }} />
      <ul className="inbox">
        {items.map((a) => (
          <li key={a.id} className={a.readAt ? 'read' : 'unread'}>
            {'conformity' in a.body ? (
              <ConformityAlert body={a.body} when={a.createdAt} t={t} locale={locale} />
            ) : (
              <>
                <Link to={`/incidents/${a.incidentId}`}>{alertTitle(a.body, t, ti)}</Link>
                <span className="when">{when(a.createdAt)}</span>
                <p>{a.body.transition.reason}</p>
              </>
            )}
            {!a.readAt && (
              <button type="button" onClick={() => markRead.mutate(a.id)}>
                {t('inbox.markRead')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {inbox.error && <Failure error={inbox.error} prefixed />}
      {inbox.isFetchingNextPage && <Loading />}
      {inbox.hasNextPage && !inbox.isFetchingNextPage && (
        <button type="button" onClick={() => inbox.fetchNextPage()}>
          {tc('more')}
        </button>
      )}
    </>
  );
}

/** An alert about lots whose conformity changed: the cause, then each lot, linked, with its change. */
function ConformityAlert({
  body,
  when: at,
  t,
  locale,
}: {
  body: ConformityBody;
  when: string;
  t: TFunction<'alerts'>;
  locale: Locale;
}) {
  const cause = causeOf(body.conformity.cause);
  return (
    <>
      <strong>{conformityAlertTitle(body, t, locale)}</strong>
      <span className="when">{when(at)}</span>
      <ul className="alert-lots">
        {body.lots.map((l) => (
          <li key={l.id}>
            <Link to={`/lots/${l.id}`}>{l.tag ?? l.epc}</Link>{' '}
            {conformityText(l.before, l.after, cause, locale)}
          </li>
        ))}
        {body.lotCount > body.lots.length && (
          <li>{t('inbox.moreLots', { count: body.lotCount - body.lots.length })}</li>
        )}
      </ul>
    </>
  );
}
