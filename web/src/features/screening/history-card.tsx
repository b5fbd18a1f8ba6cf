import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client.ts';
import { ExportButton } from '../../components/export-button.tsx';
import { Failure } from '../../components/query-state.tsx';

type RecordType = 'organisation' | 'site' | 'incident' | 'lot';

const load = (type: RecordType, id: string, cursor: string | undefined) =>
  ok(
    api.GET('/api/event-log/records', {
      params: { query: { subjectType: type, subjectId: id, limit: 20, ...(cursor && { cursor }) } },
    }),
  );

const AREA: Record<RecordType, string> = {
  organisation: 'organisations',
  site: 'sites',
  incident: 'incidents',
  lot: 'lots',
};

/**
 * A record's history as the event log holds it: its own events and those of every record merged into it (for a
 * lot, the custody operations that made or moved it), newest first, each naming the record it was about and what
 * checking it where it stands says — sealed, not sealed yet, or altered (registry staff).
 */
export function HistoryCard({ recordType, id }: { recordType: RecordType; id: string }) {
  const { t, i18n } = useTranslation('screening', { keyPrefix: 'history' });
  const { t: tv } = useTranslation('event-log', { keyPrefix: 'history' });
  const history = useInfiniteQuery({
    queryKey: [AREA[recordType], id, 'record-history'],
    queryFn: ({ pageParam }) => load(recordType, id, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  // Sites and organisations take in the records merged into them; incidents and lots have their own events only.
  const title = recordType === 'site' || recordType === 'organisation' ? t('title') : tv('title');
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const events = history.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      <ExportButton
        label={title}
        list={{ path: '/api/event-log/records', query: { subjectType: recordType, subjectId: id } }}
      />
      {history.error && <Failure error={history.error} />}
      <table data-testid="record-history">
        <thead>
          <tr>
            <th>{t('when')}</th>
            <th>{t('what')}</th>
            <th>{t('record')}</th>
            <th>{t('by')}</th>
            <th>{tv('state')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.seq}>
              <td>{when.format(new Date(e.at))}</td>
              <td>{t(`type.${e.type}`, { defaultValue: e.type })}</td>
              <td>{e.subjectId === id ? t('this') : recordType === 'lot' ? tv('operation') : t('merged')}</td>
              <td>{e.by?.name ?? t('system')}</td>
              <td
                className={`verification verification-${e.verification}`}
                title={tv(`${e.verification}Hint`)}
              >
                {tv(e.verification)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {history.hasNextPage && (
        <button type="button" onClick={() => history.fetchNextPage()} disabled={history.isFetchingNextPage}>
          {t('more')}
        </button>
      )}
    </section>
  );
}
