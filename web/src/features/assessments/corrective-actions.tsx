import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, ok } from '../../api/client.ts';
import { oneOf } from '../../components/one-of.ts';
import { PagedList } from '../../components/paged-list.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { ActionNotes } from './action-notes.tsx';
import { ASSESSMENTS } from './queries.ts';

const DUE = ['overdue', 'soon'] as const;
const STATUSES = ['open', 'closed'] as const;

/**
 * The corrective actions the reader may see (a cooperative its own), open ones first and soonest deadline first,
 * filtered as the home page's figures ask (?due=overdue, ?due=soon, ?status=open).
 */
export function CorrectiveActionsPage() {
  const { t } = useTranslation('assessments', { keyPrefix: 'actions' });
  const { t: tc } = useTranslation();
  const locale = useLocale();
  const [search] = useSearchParams();
  const [due, setDue] = useState(oneOf(DUE, search.get('due')));
  const [status, setStatus] = useState(oneOf(STATUSES, search.get('status') ?? (due ? 'open' : '')));
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const filters = { ...(due && { due }), ...(status && { status }) };
  return (
    <>
      <div className="filters">
        <label>
          {t('status')}
          <select value={status} onChange={(e) => setStatus(oneOf(STATUSES, e.target.value))}>
            <option value="">{tc('all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`statusOf.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('due')}
          <select value={due} onChange={(e) => setDue(oneOf(DUE, e.target.value))}>
            <option value="">{tc('all')}</option>
            {DUE.map((d) => (
              <option key={d} value={d}>
                {t(`dueOf.${d}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <PagedList
        queryKey={[...ASSESSMENTS, 'actions', 'list', filters]}
        searchable={false}
        load={({ cursor }) =>
          ok(
            api.GET('/api/corrective-actions', {
              params: { query: { limit: 25, ...filters, ...(cursor && { cursor }) } },
            }),
          )
        }
        exportOf={{ path: '/api/corrective-actions', query: filters }}
        label={tc('title.correctiveActions')}
        empty={t('empty')}
        columns={[
          { label: t('requirement') },
          { label: t('site') },
          { label: t('deadline') },
          { label: t('status') },
          { label: t('notes') },
        ]}
        row={(a) => (
          <tr key={a.id} className={a.status === 'open' && due === 'overdue' ? 'overdue' : undefined}>
            <td>
              <strong>{a.requirement.code}</strong>{' '}
              {locale === 'fr' ? a.requirement.textFr : a.requirement.textEn}
            </td>
            <td>
              {a.site ? <Link to={`/sites/${a.site.id}`}>{`${a.site.code} · ${a.site.name}`}</Link> : '—'}
            </td>
            <td>{day.format(new Date(`${a.deadline}T00:00:00Z`))}</td>
            <td>{t(`statusOf.${a.status}`)}</td>
            <td>
              <ActionNotes action={a} />
            </td>
          </tr>
        )}
      />
    </>
  );
}
