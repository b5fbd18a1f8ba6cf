import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Failure, Loading } from './query-state.tsx';

/**
 * A titled section listing rows in a table, with the states every such list has: loading, failed, not visible to
 * the reader's role (`items` null), empty, or the rows.
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
}) {
  const { t } = useTranslation();
  const { items } = props;
  return (
    <section className={props.className} aria-label={props.title}>
      <h2>{props.title}</h2>
      {props.error ? (
        <Failure error={props.error} prefixed />
      ) : items === undefined ? (
        <Loading />
      ) : items === null ? (
        <p className="empty">{t('notVisible')}</p>
      ) : items.length === 0 ? (
        <p className="empty">{props.empty ?? t('empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
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
      )}
    </section>
  );
}
