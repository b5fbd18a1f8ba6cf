import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { api, ok } from '../../api/client.ts';
import { problemText } from '../../components/problem-text.ts';

const HREF = {
  site: '/sites/',
  organisation: '/organisations/',
  lot: '/lots/',
  incident: '/incidents/',
  grievance: '/grievances/',
} as const;

/** The header's search: by code or name over the records the reader may see, grouped by kind, as one types. */
export function SearchBox() {
  const { t } = useTranslation('common', { keyPrefix: 'searchBox' });
  const listId = useId();
  const { pathname } = useLocation();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const handle = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(handle);
  }, [typed]);
  // Opening a result closes the list and empties the box for the next search.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new page is the signal
  useEffect(() => {
    setOpen(false);
    setTyped('');
  }, [pathname]);
  const found = useQuery({
    queryKey: ['search', q],
    queryFn: () => ok(api.GET('/api/search', { params: { query: { q, perType: 5 } } })),
    enabled: q.length >= 2,
    staleTime: 30_000,
  });
  const items = found.data?.items ?? [];
  return (
    <search className="global-search">
      <label>
        <span className="sr-only">{t('label')}</span>
        <input
          type="search"
          placeholder={t('placeholder')}
          aria-label={t('label')}
          aria-controls={listId}
          maxLength={100}
          value={typed}
          onFocus={() => setOpen(true)}
          onChange={(e) => {
            setTyped(e.target.value);
            setOpen(true);
          }}
          onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
        />
      </label>
      {open && typed.trim().length > 0 && (
        <section className="search-results" id={listId} aria-label={t('label')}>
          {typed.trim().length < 2 ? (
            <p className="hint">{t('tooShort')}</p>
          ) : found.error ? (
            <p role="alert" className="error">
              {problemText(found.error)}
            </p>
          ) : found.data && q === typed.trim() && items.length === 0 ? (
            <p className="empty">{t('none', { q })}</p>
          ) : (
            <ul>
              {items.map((h) => (
                <li key={`${h.type}:${h.id}`}>
                  <Link to={`${HREF[h.type]}${h.id}`}>
                    <span className="search-type">{t(`type.${h.type}`)}</span> <strong>{h.code}</strong>{' '}
                    {h.name}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </search>
  );
}
