import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { api, type Page } from '../api.ts';
import type { MessageKey } from '../i18n.ts';
import { nextSort, sortState } from '../local-list.ts';
import { SortHeader } from './form-footer.tsx';

/** A column of a list; with `sort`, its header sorts the list by that key (click again to reverse). */
export interface Column {
  label: string;
  sort?: string;
  numeric?: boolean;
}

/**
 * Loads a cursor-paged API list with a search box, sortable headers, filters given by the page,
 * and loading, empty and error states.
 */
export function PagedList<T>(props: {
  path: string;
  t: (k: MessageKey) => string;
  columns: Column[];
  row: (item: T) => ReactNode;
  label: string;
  /** Extra query parameters (filters); an empty value is left out. */
  filters?: Record<string, string>;
  defaultSort?: string;
}) {
  const { path, t } = props;
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState(props.defaultSort ?? '');
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const filterKey = JSON.stringify(props.filters ?? {});

  const load = useCallback(
    async (q: string, after: string | null) => {
      setLoading(true);
      setError(null);
      try {
        const params = new URLSearchParams({ limit: '25' });
        for (const [k, v] of Object.entries(JSON.parse(filterKey) as Record<string, string>))
          if (v) params.set(k, v);
        if (q) params.set('q', q);
        if (sort) params.set('sort', sort);
        if (after) params.set('cursor', after);
        const page = await api<Page<T>>('GET', `${path}?${params}`);
        setItems((prev) => (after ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (e) {
        setError((e as Error).message);
      } finally {
        setLoading(false);
      }
    },
    [path, sort, filterKey],
  );

  useEffect(() => {
    const handle = setTimeout(() => load(query, null), query ? 250 : 0);
    return () => clearTimeout(handle);
  }, [load, query]);

  return (
    <section aria-label={props.label}>
      <label className="search">
        {t('search')}
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
      </label>
      {error && (
        <p role="alert" className="error">
          {t('error')}: {error}
        </p>
      )}
      <div className="table-wrap">
        <table>
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
                      onSort={() => setSort(nextSort(sort, c.sort as string))}
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
      {!loading && !error && items.length === 0 && <p className="empty">{t('empty')}</p>}
      {loading && (
        <p className="loading" role="status">
          {t('loading')}
        </p>
      )}
      {cursor && !loading && (
        <button type="button" onClick={() => load(query, cursor)}>
          {t('more')}
        </button>
      )}
    </section>
  );
}
