import { type QueryKey, useInfiniteQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCardCells } from './card-cells.ts';
import { ExportButton, type ExportOf } from './export-button.tsx';
import { SortHeader } from './form-footer.tsx';
import { nextSort, type Sorted, sortState } from './local-list.ts';
import { Failure, Loading } from './query-state.tsx';

/** A column of a list; with `sort`, its header sorts the list by that key (click again to reverse). */
export interface Column<K extends string> {
  label: string;
  sort?: K;
  numeric?: boolean;
}

/** What a page of a cursor-paged list is asked with. */
export interface PageRequest<K extends string> {
  q?: string;
  sort?: Sorted<K>;
  cursor?: string;
}

/**
 * A cursor-paged API list with a search box, sortable headers and "show more", loaded through the query
 * cache under `queryKey` (with the search and sort added), so that a change elsewhere can refresh it.
 */
export function PagedList<T, K extends string>(props: {
  queryKey: QueryKey;
  load: (request: PageRequest<K>) => Promise<{ items: T[]; nextCursor: string | null }>;
  columns: Column<K>[];
  row: (item: T) => ReactNode;
  label: string;
  /** The order the server answers in by default, shown on its column ("-key" for descending). */
  defaultSort?: Sorted<K>;
  /** What an empty list says; the common "nothing here" by default. */
  empty?: string;
  /** Whether the list offers its search box (its route takes `q`); it does unless told otherwise. */
  searchable?: boolean;
  /** The list's API route and filters: the export button exports them, with the search and order shown. */
  exportOf: ExportOf;
}) {
  const { t } = useTranslation();
  const table = useRef<HTMLTableElement>(null);
  useCardCells(
    table,
    props.columns.map((c) => c.label),
  );
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [sort, setSort] = useState<Sorted<K> | ''>(props.defaultSort ?? '');
  // Ask the server once the typing pauses, not at every key.
  useEffect(() => {
    const handle = setTimeout(() => setQ(typed), typed ? 250 : 0);
    return () => clearTimeout(handle);
  }, [typed]);
  const list = useInfiniteQuery({
    queryKey: [...props.queryKey, { q, sort }],
    queryFn: ({ pageParam }) =>
      props.load({
        ...(q && { q }),
        ...(sort && { sort }),
        ...(pageParam && { cursor: pageParam }),
      }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  // A refresh after a change elsewhere keeps the rows on screen; a new search or sort shows it is loading.
  const busy = list.isPending || list.isFetchingNextPage;

  return (
    <section aria-label={props.label}>
      <ExportButton
        label={props.label}
        list={{ path: props.exportOf.path, query: { ...props.exportOf.query, q, ...(sort && { sort }) } }}
      />
      {props.searchable !== false && (
        <label className="search">
          {t('search')}
          <input type="search" value={typed} onChange={(e) => setTyped(e.target.value)} />
        </label>
      )}
      {list.error && <Failure error={list.error} prefixed />}
      <div className="table-wrap">
        <table className="cards" ref={table} aria-busy={busy}>
          <thead>
            <tr>
              {props.columns.map((c) => (
                <th
                  key={c.label}
                  className={c.numeric ? 'num' : undefined}
                  aria-sort={c.sort ? sortState(sort, c.sort) : undefined}
                >
                  {c.sort ? (
                    <SortHeader
                      label={c.label}
                      state={sortState(sort, c.sort)}
                      onSort={() => c.sort && setSort(nextSort(sort, c.sort))}
                    />
                  ) : (
                    c.label
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{items.map(props.row)}</tbody>
        </table>
      </div>
      {!busy && !list.error && items.length === 0 && <p className="empty">{props.empty ?? t('empty')}</p>}
      {busy && <Loading />}
      {list.hasNextPage && !busy && (
        <button type="button" onClick={() => list.fetchNextPage()}>
          {t('more')}
        </button>
      )}
    </section>
  );
}
