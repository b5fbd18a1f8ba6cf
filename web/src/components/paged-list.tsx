import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { api, type Page } from '../api.ts';
import type { MessageKey } from '../i18n.ts';

/** Loads a cursor-paged API list, with a search box, loading, empty and error states. */
export function PagedList<T>(props: {
  path: string;
  t: (k: MessageKey) => string;
  head: ReactNode;
  row: (item: T) => ReactNode;
  label: string;
}) {
  const { path, t } = props;
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (q: string, after: string | null) => {
      setLoading(true);
      setError(null);
      try {
        const params = new URLSearchParams({ limit: '25' });
        if (q) params.set('q', q);
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
    [path],
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
          <thead>{props.head}</thead>
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
