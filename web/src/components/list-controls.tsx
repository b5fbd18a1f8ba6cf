import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SortHeader } from './form-footer.tsx';
import { localList, nextSort, sortState } from './local-list.ts';

const PAGE = 25;

/** Search box, sortable headers and "show more" for a list the server answers whole. */
export function useListControls<T>(
  items: readonly T[] | undefined,
  o: { text: (x: T) => string; keys: Record<string, (x: T) => string | number> },
) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState('');
  const [limit, setLimit] = useState(PAGE);
  const { rows, total } = localList(items ?? [], { ...o, query, sort, limit });
  const header = (label: string, key?: string): ReactNode => {
    if (!key) return <th key={label}>{label}</th>;
    const state = sortState(sort, key);
    return (
      <th key={label} aria-sort={state}>
        <SortHeader label={label} state={state} onSort={() => setSort(nextSort(sort, key))} />
      </th>
    );
  };
  const search = (
    <label className="search">
      {t('search')}
      <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
    </label>
  );
  const more =
    total > rows.length ? (
      <button type="button" onClick={() => setLimit(limit + PAGE)}>
        {t('moreOf', { shown: rows.length, total })}
      </button>
    ) : null;
  return { rows, total, header, search, more };
}
