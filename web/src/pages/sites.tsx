import { useState } from 'react';
import { ApiError } from '../api.ts';
import { PagedList } from '../components/paged-list.tsx';
import { problemText } from '../components/problem-text.ts';
import { ProgressBar } from '../components/progress-bar.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import type { Locale, MessageKey } from '../i18n.ts';
import { MINERAL_CODES, mineralLabel, PROVINCES } from '../labels.ts';
import { downloadWithProgress, uploadWithProgress } from '../transfer.ts';

interface Site {
  id: string;
  code: string;
  name: string;
  province: string;
  zoneCode: string | null;
  cooperatives: { id: string; name: string }[];
  workforce: number | null;
  status: string;
}

const STATUSES = ['red', 'yellow', 'green', 'blue'];

/** The site registry: filters, sortable columns, import and export with progress. */
export function SitesPage({
  t,
  locale,
  onOpen,
  onNew,
}: {
  t: (k: MessageKey) => string;
  locale: Locale;
  onOpen: (id: string) => void;
  onNew?: () => void;
}) {
  const initial = new URLSearchParams(location.search);
  const [status, setStatus] = useState(initial.get('status') ?? '');
  const [mineral, setMineral] = useState('');
  const [province, setProvince] = useState('');
  const [transfer, setTransfer] = useState<{ label: string; fraction: number | null } | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [reload, setReload] = useState(0);

  async function importFile(file: File) {
    setMessage(null);
    const type = /\.csv$/i.test(file.name) ? 'text/csv' : 'application/geo+json';
    try {
      const r = await uploadWithProgress<{ created: number; updated: number }>(
        '/api/sites/import',
        file,
        type,
        (f) => setTransfer({ label: t('importing'), fraction: f }),
      );
      setMessage({
        ok: true,
        text: `${t('importDone')} ${r.created} ${t('createdCount')}, ${r.updated} ${t('updatedCount')}`,
      });
      setReload((n) => n + 1);
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
      await downloadWithProgress(`/api/sites/export?format=${format}`, `sites.${format}`, (f) =>
        setTransfer({ label: t('exporting'), fraction: f }),
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
          {t('status')}
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{t('all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('mineral')}
          <select value={mineral} onChange={(e) => setMineral(e.target.value)}>
            <option value="">{t('all')}</option>
            {MINERAL_CODES.map((m) => (
              <option key={m} value={m}>
                {mineralLabel(m, locale)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('province')}
          <select value={province} onChange={(e) => setProvince(e.target.value)}>
            <option value="">{t('all')}</option>
            {PROVINCES.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        {onNew && (
          <>
            <button type="button" className="primary" onClick={onNew}>
              {t('newSite')}
            </button>
            <label className="button">
              {t('importSites')}
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
          {t('exportGeojson')}
        </button>
        <button type="button" disabled={transfer !== null} onClick={() => exportAs('csv')}>
          {t('exportCsv')}
        </button>
      </div>
      {transfer && <ProgressBar label={transfer.label} fraction={transfer.fraction} />}
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'notice' : 'error'}>
          {message.text}
        </p>
      )}
      <PagedList<Site>
        key={reload}
        path="/api/sites"
        label={t('sites')}
        t={t}
        filters={{ status, mineral, province }}
        defaultSort="code"
        columns={[
          { label: t('code'), sort: 'code' },
          { label: t('name'), sort: 'name' },
          { label: t('province'), sort: 'province' },
          { label: t('zone') },
          { label: t('cooperatives') },
          { label: t('workforce'), numeric: true },
          { label: t('status'), sort: 'status' },
        ]}
        row={(s) => (
          <tr key={s.id}>
            <td>{s.code}</td>
            <td>
              <a
                href={`/sites/${s.id}`}
                onClick={(e) => {
                  e.preventDefault();
                  onOpen(s.id);
                }}
              >
                {s.name}
              </a>
            </td>
            <td>{s.province}</td>
            <td>{s.zoneCode ?? '—'}</td>
            <td>{s.cooperatives.map((c) => c.name).join(', ') || '—'}</td>
            <td className="num">{s.workforce?.toLocaleString() ?? '—'}</td>
            <td>
              <StatusBadge status={s.status} t={t} />
            </td>
          </tr>
        )}
      />
    </>
  );
}
