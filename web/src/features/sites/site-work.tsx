import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { canAssess, canManageSubscriptions, canMonitor } from '../../../../src/domain/access/roles.ts';
import { api, ok } from '../../api/client.ts';
import { oneOf } from '../../components/one-of.ts';
import { problemText } from '../../components/problem-text.ts';
import { usePrincipal } from '../access/session.ts';
import { ASSESSMENTS, publishedSetsQuery } from '../assessments/queries.ts';

const SUBSCRIPTIONS = ['subscriptions'];

/** The organisation's subscription to this one site, if it follows it (a list of at most one). */
const siteSubscriptionQuery = (siteId: string) =>
  queryOptions({
    queryKey: [...SUBSCRIPTIONS, { siteId }],
    queryFn: () => ok(api.GET('/api/subscriptions', { params: { query: { siteId } } })),
  });

const KINDS = ['baseline', 'periodic'] as const;

/**
 * What each role does from a site's page: monitors record a visit, assessors start an assessment,
 * buyers and refiners follow the site to be alerted.
 */
export function SiteWork({ siteId }: { siteId: string }) {
  const { t } = useTranslation('assessments');
  const { t: ti } = useTranslation('incidents', { keyPrefix: 'follow' });
  const { t: tm } = useTranslation('monitoring', { keyPrefix: 'visit' });
  const { t: ts } = useTranslation('sites', { keyPrefix: 'page' });
  const navigate = useNavigate();
  const queries = useQueryClient();
  const principal = usePrincipal();
  const monitors = canMonitor(principal);
  const assesses = canAssess(principal);
  const follows = canManageSubscriptions(principal);
  const sets = useQuery({ ...publishedSetsQuery, enabled: assesses }).data ?? [];
  const subscriptions = useQuery({ ...siteSubscriptionQuery(siteId), enabled: follows }).data;
  const following = subscriptions?.items.some((x) => x.siteId === siteId);
  const [chosenSet, setChosenSet] = useState('');
  const [kind, setKind] = useState<(typeof KINDS)[number]>('periodic');
  const setId = chosenSet || (sets[0]?.id ?? '');

  const start = useMutation({
    mutationFn: () => ok(api.POST('/api/assessments', { body: { setId, siteId, kind } })),
    onSuccess: async (a) => {
      await queries.invalidateQueries({ queryKey: ASSESSMENTS });
      navigate(`/assessments/${a.id}`);
    },
  });
  const follow = useMutation({
    mutationFn: () => ok(api.POST('/api/subscriptions', { body: { siteId } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: SUBSCRIPTIONS }),
  });
  const problem = start.error ?? follow.error;

  if (!monitors && !assesses && !follows) return null;
  return (
    <div className="toolbar site-work">
      {monitors && (
        <button type="button" className="primary" onClick={() => navigate(`/visits/new?site=${siteId}`)}>
          {tm('recordVisit')}
        </button>
      )}
      {assesses && sets.length > 0 && (
        <>
          <label>
            {ts('standard')}
            <select value={setId} onChange={(e) => setChosenSet(e.target.value)}>
              {sets.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} v{s.version}
                </option>
              ))}
            </select>
          </label>
          <label>
            {ts('kind')}
            <select value={kind} onChange={(e) => setKind(oneOf(KINDS, e.target.value) || 'periodic')}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`kind.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => start.mutate()}>
            {t('onSite.startAssessment')}
          </button>
        </>
      )}
      {follows && following !== undefined && (
        <button type="button" disabled={following} onClick={() => follow.mutate()}>
          {following ? ti('following') : ti('followSite')}
        </button>
      )}
      {problem && (
        <p role="alert" className="error">
          {problemText(problem)}
        </p>
      )}
    </div>
  );
}
