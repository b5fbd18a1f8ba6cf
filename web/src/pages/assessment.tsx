import { useCallback, useEffect, useState } from 'react';
import { api } from '../api.ts';
import { problemText } from '../components/problem-text.ts';
import { StatusBadge } from '../components/status-badge.tsx';
import type { Locale, MessageKey } from '../i18n.ts';
import { type StatusReason, statusReasonText } from '../status-reason.ts';

interface Requirement {
  code: string;
  textFr: string;
  textEn: string;
  tier: 'critical' | 'major' | 'progressive';
}

interface Assessment {
  id: string;
  code: string;
  set: { id: string; name: string; version: number; kind: 'site' | 'mechanism' };
  siteId: string | null;
  status: 'draft' | 'submitted' | 'approved';
  assessorId: string;
  ratings: { code: string; rating: string; notes: string }[];
  unrated: string[];
  outcome: { status?: string; explanation?: string; reason?: StatusReason } | null;
  approvedAt: string | null;
  revision: number;
}

const SITE_RATINGS = ['met', 'partially_met', 'not_met', 'not_applicable'];

/** An assessment: every requirement rated with notes, submitted, then approved or returned by someone else. */
export function AssessmentPage({
  id,
  t,
  locale,
  userId,
  canApprove,
  onOpenSite,
}: {
  id: string;
  t: (k: MessageKey) => string;
  locale: Locale;
  userId: string;
  canApprove: boolean;
  onOpenSite: (id: string) => void;
}) {
  const [a, setA] = useState<Assessment | null>(null);
  const [requirements, setRequirements] = useState<Requirement[]>([]);
  const [draft, setDraft] = useState<Record<string, { rating: string; notes: string }>>({});
  const [returnReason, setReturnReason] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const x = await api<Assessment>('GET', `/api/assessments/${id}`);
    setA(x);
    setDraft(Object.fromEntries(x.ratings.map((r) => [r.code, { rating: r.rating, notes: r.notes }])));
    return x;
  }, [id]);
  useEffect(() => {
    load().then(
      (x) =>
        api<{ requirements: Requirement[] }>('GET', `/api/criteria-sets/${x.set.id}`).then((s) =>
          setRequirements(s.requirements),
        ),
      (e) => setMessage({ ok: false, text: problemText(e) }),
    );
  }, [load]);

  const act = async (what: () => Promise<unknown>, done: MessageKey) => {
    setBusy(true);
    setMessage(null);
    try {
      await what();
      await load();
      setMessage({ ok: true, text: t(done) });
    } catch (e) {
      setMessage({ ok: false, text: problemText(e) });
    } finally {
      setBusy(false);
    }
  };

  if (!a)
    return message ? (
      <p role="alert" className="error">
        {message.text}
      </p>
    ) : (
      <p role="status">{t('loading')}</p>
    );
  const editable = a.status === 'draft';
  const changed = Object.entries(draft).filter(([code, v]) => {
    const saved = a.ratings.find((r) => r.code === code);
    return v.rating && (!saved || saved.rating !== v.rating || saved.notes !== v.notes);
  });
  const save = () =>
    act(
      () =>
        api('PUT', `/api/assessments/${a.id}/ratings`, {
          ratings: changed.map(([code, v]) => ({ code, rating: v.rating, notes: v.notes })),
        }),
      'ratingsSaved',
    );

  return (
    <article>
      {a.siteId && (
        <a
          href={`/sites/${a.siteId}`}
          onClick={(e) => {
            e.preventDefault();
            onOpenSite(a.siteId as string);
          }}
        >
          {t('backToSite')}
        </a>
      )}
      <h1>
        {t('assessment')} {a.code} · {a.set.name} v{a.set.version}
      </h1>
      <p>
        <strong data-testid="assessment-status">{t(`assessmentStatus.${a.status}` as MessageKey)}</strong>
        {' · '}
        {a.unrated.length === 0 ? t('allRated') : `${a.unrated.length} ${t('toRate')}`}
      </p>
      {a.outcome?.status && (
        <p className={`explanation explanation-${a.outcome.status}`}>
          <StatusBadge status={a.outcome.status} t={t} />{' '}
          {a.outcome.reason && a.approvedAt
            ? statusReasonText(a.outcome.status, a.approvedAt.slice(0, 10), a.outcome.reason, locale)
            : a.outcome.explanation}
        </p>
      )}
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'notice' : 'error'}>
          {message.text}
        </p>
      )}
      <div className="table-wrap">
        <table className="ratings">
          <thead>
            <tr>
              <th>{t('code')}</th>
              <th>{t('requirement')}</th>
              <th>{t('tier')}</th>
              <th>{t('rating')}</th>
              <th>{t('notes')}</th>
            </tr>
          </thead>
          <tbody>
            {requirements.map((r) => {
              const v = draft[r.code] ?? { rating: '', notes: '' };
              const set = (patch: Partial<typeof v>) => setDraft({ ...draft, [r.code]: { ...v, ...patch } });
              return (
                <tr key={r.code}>
                  <td>{r.code}</td>
                  <td>{locale === 'fr' ? r.textFr : r.textEn}</td>
                  <td>
                    <span className={`tier tier-${r.tier}`}>{t(`tier.${r.tier}` as MessageKey)}</span>
                  </td>
                  <td>
                    <select
                      aria-label={`${t('rating')} ${r.code}`}
                      value={v.rating}
                      disabled={!editable}
                      onChange={(e) => set({ rating: e.target.value })}
                    >
                      <option value="">—</option>
                      {SITE_RATINGS.map((x) => (
                        <option key={x} value={x}>
                          {t(`rating.${x}` as MessageKey)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input
                      aria-label={`${t('notes')} ${r.code}`}
                      value={v.notes}
                      disabled={!editable}
                      onChange={(e) => set({ notes: e.target.value })}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="form-actions sticky-actions">
        {editable && (
          <>
            <button type="button" className="primary" disabled={busy || changed.length === 0} onClick={save}>
              {t('saveRatings')} ({changed.length})
            </button>
            <button
              type="button"
              disabled={busy || changed.length > 0 || a.unrated.length > 0}
              onClick={() =>
                act(
                  () => api('POST', `/api/assessments/${a.id}/submit`, { revision: a.revision }),
                  'submitted',
                )
              }
            >
              {t('submitForApproval')}
            </button>
          </>
        )}
        {a.status === 'submitted' && canApprove && a.assessorId !== userId && (
          <>
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => act(() => api('POST', `/api/assessments/${a.id}/approve`, {}), 'approved')}
            >
              {t('approve')}
            </button>
            <label>
              {t('reason')}
              <input value={returnReason} onChange={(e) => setReturnReason(e.target.value)} />
            </label>
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                act(
                  () => api('POST', `/api/assessments/${a.id}/return`, { reason: returnReason }),
                  'returned',
                )
              }
            >
              {t('returnToAssessor')}
            </button>
          </>
        )}
      </div>
    </article>
  );
}
