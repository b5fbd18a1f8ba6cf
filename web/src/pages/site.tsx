import { useEffect, useState } from 'react';
import { ApiError, api } from '../api.ts';
import { StatusBadge } from '../components/status-badge.tsx';
import type { Locale, MessageKey } from '../i18n.ts';
import { mineralLabel } from '../labels.ts';
import { type StatusReason, statusReasonText } from '../status-reason.ts';
import { ActionNotes } from './action-notes.tsx';
import { SiteFlows } from './site-flows.tsx';
import { SiteIndicators } from './site-indicators.tsx';
import { SiteWork } from './site-work.tsx';

interface Site {
  id: string;
  code: string;
  name: string;
  province: string;
  territory: string | null;
  zoneCode: string | null;
  concession: string | null;
  minerals: string[];
  suspendedBy: string[];
  cooperatives: { id: string; name: string }[];
  workforce: number | null;
  pits: number | null;
  capacityKgMonth: number | null;
  typicalGradePct: number | null;
  status: string;
  statusSince: string;
  statusReason: StatusReason;
}

interface HistoryEntry {
  id: string;
  status: string;
  reasonData: StatusReason;
  effectiveAt: string;
}

interface Assessment {
  id: string;
  code: string;
  kind: string;
  status: string;
  set: { name: string; version: number };
  approvedAt: string | null;
  createdAt: string;
  outcome: { status?: string } | null;
}

interface Action {
  id: string;
  notes: { id: string; note: string; createdAt: string }[];
  requirement: { code: string; textEn: string; textFr: string; tier: string };
  deadline: string;
}

/** Loads a list the caller's role may not see: null stands for "not visible to you". */
async function maybe<T>(path: string): Promise<T | null> {
  try {
    return await api<T>('GET', path);
  } catch (e) {
    if (e instanceof ApiError && e.problem.status === 403) return null;
    throw e;
  }
}

const day = (iso: string) => iso.slice(0, 10);

/** One site: its status and why, its history, assessments and open corrective actions. */
export function SitePage({
  id,
  t,
  locale,
  onBack,
  onEdit,
  role,
  go,
}: {
  id: string;
  t: (k: MessageKey) => string;
  locale: Locale;
  onBack: () => void;
  /** Given to those who may edit the site's registry data. */
  onEdit?: () => void;
  role: string;
  go: (to: string) => void;
}) {
  const [data, setData] = useState<{
    site: Site;
    history: HistoryEntry[];
    assessments: Assessment[] | null;
    actions: Action[] | null;
  } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setData(null);
    Promise.all([
      api<Site>('GET', `/api/sites/${id}`),
      api<HistoryEntry[]>('GET', `/api/sites/${id}/status-history`),
      maybe<Assessment[]>(`/api/assessments?siteId=${id}`),
      maybe<Action[]>(`/api/corrective-actions?siteId=${id}&status=open`),
    ]).then(
      ([site, history, assessments, actions]) => setData({ site, history, assessments, actions }),
      (e) => setError((e as Error).message),
    );
  }, [id]);

  if (error) {
    return (
      <p role="alert" className="error">
        {t('error')}: {error}
      </p>
    );
  }
  if (!data) {
    return (
      <p className="loading" role="status">
        {t('loading')}
      </p>
    );
  }
  const { site, history, assessments, actions } = data;
  const number = (n: number | null, unit = '') => (n === null ? '—' : `${n.toLocaleString(locale)}${unit}`);

  return (
    <article className="site-page">
      <a
        href="/sites"
        onClick={(e) => {
          e.preventDefault();
          onBack();
        }}
      >
        {t('back')}
      </a>
      <h1>
        {site.code} · {site.name} <StatusBadge status={site.status} t={t} />
        {site.suspendedBy.length > 0 && <span className="suspended"> ⊘ {t('suspended')}</span>}
      </h1>
      {onEdit && (
        <button type="button" onClick={onEdit}>
          {t('edit')}
        </button>
      )}
      <section className={`explanation explanation-${site.status}`} aria-label={t('whyStatus')}>
        <h2>{t('whyStatus')}</h2>
        <p data-testid="status-explanation">
          {statusReasonText(site.status, day(site.statusSince), site.statusReason, locale)}
        </p>
      </section>

      <section aria-label={t('details')}>
        <h2>{t('details')}</h2>
        <dl className="facts">
          <dt>{t('province')}</dt>
          <dd>{site.province}</dd>
          <dt>{t('territory')}</dt>
          <dd>{site.territory ?? '—'}</dd>
          <dt>{t('zone')}</dt>
          <dd>{site.zoneCode ?? '—'}</dd>
          <dt>{t('concession')}</dt>
          <dd>{site.concession ?? '—'}</dd>
          <dt>{t('minerals')}</dt>
          <dd>{site.minerals.map((m) => mineralLabel(m, locale)).join(', ')}</dd>
          <dt>{t('cooperatives')}</dt>
          <dd>{site.cooperatives.map((c) => c.name).join(', ') || '—'}</dd>
          <dt>{t('workforce')}</dt>
          <dd>{number(site.workforce)}</dd>
          <dt>{t('pits')}</dt>
          <dd>{number(site.pits)}</dd>
          <dt>{t('capacity')}</dt>
          <dd>{number(site.capacityKgMonth, ' kg')}</dd>
          <dt>{t('grade')}</dt>
          <dd>{number(site.typicalGradePct, ' %')}</dd>
        </dl>
      </section>

      <SiteWork siteId={site.id} t={t} role={role} go={go} />

      <SiteIndicators siteId={site.id} t={t} locale={locale} />

      <SiteFlows siteId={site.id} t={t} onOpenLot={(l) => go(`/lots/${l}`)} />

      <section aria-label={t('correctiveActions')}>
        <h2>{t('correctiveActions')}</h2>
        {actions === null ? (
          <p className="empty">{t('notVisible')}</p>
        ) : actions.length === 0 ? (
          <p className="empty">{t('noActions')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t('requirement')}</th>
                  <th>{t('deadline')}</th>
                  <th>{t('progressNotes')}</th>
                </tr>
              </thead>
              <tbody>
                {actions.map((a) => (
                  <tr key={a.id}>
                    <td>
                      <strong>{a.requirement.code}</strong>{' '}
                      {locale === 'fr' ? a.requirement.textFr : a.requirement.textEn}
                    </td>
                    <td>{a.deadline}</td>
                    <td>
                      <ActionNotes action={a} t={t} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-label={t('assessments')}>
        <h2>{t('assessments')}</h2>
        {assessments === null ? (
          <p className="empty">{t('notVisible')}</p>
        ) : assessments.length === 0 ? (
          <p className="empty">{t('empty')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t('code')}</th>
                  <th>{t('kind')}</th>
                  <th>{t('standard')}</th>
                  <th>{t('status')}</th>
                  <th>{t('date')}</th>
                  <th>{t('outcome')}</th>
                </tr>
              </thead>
              <tbody>
                {assessments.map((a) => (
                  <tr key={a.id}>
                    <td>
                      <a
                        href={`/assessments/${a.id}`}
                        onClick={(e) => {
                          e.preventDefault();
                          go(`/assessments/${a.id}`);
                        }}
                      >
                        {a.code}
                      </a>
                    </td>
                    <td>{t(`assessment.${a.kind}` as MessageKey)}</td>
                    <td>
                      {a.set.name} v{a.set.version}
                    </td>
                    <td>{t(`assessmentStatus.${a.status}` as MessageKey)}</td>
                    <td>{day(a.approvedAt ?? a.createdAt)}</td>
                    <td>{a.outcome?.status ? <StatusBadge status={a.outcome.status} t={t} /> : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-label={t('history')}>
        <h2>{t('history')}</h2>
        <ol className="history">
          {history.map((h) => (
            <li key={h.id}>
              <StatusBadge status={h.status} t={t} />{' '}
              {statusReasonText(h.status, day(h.effectiveAt), h.reasonData, locale)}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
