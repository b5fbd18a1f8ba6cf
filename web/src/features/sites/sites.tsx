import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  canEditSites,
  canManageAssignments,
  hasVisitPlan,
  ownSitesScope,
} from '../../../../src/domain/access/roles.ts';
import { MINERALS, SITE_STATUSES } from '../../../../src/domain/sites/site.ts';
import { api, ok } from '../../api/client.ts';
import { downloadWithProgress, uploadWithProgress } from '../../api/transfer.ts';
import { oneOf } from '../../components/one-of.ts';
import { PagedList } from '../../components/paged-list.tsx';
import { problemText } from '../../components/problem-text.ts';
import { ProgressBar } from '../../components/progress-bar.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { usePrincipal } from '../access/session.ts';
import { PROVINCES, SITES } from './queries.ts';

const STATUSES = [...SITE_STATUSES].reverse();

/** The site registry: filters, sortable columns, import and export with progress. */
export function SitesPage() {
  const { t } = useTranslation('sites');
  const { t: tc } = useTranslation();
  const queries = useQueryClient();
  const navigate = useNavigate();
  const principal = usePrincipal();
  const mayEdit = canEditSites(principal);
  const n = new Intl.NumberFormat(useLocale());
  // The home page's figures open this list already filtered (?status=red&mine=true, ?suspended=true).
  const [search] = useSearchParams();
  const [status, setStatus] = useState(oneOf(SITE_STATUSES, search.get('status')));
  const [suspended, setSuspended] = useState(search.get('suspended') === 'true');
  // Only those who see more than their own sites can narrow the list to them (a monitor's is narrowed already).
  const ownScope = ownSitesScope(principal);
  const [mine, setMine] = useState(
    search.get('mine') === 'true' && (ownScope === 'operated' || ownScope === 'exposed'),
  );
  const [mineral, setMineral] = useState(oneOf(MINERALS, ''));
  const [province, setProvince] = useState('');
  const [transfer, setTransfer] = useState<{ label: string; fraction: number | null } | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function importFile(file: File) {
    setMessage(null);
    const type = /\.csv$/i.test(file.name) ? 'text/csv' : 'application/geo+json';
    try {
      const r = await uploadWithProgress('/api/sites/import', {}, file, type, (f) =>
        setTransfer({ label: t('import.importing'), fraction: f }),
      );
      setMessage({ ok: true, text: t('import.done', { created: r.created, updated: r.updated }) });
      await queries.invalidateQueries({ queryKey: SITES });
    } catch (e) {
      // A file of thousands of rows can break on every one: the first five say enough.
      setMessage({ ok: false, text: problemText(e, 5) });
    } finally {
      setTransfer(null);
    }
  }

  async function exportAs(format: 'geojson' | 'csv') {
    setMessage(null);
    try {
      await downloadWithProgress('/api/sites/export', { format }, `sites.${format}`, (f) =>
        setTransfer({ label: t('list.exporting'), fraction: f }),
      );
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    } finally {
      setTransfer(null);
    }
  }

  return (
    <>
      <div className="toolbar">
        <label>
          {t('list.status')}
          <select value={status} onChange={(e) => setStatus(oneOf(SITE_STATUSES, e.target.value))}>
            <option value="">{tc('all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {tc(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('list.mineral')}
          <select value={mineral} onChange={(e) => setMineral(oneOf(MINERALS, e.target.value))}>
            <option value="">{tc('all')}</option>
            {MINERALS.map((m) => (
              <option key={m} value={m}>
                {t(`mineral.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('list.province')}
          <select value={province} onChange={(e) => setProvince(e.target.value)}>
            <option value="">{tc('all')}</option>
            {PROVINCES.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={suspended} onChange={(e) => setSuspended(e.target.checked)} />
          {t('list.suspendedOnly')}
        </label>
        {(ownScope === 'operated' || ownScope === 'exposed') && (
          <label className="check">
            <input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} />
            {t(`list.mineOnly.${ownScope}`)}
          </label>
        )}
        <span className="spacer" />
        {hasVisitPlan(principal) && (
          <Link className="button primary" to="/visit-plan">
            {tc('title.visitPlan')}
          </Link>
        )}
        {canManageAssignments(principal) && (
          <>
            <Link className="button" to="/visit-plan/overdue">
              {tc('title.overdueVisits')}
            </Link>
            <Link className="button" to="/site-assignments">
              {tc('title.assignments')}
            </Link>
            <Link className="button" to="/visits">
              {tc('title.visits')}
            </Link>
          </>
        )}
        {mayEdit && (
          <>
            <button type="button" className="primary" onClick={() => navigate('/sites/new')}>
              {t('import.newSite')}
            </button>
            <label className="button">
              {t('import.importSites')}
              <input
                type="file"
                accept=".geojson,.json,.csv"
                className="sr-only"
                disabled={transfer !== null}
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  e.target.value = '';
                  if (file) importFile(file);
                }}
              />
            </label>
          </>
        )}
        <button type="button" disabled={transfer !== null} onClick={() => exportAs('geojson')}>
          {t('list.exportGeojson')}
        </button>
        <button type="button" disabled={transfer !== null} onClick={() => exportAs('csv')}>
          {t('list.exportCsv')}
        </button>
      </div>
      {transfer && <ProgressBar label={transfer.label} fraction={transfer.fraction} />}
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'notice' : 'error'}>
          {message.text}
        </p>
      )}
      <PagedList
        queryKey={[...SITES, 'list', { status, mineral, province, suspended, mine }]}
        load={(page) =>
          ok(
            api.GET('/api/sites', {
              params: {
                query: {
                  limit: 25,
                  ...page,
                  ...(status && { status }),
                  ...(mineral && { mineral }),
                  ...(province && { province }),
                  ...(suspended && { suspended: 'true' as const }),
                  ...(mine && { mine: 'true' as const }),
                },
              },
            }),
          )
        }
        exportOf={{
          path: '/api/sites',
          query: { status, mineral, province, suspended: suspended || undefined, mine: mine || undefined },
        }}
        label={tc('nav.sites')}
        defaultSort="code"
        columns={[
          { label: t('list.code'), sort: 'code' },
          { label: t('list.name'), sort: 'name' },
          { label: t('list.province'), sort: 'province' },
          { label: t('list.zone') },
          { label: t('list.cooperatives') },
          { label: t('list.workforce'), numeric: true },
          { label: t('list.status'), sort: 'status' },
        ]}
        row={(s) => (
          <tr key={s.id}>
            <td>{s.code}</td>
            <td>
              <Link to={`/sites/${s.id}`}>{s.name}</Link>
            </td>
            <td>{s.province}</td>
            <td>{s.zoneCode ?? '—'}</td>
            <td>{s.cooperatives.map((c) => c.name).join(', ') || '—'}</td>
            <td className="num">{s.workforce === null ? '—' : n.format(s.workforce)}</td>
            <td>
              <StatusBadge status={s.status} suspended={s.suspendedBy.length > 0} />
            </td>
          </tr>
        )}
      />
    </>
  );
}
