import { type ReactNode, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useCardCells } from './card-cells.ts';
import { Failure, Loading } from './query-state.tsx';

/** What a list read page by page offers below its rows while pages remain. */
export interface MoreRows {
  /** Asks for the next page. */
  next: () => unknown;
  /** The next page is on its way. */
  loading: boolean;
  /** Why the last "show more" failed; the rows read so far stay on screen. */
  error?: unknown;
}

/**
 * A titled section listing rows in a table, with the states every such list has: loading, failed, not visible to
 * the reader's role (`items` null), empty, or the rows — and, with `more`, a "show more" button for the next page.
 */
export function ListSection<T>(props: {
  title: string;
  items: readonly T[] | null | undefined;
  error?: unknown;
  headers: string[];
  row: (item: T) => ReactNode;
  /** What an empty list says; "nothing to show" by default. */
  empty?: string;
  className?: string;
  more?: MoreRows;
  /** What the reader can do with the whole list (its export), under the title. */
  actions?: ReactNode;
}) {
  const { t } = useTranslation();
  const { items, more } = props;
  const table = useRef<HTMLTableElement>(null);
  useCardCells(table, props.headers);
  return (
    <section className={props.className} aria-label={props.title}>
      <h2>{props.title}</h2>
      {props.actions}
      {props.error ? (
        <Failure error={props.error} prefixed />
      ) : items === undefined ? (
        <Loading />
      ) : items === null ? (
        <p className="empty">{t('notVisible')}</p>
      ) : items.length === 0 ? (
        <p className="empty">{props.empty ?? t('empty')}</p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="cards" ref={table} aria-label={props.title}>
              <thead>
                <tr>
                  {props.headers.map((h) => (
                    <th key={h}>{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody>{items.map(props.row)}</tbody>
            </table>
          </div>
          {more?.error && !more.loading ? <Failure error={more.error} prefixed /> : null}
          {more?.loading ? (
            <Loading />
          ) : more ? (
            <button type="button" onClick={() => more.next()}>
              {t('more')}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}

/** The pages of a list as an infinite query holds them; a page is null when the reader's role may not see it. */
interface PagedRead<T> {
  data?: { pages: readonly ({ items: readonly T[] } | null)[] };
  error: unknown;
  isFetchNextPageError: boolean;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/**
 * The `items`, `error` and `more` of a ListSection from an infinite query of a `{items, nextCursor}` list read
 * with `okOrHidden`: the rows of every page read so far, null when the role may not see the list.
 */
export function pagedRows<T>(list: PagedRead<T>): {
  items: readonly T[] | null | undefined;
  error: unknown;
  more: MoreRows | undefined;
} {
  const pages = list.data?.pages;
  const failedMore = list.isFetchNextPageError;
  return {
    items: pages === undefined ? undefined : pages[0] === null ? null : pages.flatMap((p) => p?.items ?? []),
    error: failedMore ? undefined : list.error,
    more:
      list.hasNextPage || list.isFetchingNextPage || failedMore
        ? {
            next: () => list.fetchNextPage(),
            loading: list.isFetchingNextPage,
            error: failedMore ? list.error : undefined,
          }
        : undefined,
  };
}
