import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { problemText } from '../components/problem-text.ts';
import type { MessageKey } from '../i18n.ts';

interface SetSummary {
  id: string;
  key: string;
  version: number;
  name: string;
}

/**
 * What each role does from a site's page: monitors record a visit, assessors start an assessment,
 * buyers and refiners follow the site to be alerted.
 */
export function SiteWork({
  siteId,
  t,
  role,
  go,
}: {
  siteId: string;
  t: (k: MessageKey) => string;
  role: string;
  go: (to: string) => void;
}) {
  const monitors = ['monitor', 'admin', 'analyst'].includes(role);
  const assesses = ['assessor', 'admin', 'analyst'].includes(role);
  const follows = ['admin', 'analyst', 'buyer', 'downstream', 'regulator', 'cooperative_manager'].includes(
    role,
  );
  const [sets, setSets] = useState<SetSummary[]>([]);
  const [setId, setSetId] = useState('');
  const [kind, setKind] = useState('periodic');
  const [following, setFollowing] = useState<boolean | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (assesses)
      api<SetSummary[]>('GET', '/api/criteria-sets?kind=site&status=published').then(
        (s) => {
          // The newest version of each set.
          const newest = Object.values(
            Object.fromEntries([...s].sort((a, b) => a.version - b.version).map((x) => [x.key, x])),
          );
          setSets(newest);
          setSetId(newest[0]?.id ?? '');
        },
        () => {},
      );
    if (follows)
      api<{ siteId: string | null }[]>('GET', '/api/subscriptions').then(
        (subs) => setFollowing(subs.some((x) => x.siteId === siteId)),
        () => {},
      );
  }, [assesses, follows, siteId]);

  if (!monitors && !assesses && !follows) return null;
  const run = (p: Promise<unknown>) => p.catch((e) => setProblem(problemText(e)));
  return (
    <div className="toolbar site-work">
      {monitors && (
        <button type="button" className="primary" onClick={() => go(`/visits/new?site=${siteId}`)}>
          {t('recordVisit')}
        </button>
      )}
      {assesses && sets.length > 0 && (
        <>
          <label>
            {t('standard')}
            <select value={setId} onChange={(e) => setSetId(e.target.value)}>
              {sets.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} v{s.version}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('kind')}
            <select value={kind} onChange={(e) => setKind(e.target.value)}>
              {['baseline', 'periodic'].map((k) => (
                <option key={k} value={k}>
                  {t(`assessment.${k}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            onClick={() =>
              run(
                api<{ id: string }>('POST', '/api/assessments', { setId, siteId, kind }).then((a) =>
                  go(`/assessments/${a.id}`),
                ),
              )
            }
          >
            {t('startAssessment')}
          </button>
        </>
      )}
      {follows && following !== null && (
        <button
          type="button"
          disabled={following}
          onClick={() => run(api('POST', '/api/subscriptions', { siteId }).then(() => setFollowing(true)))}
        >
          {following ? t('following') : t('followSite')}
        </button>
      )}
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </div>
  );
}
