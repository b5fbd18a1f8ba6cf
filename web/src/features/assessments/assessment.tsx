import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { canApproveAssessments, canAssess } from '../../../../src/domain/access/roles.ts';
import { RATINGS } from '../../../../src/domain/assessments/ratings.ts';
import { type Answer, api, ok } from '../../api/client.ts';
import { FileList, FileUpload } from '../../components/file-upload.tsx';
import { problemText } from '../../components/problem-text.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { usePrincipal } from '../access/session.ts';
import { SITES } from '../sites/queries.ts';
import { useStatusReason } from '../sites/status-reason.ts';
import { siteOutcome } from './outcome.ts';
import { ASSESSMENTS, assessmentEvidenceQuery, assessmentQuery, criteriaSetQuery } from './queries.ts';

type Assessment = Answer<'/api/assessments/{id}'>;
type Draft = Record<string, { rating: string; notes: string }>;

const draftOf = (a: Assessment): Draft =>
  Object.fromEntries(a.ratings.map((r) => [r.code, { rating: r.rating, notes: r.notes }]));

const isRating = (x: string): x is (typeof RATINGS)[number] => RATINGS.some((r) => r === x);

/** An assessment: every requirement rated with notes, submitted, then approved or returned by someone else. */
export function AssessmentPage() {
  const { id = '' } = useParams();
  const { data: a, error } = useQuery(assessmentQuery(id));
  if (error) return <Failure error={error} />;
  if (!a) return <Loading />;
  return <AssessmentView a={a} />;
}

function AssessmentView({ a }: { a: Assessment }) {
  const { t } = useTranslation('assessments', { keyPrefix: 'page' });
  const { t: ta } = useTranslation('assessments');
  const locale = useLocale();
  const reasonText = useStatusReason();
  const queries = useQueryClient();
  const principal = usePrincipal();
  const requirements = useQuery(criteriaSetQuery(a.set.id)).data?.requirements ?? [];
  const [draft, setDraft] = useState<Draft>(() => draftOf(a));
  const [returnReason, setReturnReason] = useState('');
  const [done, setDone] = useState<string | null>(null);

  const act = useMutation({
    mutationFn: async ({ run, message }: { run: () => Promise<unknown>; message: string }) => {
      await run();
      return message;
    },
    onMutate: () => setDone(null),
    onSuccess: async (message) => {
      // Approval changes the site's status: its page, the lists and the home page's figures.
      await Promise.all([
        queries.invalidateQueries({ queryKey: ASSESSMENTS }),
        queries.invalidateQueries({ queryKey: SITES }),
        queries.invalidateQueries({ queryKey: ['dashboard'] }),
      ]);
      // The draft starts again from what is now saved.
      const fresh = queries.getQueryData(assessmentQuery(a.id).queryKey);
      if (fresh) setDraft(draftOf(fresh));
      setDone(message);
    },
  });
  const busy = act.isPending;
  const path = { params: { path: { id: a.id } } };

  const editable = a.status === 'draft';
  const changed = Object.entries(draft).filter(([code, v]) => {
    const saved = a.ratings.find((r) => r.code === code);
    return v.rating && (!saved || saved.rating !== v.rating || saved.notes !== v.notes);
  });
  const save = () =>
    act.mutate({
      run: () =>
        ok(
          api.PUT('/api/assessments/{id}/ratings', {
            ...path,
            body: {
              ratings: changed.flatMap(([code, v]) =>
                isRating(v.rating) ? [{ code, rating: v.rating, notes: v.notes }] : [],
              ),
            },
          }),
        ),
      message: t('ratingsSaved'),
    });
  const outcome = siteOutcome(a.outcome);

  return (
    <article>
      {a.siteId && <Link to={`/sites/${a.siteId}`}>{t('backToSite')}</Link>}
      <h1>{t('title', { code: a.code, set: a.set.name, version: a.set.version })}</h1>
      <p>
        <strong data-testid="assessment-status">{ta(`status.${a.status}`)}</strong>
        {' · '}
        {a.unrated.length === 0 ? t('allRated') : t('toRate', { count: a.unrated.length })}
      </p>
      {outcome && (
        <p className={`explanation explanation-${outcome.status}`}>
          <StatusBadge status={outcome.status} />{' '}
          {outcome.reason && a.approvedAt
            ? reasonText(outcome.status, a.approvedAt, outcome.reason)
            : outcome.explanation}
        </p>
      )}
      {done && (
        <p role="status" className="notice">
          {done}
        </p>
      )}
      {act.error && (
        <p role="alert" className="error">
          {problemText(act.error)}
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
                    <span className={`tier tier-${r.tier}`}>{ta(`tier.${r.tier}`)}</span>
                  </td>
                  <td>
                    <select
                      aria-label={t('ratingOf', { code: r.code })}
                      value={v.rating}
                      disabled={!editable}
                      onChange={(e) => set({ rating: e.target.value })}
                    >
                      <option value="">—</option>
                      {RATINGS.map((x) => (
                        <option key={x} value={x}>
                          {ta(`rating.${x}`)}
                        </option>
                      ))}
                      {v.rating && !isRating(v.rating) && <option value={v.rating}>{v.rating}</option>}
                    </select>
                  </td>
                  <td>
                    <input
                      aria-label={t('notesOf', { code: r.code })}
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
      <AssessmentEvidence a={a} codes={requirements.map((r) => r.code)} />
      <div className="form-actions sticky-actions">
        {editable && (
          <>
            <button type="button" className="primary" disabled={busy || changed.length === 0} onClick={save}>
              {t('saveRatings', { count: changed.length })}
            </button>
            <button
              type="button"
              disabled={busy || changed.length > 0 || a.unrated.length > 0}
              onClick={() =>
                act.mutate({
                  run: () =>
                    ok(api.POST('/api/assessments/{id}/submit', { ...path, body: { revision: a.revision } })),
                  message: t('submitted'),
                })
              }
            >
              {t('submitForApproval')}
            </button>
          </>
        )}
        {a.status === 'submitted' &&
          canApproveAssessments(principal) &&
          a.assessorId !== principal.userId && (
            <>
              <button
                type="button"
                className="primary"
                disabled={busy}
                onClick={() =>
                  act.mutate({
                    run: () => ok(api.POST('/api/assessments/{id}/approve', path)),
                    message: t('approved'),
                  })
                }
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
                  act.mutate({
                    run: () =>
                      ok(
                        api.POST('/api/assessments/{id}/return', { ...path, body: { reason: returnReason } }),
                      ),
                    message: t('returned'),
                  })
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

/** The assessment's photos and documents, each downloadable; while it is a draft, another for it or a requirement. */
function AssessmentEvidence({ a, codes }: { a: Assessment; codes: string[] }) {
  const { t } = useTranslation('assessments', { keyPrefix: 'page' });
  const queries = useQueryClient();
  const principal = usePrincipal();
  const query = assessmentEvidenceQuery(a.id);
  const evidence = useQuery(query);
  const [code, setCode] = useState('');
  const canAdd =
    a.status === 'draft' &&
    canAssess(principal) &&
    (principal.role !== 'assessor' || a.assessorId === principal.userId);
  if (evidence.data === null) return null;
  return (
    <section aria-label={t('evidence')}>
      <h2>{t('evidence')}</h2>
      {evidence.error ? (
        <Failure error={evidence.error} prefixed />
      ) : evidence.data === undefined ? (
        <Loading />
      ) : (
        <FileList
          label={t('evidence')}
          files={evidence.data}
          href={(f) => `/api/assessments/${a.id}/evidence/${f.id}`}
          after={(f) => (f.requirementCode ? ` · ${f.requirementCode}` : '')}
        />
      )}
      {canAdd && (
        <FileUpload
          path="/api/assessments/{id}/evidence"
          params={{ id: a.id }}
          accept="document"
          fields={code ? { requirementCode: code } : {}}
          onUploaded={() => queries.invalidateQueries({ queryKey: query.queryKey })}
        >
          <label>
            {t('evidenceFor')}
            <select value={code} onChange={(e) => setCode(e.target.value)}>
              <option value="">{t('wholeAssessment')}</option>
              {codes.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
        </FileUpload>
      )}
    </section>
  );
}
