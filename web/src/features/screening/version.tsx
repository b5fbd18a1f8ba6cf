import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { oneOf } from '../../components/one-of.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { type ChangeKind, changesPage, SCREENING, versionQuery } from './queries.ts';
import { RunState } from './screening.tsx';

const CHANGES = ['added', 'removed', 'changed'] as const satisfies readonly ChangeKind[];

/** One list version: its counts, the screening against it, and what it changed, entry by entry. */
export function ListVersionPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('screening');
  const n = new Intl.NumberFormat(useLocale());
  const [change, setChange] = useState<ChangeKind | ''>('');
  const version = useQuery(versionQuery(id));
  const changes = useInfiniteQuery({
    queryKey: [...SCREENING, 'version', id, 'changes', change],
    queryFn: ({ pageParam }) => changesPage(id, change, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const back = <Link to="/screening">{t('page.back')}</Link>;
  if (version.error)
    return (
      <>
        {back}
        <Failure error={version.error} prefixed />
      </>
    );
  if (!version.data) return <Loading />;
  const v = version.data;
  const items = changes.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <article>
      {back}
      <h1>{t('page.version', { list: v.list.name, number: v.number })}</h1>
      <section className="card">
        <dl className="facts">
          <dt>{t('page.kind')}</dt>
          <dd>{t(`kind.${v.list.kind}`)}</dd>
          <dt>{t('page.published')}</dt>
          <dd>{v.publishedAt ?? '—'}</dd>
          <dt>{t('page.importedAt')}</dt>
          <dd>{v.importedAt.slice(0, 16).replace('T', ' ')}</dd>
          <dt>{t('page.individuals')}</dt>
          <dd>{n.format(v.counts.individuals)}</dd>
          <dt>{t('page.entities')}</dt>
          <dd>{n.format(v.counts.entities)}</dd>
          <dt>{t('page.changes')}</dt>
          <dd data-testid="version-changes">
            {t('page.added')} {n.format(v.changes.added)} · {t('page.removed')} {n.format(v.changes.removed)}{' '}
            · {t('page.changed')} {n.format(v.changes.changed)}
          </dd>
          <dt>{t('page.screening')}</dt>
          <dd data-testid="version-screening">
            <RunState version={v} />
          </dd>
        </dl>
      </section>
      <section className="card">
        <h2>{t('page.changes')}</h2>
        <label>
          {t('page.changeKind')}
          <select value={change} onChange={(e) => setChange(oneOf(CHANGES, e.target.value))}>
            <option value="">{t('page.allChanges')}</option>
            {CHANGES.map((c) => (
              <option key={c} value={c}>
                {t(`change.${c}`)}
              </option>
            ))}
          </select>
        </label>
        {changes.error && <Failure error={changes.error} prefixed />}
        <table>
          <thead>
            <tr>
              <th>{t('page.reference')}</th>
              <th>{t('page.name')}</th>
              <th>{t('page.changeKind')}</th>
              <th>{t('page.fields')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.reference}>
                <td>{c.reference}</td>
                <td>{c.name}</td>
                <td>{t(`change.${c.change}`)}</td>
                <td>{c.fields.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {changes.hasNextPage && (
          <button type="button" onClick={() => changes.fetchNextPage()}>
            {t('page.more')}
          </button>
        )}
      </section>
    </article>
  );
}
