import { PagedList } from '../components/paged-list.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import type { MessageKey } from '../i18n.ts';

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

export function SitesPage({ t, onOpen }: { t: (k: MessageKey) => string; onOpen: (id: string) => void }) {
  return (
    <PagedList<Site>
      path="/api/sites"
      label={t('sites')}
      t={t}
      head={
        <tr>
          <th>{t('code')}</th>
          <th>{t('name')}</th>
          <th>{t('province')}</th>
          <th>{t('zone')}</th>
          <th>{t('cooperatives')}</th>
          <th className="num">{t('workforce')}</th>
          <th>{t('status')}</th>
        </tr>
      }
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
  );
}
