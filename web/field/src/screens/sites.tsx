import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../../../src/components/status-badge.tsx';
import type { Screen } from '../app.tsx';
import { db, getMeta } from '../db.ts';
import { useAgo, useFormats } from '../format.ts';
import { useLive } from '../live.ts';
import type { Me } from './sign-in.tsx';
import { FIELD_NAMESPACES } from '../i18n.ts';

const OPEN = new Set(['reported', 'under_verification', 'verified', 'in_mitigation', 'escalated']);

/** My sites with the status the server last gave them, their open incidents and my last visit there. */
export function SitesScreen({ me, go }: { me: Me; go: (s: Screen) => void }) {
  const { t } = useTranslation(FIELD_NAMESPACES);
  const f = useFormats();
  const ago = useAgo();
  const data = useLive(async () => {
    const sites = await db.sites.orderBy('code').toArray();
    const incidents = await db.incidents.toArray();
    const visits = await db.outbox.where('kind').equals('visit').toArray().catch(() => []);
    return { sites, incidents, visits, pulledAt: await getMeta<string>('pulledAt') };
  });
  if (!data) return null;
  // Assessors rate sites against criteria sets; monitors visit them and tag sacks. Both report and take grievances.
  const assessor = me.current?.role === 'assessor';
  return (
    <section aria-labelledby="sites-title">
      <h1 id="sites-title">{t('nav.sites')}</h1>
      <p className="muted">
        {me.name} · {t('sites.intro')}
        {data.pulledAt && ` ${t('sites.asOf', { when: ago(data.pulledAt) })}`}
      </p>
      {data.sites.length === 0 && <p className="notice">{t('sites.none')}</p>}
      <ul className="site-cards">
        {data.sites.map((s) => {
          const open = data.incidents.filter((i) => i.site?.id === s.id && OPEN.has(i.state)).length;
          const last = data.visits
            .filter((v) => v.siteId === s.id)
            .map((v) => v.observedAt)
            .sort()
            .at(-1);
          return (
            <li key={s.id} className="site-card" data-site={s.code}>
              <div className="site-head">
                <strong>{s.code}</strong> <StatusBadge status={s.status} />
              </div>
              <div>{s.name}</div>
              <div className="muted">{t('sites.statusSince', { date: f.day(s.statusSince) })}</div>
              {open > 0 && <div className="warn-text">{t('sites.openIncidents', { count: open })}</div>}
              {last && <div className="muted">{t('sites.lastVisit', { when: f.when(last) })}</div>}
              <div className="actions">
                {assessor ? (
                  <button type="button" className="primary" onClick={() => go({ name: 'assessment', siteId: s.id })}>
                    {t('sites.assess')}
                  </button>
                ) : (
                  <>
                    <button type="button" className="primary" onClick={() => go({ name: 'visit', siteId: s.id })}>
                      {t('sites.recordVisit')}
                    </button>
                    <button type="button" onClick={() => go({ name: 'tag', siteId: s.id })}>
                      {t('sites.tagSack')}
                    </button>
                  </>
                )}
                <button type="button" onClick={() => go({ name: 'incident', siteId: s.id })}>
                  {t('sites.reportIncident')}
                </button>
                <button type="button" onClick={() => go({ name: 'grievance', siteId: s.id })}>
                  {t('sites.takeDownGrievance')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
