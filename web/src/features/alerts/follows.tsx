import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Answer, api, ok } from '../../api/client.ts';
import { PagedList } from '../../components/paged-list.tsx';
import { problemText } from '../../components/problem-text.ts';
import { useDayFormat } from '../../i18n/dates.ts';

type Subscription = Answer<'/api/subscriptions'>['items'][number];
// The site page asks under this key whether it is followed: unfollowing here refreshes it there too.
const SUBSCRIPTIONS = ['subscriptions'] as const;

/** What the organisation follows — sites and suppliers — with the alert e-mails of each, and unfollow. */
export function FollowsPage() {
  const { t } = useTranslation('alerts');
  const day = useDayFormat();
  const [gone, setGone] = useState<string | null>(null);
  return (
    <section className="card">
      {gone && (
        <p role="status" className="saved">
          {t('follows.unfollowed', { name: gone })}
        </p>
      )}
      <PagedList<Subscription, never>
        searchable={false}
        queryKey={[...SUBSCRIPTIONS, 'all']}
        label={t('follows.link')}
        load={({ cursor }) =>
          ok(api.GET('/api/subscriptions', { params: { query: { limit: 50, ...(cursor && { cursor }) } } }))
        }
        exportOf={{ path: '/api/subscriptions', query: {} }}
        columns={[
          { label: t('follows.what') },
          { label: t('follows.emails') },
          { label: t('follows.since') },
          { label: '' },
        ]}
        empty={t('follows.none')}
        row={(s) => (
          <tr key={s.id}>
            <td>
              {s.siteId ? (
                <Link to={`/sites/${s.siteId}`}>
                  {s.target.code} — {s.target.name}
                </Link>
              ) : (
                <>
                  {t('follows.supplier')} : <Link to={`/organisations/${s.supplierId}`}>{s.target.name}</Link>
                </>
              )}
            </td>
            <td>{s.emails.join(', ') || '—'}</td>
            <td>{day(s.createdAt)}</td>
            <td>
              <Unfollow subscription={s} onGone={setGone} />
            </td>
          </tr>
        )}
      />
    </section>
  );
}

function Unfollow({ subscription, onGone }: { subscription: Subscription; onGone: (name: string) => void }) {
  const { t } = useTranslation('alerts');
  const queries = useQueryClient();
  const unfollow = useMutation({
    mutationFn: () =>
      ok(api.DELETE('/api/subscriptions/{id}', { params: { path: { id: subscription.id } } })),
    onSuccess: async () => {
      onGone(subscription.target.name);
      await queries.invalidateQueries({ queryKey: SUBSCRIPTIONS });
    },
  });
  return (
    <>
      <button type="button" disabled={unfollow.isPending} onClick={() => unfollow.mutate()}>
        {t('follows.unfollow')}
      </button>
      {unfollow.error && (
        <span role="alert" className="error">
          {problemText(unfollow.error)}
        </span>
      )}
    </>
  );
}
