import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Answer, api, ok } from '../../api/client.ts';
import { problemText } from '../../components/problem-text.ts';
import { chainRoleText } from '../actors/labels.ts';
import { ORGANISATIONS } from '../actors/queries.ts';
import { SITES } from '../sites/queries.ts';
import { SCREENING } from './queries.ts';

type Organisation = Answer<'/api/organisations/{id}'>;
type Site = Answer<'/api/sites/{id}'>;
type Person = Answer<'/api/persons/{id}'>;
type Candidate = { id: string; name: string };
/** A record's facts, each a label and what it says. */
type Facts = [label: string, value: ReactNode][];

/**
 * Merging a duplicate into the record shown: the likely duplicates offered, the one chosen beside this one field by
 * field, a reason, and the merge (administrators and analysts). The duplicate is kept, marked merged.
 */
function MergeCard<R>(props: {
  recordType: 'organisation' | 'person' | 'site';
  /** The card's heading, the record kind's own by default. */
  title?: string;
  survivor: R & { id: string };
  candidates: Candidate[] | undefined;
  /** How a record of the kind is read. */
  read: (id: string) => Promise<R>;
  facts: (r: R) => Facts;
  nameOf: (r: R) => string;
  invalidate: readonly string[];
}) {
  const { t } = useTranslation('screening', { keyPrefix: 'merge' });
  const queries = useQueryClient();
  const [chosen, setChosen] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const other = useQuery({
    queryKey: [...props.invalidate, 'merge-candidate', chosen],
    queryFn: () => props.read(chosen),
    enabled: chosen !== '',
  });
  const merge = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/api/screening/merges', {
          body: { recordType: props.recordType, mergedId: chosen, survivorId: props.survivor.id, reason },
        }),
      ),
    onSuccess: async (m) => {
      setDone(m.merged.name);
      setChosen('');
      setReason('');
      await Promise.all([
        queries.invalidateQueries({ queryKey: props.invalidate }),
        queries.invalidateQueries({ queryKey: SCREENING }),
      ]);
    },
  });
  const candidates = (props.candidates ?? []).filter((c) => c.id !== props.survivor.id);
  const mine = props.facts(props.survivor);
  const theirs = other.data && chosen ? props.facts(other.data) : null;
  return (
    <section className="card merge" aria-label={props.title ?? t('title')}>
      <h2>{props.title ?? t('title')}</h2>
      <p className="hint">{t('hint')}</p>
      {done && (
        <p role="status" data-testid="merge-done">
          {t('done', { name: done })}
        </p>
      )}
      {candidates.length === 0 ? (
        <p className="empty">{t('none')}</p>
      ) : (
        <label className="field">
          {t('choose')}
          <select
            value={chosen}
            onChange={(e) => {
              setChosen(e.target.value);
              merge.reset();
            }}
          >
            <option value="">—</option>
            {candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {theirs && other.data && (
        <>
          <table className="merge-compare" data-testid="merge-compare">
            <thead>
              <tr>
                <th>{t('field')}</th>
                <th>{t('survivor')}</th>
                <th>{t('merged')}</th>
              </tr>
            </thead>
            <tbody>
              {mine.map(([label, value], i) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td>{value}</td>
                  <td>{theirs[i][1]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <form
            className="merge-form"
            onSubmit={(e) => {
              e.preventDefault();
              merge.mutate();
            }}
          >
            <label className="field">
              {t('reason')}
              <textarea value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} />
            </label>
            {merge.error && (
              <p className="problem" role="alert">
                {problemText(merge.error)}
              </p>
            )}
            <button type="submit" disabled={merge.isPending || !reason.trim()}>
              {t('submit', { name: props.nameOf(other.data) })}
            </button>{' '}
            <button type="button" onClick={() => setChosen('')}>
              {t('cancel')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}

const list = (xs: readonly string[]) => (xs.length ? xs.join(', ') : '—');

/** Merging a duplicate organisation into this one. */
export function OrganisationMergeCard({ organisation }: { organisation: Organisation }) {
  const { t } = useTranslation('screening', { keyPrefix: 'record' });
  const { t: ta } = useTranslation('actors');
  const candidates = useQuery({
    queryKey: [...ORGANISATIONS, 'duplicates-of', organisation.id, organisation.version],
    queryFn: () =>
      ok(
        api.POST('/api/organisations/duplicates', {
          body: {
            legalName: organisation.legalName,
            tradeNames: organisation.tradeNames,
            registrationNumbers: organisation.registrationNumbers.map((n) => ({ number: n.number })),
          },
        }),
      ),
  });
  return (
    <MergeCard
      recordType="organisation"
      survivor={organisation}
      candidates={candidates.data}
      read={(id) => ok(api.GET('/api/organisations/{id}', { params: { path: { id } } }))}
      nameOf={(o) => o.legalName}
      invalidate={ORGANISATIONS}
      facts={(o) => [
        [t('name'), o.legalName],
        [t('tradeNames'), list(o.tradeNames)],
        [t('roles'), list(o.chainRoles.map((r) => chainRoleText(ta, r)))],
        [t('numbers'), list(o.registrationNumbers.map((n) => `${n.scheme.toUpperCase()} ${n.number}`))],
        [t('country'), o.country],
        [t('kyc'), ta(`kyc.${o.kyc.status}`)],
        [t('created'), o.createdAt.slice(0, 10)],
      ]}
    />
  );
}

/** Merging a duplicate site into this one. */
export function SiteMergeCard({ site }: { site: Site }) {
  const { t } = useTranslation('screening', { keyPrefix: 'record' });
  const { t: tc } = useTranslation();
  const candidates = useQuery({
    queryKey: [...SITES, 'duplicates-of', site.id, site.version],
    queryFn: () =>
      ok(api.POST('/api/sites/duplicates', { body: { name: site.name, geometry: site.geometry } })),
  });
  return (
    <MergeCard
      recordType="site"
      survivor={site}
      candidates={candidates.data}
      read={(id) => ok(api.GET('/api/sites/{id}', { params: { path: { id } } }))}
      nameOf={(s) => `${s.name} (${s.code})`}
      invalidate={SITES}
      facts={(s) => [
        [t('name'), s.name],
        [t('code'), s.code],
        [t('province'), s.province],
        [t('status'), tc(`status.${s.status}`)],
        [t('cooperatives'), list(s.cooperatives.map((c) => c.name))],
        [t('created'), s.createdAt.slice(0, 10)],
      ]}
    />
  );
}

/** Merging two people of an organisation: the one kept is chosen first, then a likely duplicate of them. */
export function PersonMergeCard({ people }: { people: Person[] }) {
  const { t } = useTranslation('screening', { keyPrefix: 'record' });
  const { t: tm } = useTranslation('screening', { keyPrefix: 'merge' });
  const { t: ta } = useTranslation('actors');
  const [keptId, setKeptId] = useState('');
  const kept = people.find((p) => p.id === keptId);
  const candidates = useQuery({
    queryKey: [...ORGANISATIONS, 'person-duplicates-of', kept?.id, kept?.version],
    enabled: kept !== undefined,
    queryFn: () =>
      ok(
        api.POST('/api/persons/duplicates', {
          body: {
            organisationId: kept!.organisationId,
            fullName: kept!.fullName,
            cardNumber: kept?.cardNumber ?? null,
            birthYear: kept?.birthYear ?? null,
          },
        }),
      ),
  });
  return (
    <>
      <section className="card" aria-label={tm('personTitle')}>
        <h2>{tm('personTitle')}</h2>
        <label className="field">
          {tm('personKept')}
          <select value={keptId} onChange={(e) => setKeptId(e.target.value)}>
            <option value="">—</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.fullName}
              </option>
            ))}
          </select>
        </label>
      </section>
      {kept && (
        <MergeCard
          key={kept.id}
          recordType="person"
          title={tm('personInto', { name: kept.fullName })}
          survivor={kept}
          candidates={candidates.data}
          read={(id) => ok(api.GET('/api/persons/{id}', { params: { path: { id } } }))}
          nameOf={(p) => p.fullName}
          invalidate={ORGANISATIONS}
          facts={(p) => [
            [t('name'), p.fullName],
            [t('kind'), ta(`personKind.${p.kind}`)],
            [t('position'), p.position ?? '—'],
            [t('card'), p.cardNumber ?? '—'],
            [t('birthYear'), p.birthYear ?? '—'],
            [t('created'), p.createdAt.slice(0, 10)],
          ]}
        />
      )}
    </>
  );
}
