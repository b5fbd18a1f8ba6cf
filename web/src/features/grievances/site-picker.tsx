import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { type FocusEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Answer, api, ok } from '../../api/client.ts';

export type PublicSite = Answer<'/api/public/sites'>['items'][number];

/** How many matches the picker asks the server for. */
const SHOWN = 20;

/** The first sites by code whose code or name contains `q`, as anyone may read them. */
export const publicSitesQuery = (q: string) =>
  queryOptions({
    queryKey: ['public', 'sites', { q }],
    queryFn: () => ok(api.GET('/api/public/sites', { params: { query: { limit: SHOWN, ...(q && { q }) } } })),
    staleTime: 5 * 60_000,
  });

export const siteLabel = (s: PublicSite) => `${s.code} · ${s.name} (${s.province})`;

/**
 * Choosing one registered site among many: the user types part of a code or a name, the server answers the
 * first matches by code as a list of buttons, and the user picks one with the mouse or the keyboard (arrow
 * down from the box into the list, arrows within it, Enter, Escape back to the box; Enter in the box picks the
 * first match). `value` is the chosen site's id ('' for none); `onChange` receives the new id.
 */
export function SitePicker(props: {
  label: string;
  value: string;
  onChange: (siteId: string) => void;
  error?: string;
  inputRef?: (el: HTMLInputElement | null) => void;
}) {
  const { t } = useTranslation('grievances', { keyPrefix: 'public.sitePicker' });
  const id = useId();
  const box = useRef<HTMLDivElement | null>(null);
  const input = useRef<HTMLInputElement | null>(null);
  const change = useRef<HTMLButtonElement | null>(null);
  const [chosen, setChosen] = useState<PublicSite | null>(null);
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const [focusNext, setFocusNext] = useState<'input' | 'change' | null>(null);

  // Ask the server once the typing pauses, not at every key.
  useEffect(() => {
    const handle = setTimeout(() => setQ(typed.trim()), typed ? 250 : 0);
    return () => clearTimeout(handle);
  }, [typed]);
  // The form was reset: nothing is chosen any more.
  useEffect(() => {
    if (!props.value && chosen) setChosen(null);
  }, [props.value, chosen]);
  // Picking or clearing replaces what had the focus: give it to what replaces it.
  useEffect(() => {
    if (!focusNext) return;
    (focusNext === 'input' ? input : change).current?.focus();
    setFocusNext(null);
  }, [focusNext]);

  const sites = useQuery({ ...publicSitesQuery(q), enabled: open, placeholderData: keepPreviousData });
  const items = sites.data?.items ?? [];
  // Until the server has answered what is typed, the matches shown are those of an earlier search.
  const busy = typed.trim() !== q || sites.isFetching;

  const pick = (site: PublicSite) => {
    setChosen(site);
    setTyped('');
    setOpen(false);
    setFocusNext('change');
    props.onChange(site.id);
  };
  const clear = () => {
    setChosen(null);
    setFocusNext('input');
    props.onChange('');
  };
  const options = () => [...(box.current?.querySelectorAll<HTMLButtonElement>('.site-options button') ?? [])];
  const leave = (e: FocusEvent<HTMLElement>) => {
    if (!box.current?.contains(e.relatedTarget as Node | null)) setOpen(false);
  };
  const onInputKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (open) options()[0]?.focus();
      else setOpen(true);
    } else if (e.key === 'Enter' && open && items[0]) {
      // Enter picks the first match rather than sending the form.
      e.preventDefault();
      pick(items[0]);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      setOpen(false);
    }
  };
  const onOptionKey = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    const all = options();
    const to = { ArrowDown: all[i + 1], ArrowUp: all[i - 1] ?? input.current, Home: all[0], End: all.at(-1) }[
      e.key
    ];
    if (to) {
      e.preventDefault();
      to.focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setOpen(false);
      input.current?.focus();
    }
  };

  const errorId = props.error ? `${id}-error` : undefined;
  const error = props.error && (
    <span className="field-error" id={errorId}>
      {props.error}
    </span>
  );
  if (chosen) {
    return (
      <div className="field site-picker">
        <span id={`${id}-label`}>{props.label}</span>
        <div className="site-chosen">
          <output aria-labelledby={`${id}-label`} data-testid="chosen-site">
            {siteLabel(chosen)}
          </output>
          <button type="button" ref={change} onClick={clear}>
            {t('clear')}
          </button>
        </div>
        {error}
      </div>
    );
  }
  const listId = `${id}-list`;
  const status = sites.isPending
    ? t('loading')
    : items.length === 0
      ? t('none')
      : sites.data?.nextCursor
        ? t('more', { count: SHOWN })
        : null;
  return (
    <div className="field site-picker" ref={box}>
      <label>
        {props.label}
        <input
          ref={(el) => {
            input.current = el;
            props.inputRef?.(el);
          }}
          type="search"
          autoComplete="off"
          placeholder={t('placeholder')}
          aria-controls={listId}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={errorId}
          value={typed}
          onChange={(e) => {
            setTyped(e.currentTarget.value);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onClick={() => setOpen(true)}
          onBlur={leave}
          onKeyDown={onInputKey}
        />
      </label>
      {open && (
        <>
          <ul className="site-options" id={listId} aria-busy={busy}>
            {items.map((s, i) => (
              <li key={s.id}>
                <button
                  type="button"
                  // Keep the focus in the box, so that a click picks before the list closes.
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => pick(s)}
                  onKeyDown={(e) => onOptionKey(e, i)}
                  onBlur={leave}
                >
                  <strong>{s.code}</strong> · {s.name} <span className="muted">({s.province})</span>
                </button>
              </li>
            ))}
          </ul>
          {status && (
            <p className="hint" aria-live="polite">
              {status}
            </p>
          )}
        </>
      )}
      {error}
    </div>
  );
}
