import { v7 as uuidv7 } from 'uuid';
import { onFound, subjectFingerprint } from '../../domain/screening/hit-review.ts';
import { matchable } from '../../domain/screening/list-entry.ts';
import {
  buildIndex,
  type Candidate,
  type MatchIndex,
  type ScreeningSubject,
  screenSubject,
} from '../../domain/screening/matching.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent, type EventActor } from '../../storage/events.ts';
import {
  claimRun,
  entriesOfVersions,
  type HitHistoryRow,
  hitsOfSubjects,
  insertHit,
  insertHitHistory,
  latestVersions,
  type OrganisationSubjectRow,
  organisationSubjects,
  organisationSubjectsAfter,
  type PersonSubjectRow,
  personSubjects,
  personSubjectsAfter,
  saveRunProgress,
  saveScreened,
  updateHitFinding,
} from '../../storage/queries/screening.ts';
import type { ServiceContext } from '../context.ts';

/** An organisation or person to screen, with what it is screened by. */
export interface SubjectFacts {
  type: 'organisation' | 'person';
  id: string;
  organisationId: string;
  subject: ScreeningSubject;
}

export const organisationFacts = (r: OrganisationSubjectRow): SubjectFacts => ({
  type: 'organisation',
  id: r.id,
  organisationId: r.id,
  subject: { kind: 'entity', names: [r.legal_name, ...r.trade_names], documents: r.numbers },
});

export const personFacts = (r: PersonSubjectRow): SubjectFacts => ({
  type: 'person',
  id: r.id,
  organisationId: r.organisation_id,
  subject: {
    kind: 'individual',
    names: [r.full_name],
    birthYear: r.birth_year,
    documents: r.card_number ? [r.card_number] : [],
  },
});

/** An index of list versions, and each entry's version and fingerprint by list and reference. */
export interface LoadedIndex {
  index: MatchIndex;
  entries: Map<string, { versionId: string; fingerprint: string }>;
}

// List versions never change once imported, so an index built for a set of versions stays right; a few are kept.
const cache = new Map<string, Promise<LoadedIndex>>();
const CACHE_SIZE = 4;

const entryKey = (listId: string, reference: string) => `${listId}\u0000${reference}`;

/** The matching index of some list versions, built once per process and kept. */
export function indexOf(q: Queryable, versionIds: readonly string[]): Promise<LoadedIndex> {
  const key = [...versionIds].sort().join(',');
  let loaded = cache.get(key);
  if (!loaded) {
    loaded = (async () => {
      const rows = await entriesOfVersions(q, versionIds);
      return {
        index: buildIndex(rows.map((r) => matchable(r.list_id, r.record))),
        entries: new Map(
          rows.map((r) => [
            entryKey(r.list_id, r.reference),
            { versionId: r.version_id, fingerprint: r.fingerprint },
          ]),
        ),
      };
    })();
    cache.set(key, loaded);
    loaded.catch(() => cache.delete(key));
    while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return loaded;
}

/** What a screening of some subjects changed: hits raised or opened again. */
export interface ScreeningOutcome {
  raised: number;
  reopened: number;
}

/**
 * Screens subjects against an index inside the caller's transaction: each candidate above the threshold becomes a
 * hit for review, or refreshes, reopens or leaves the hit already recorded for the pair (`onFound`). Every hit
 * raised or opened again is in the event log; the subjects' screening time and fingerprints are kept.
 */
export async function screenWith(
  tx: Queryable,
  ctx: ServiceContext,
  subjects: readonly SubjectFacts[],
  loaded: LoadedIndex,
  actor: EventActor | null,
  now: Date,
): Promise<ScreeningOutcome> {
  const outcome = { raised: 0, reopened: 0 };
  const found: { facts: SubjectFacts; fingerprint: string; candidates: Candidate[] }[] = [];
  for (const facts of subjects) {
    const candidates = screenSubject(facts.subject, loaded.index, ctx.config.screeningThreshold);
    found.push({ facts, fingerprint: subjectFingerprint(facts.subject), candidates });
  }
  const withCandidates = found.filter((f) => f.candidates.length);
  const existing = new Map<string, Awaited<ReturnType<typeof hitsOfSubjects>>[number]>();
  for (const type of ['organisation', 'person'] as const) {
    const ids = withCandidates.filter((f) => f.facts.type === type).map((f) => f.facts.id);
    if (!ids.length) continue;
    for (const h of await hitsOfSubjects(tx, type, ids))
      existing.set(`${h.subject_type}:${h.subject_id}:${entryKey(h.list_id, h.reference)}`, h);
  }
  const history: HitHistoryRow[] = [];
  for (const { facts, fingerprint, candidates } of withCandidates) {
    for (const c of candidates) {
      const entry = loaded.entries.get(entryKey(c.listId, c.reference))!;
      const hit = existing.get(`${facts.type}:${facts.id}:${entryKey(c.listId, c.reference)}`);
      const what = onFound(
        hit && {
          status: hit.status,
          subjectFingerprint: hit.subject_fingerprint,
          entryFingerprint: hit.entry_fingerprint,
        },
        { subjectFingerprint: fingerprint, entryFingerprint: entry.fingerprint },
      );
      if (what === 'keep') continue;
      const finding = {
        versionId: entry.versionId,
        score: c.score,
        reasons: c.reasons,
        subjectFingerprint: fingerprint,
        entryFingerprint: entry.fingerprint,
        organisationId: facts.organisationId,
        now,
      };
      const id = hit?.id ?? uuidv7();
      if (what === 'raise') {
        await insertHit(tx, {
          id,
          subject_type: facts.type,
          subject_id: facts.id,
          organisation_id: facts.organisationId,
          list_id: c.listId,
          reference: c.reference,
          version_id: entry.versionId,
          score: c.score,
          reasons: c.reasons,
          subject_fingerprint: fingerprint,
          entry_fingerprint: entry.fingerprint,
          status: 'open',
          decided_by: null,
          decided_at: null,
          decision_reason: null,
          incident_id: null,
          version: 1,
          created_at: now,
          updated_at: now,
        });
      } else await updateHitFinding(tx, id, { ...finding, status: 'open' });
      if (what === 'refresh') continue;
      outcome[what === 'raise' ? 'raised' : 'reopened']++;
      history.push({
        id: uuidv7(),
        hit_id: id,
        action: what === 'raise' ? 'raised' : 'reopened',
        score: c.score,
        reason: null,
        by_user: null,
        at: now,
      });
      // The log names the pair, never a person's name: personal data stays in the registry's own tables.
      await appendEvent(tx, {
        type: what === 'raise' ? 'screening.hit-raised' : 'screening.hit-reopened',
        subjectType: 'screening_hit',
        subjectId: id,
        payload: {
          subjectType: facts.type,
          subjectId: facts.id,
          organisationId: facts.organisationId,
          listId: c.listId,
          reference: c.reference,
          versionId: entry.versionId,
          score: c.score,
        },
        actor,
        at: now,
      });
    }
  }
  await insertHitHistory(tx, history);
  await saveScreened(
    tx,
    found.map((f) => ({ subject_type: f.facts.type, subject_id: f.facts.id, fingerprint: f.fingerprint })),
    now,
  );
  return outcome;
}

/**
 * Screens one organisation or person against the newest version of every list, inside the caller's transaction:
 * called when it is registered and whenever it changes, so its names are checked before anyone relies on them.
 */
export async function screenActor(
  tx: Queryable,
  ctx: ServiceContext,
  type: 'organisation' | 'person',
  id: string,
  actor: EventActor | null,
  now: Date,
): Promise<ScreeningOutcome> {
  const versions = await latestVersions(tx);
  if (!versions.length) return { raised: 0, reopened: 0 };
  const rows =
    type === 'organisation'
      ? (await organisationSubjects(tx, [id])).map(organisationFacts)
      : (await personSubjects(tx, [id])).map(personFacts);
  const loaded = await indexOf(
    tx,
    versions.map((v) => v.id),
  );
  return screenWith(tx, ctx, rows, loaded, actor, now);
}

/** Subjects screened per transaction of a run: the progress kept between two is what a restart resumes from. */
export const RUN_BATCH = 2000;

/**
 * Screens the next batch of every organisation, then every person, against the version of the oldest unfinished
 * run, and records how far it went in the same transaction: a worker stopped between two batches resumes after the
 * last subject it screened. Returns null when no run waits.
 */
export async function screenNextBatch(
  ctx: ServiceContext,
  batch = RUN_BATCH,
): Promise<{ runId: string; versionId: string; done: number; total: number; finished: boolean } | null> {
  return ctx.db.transaction(async (tx) => {
    const run = await claimRun(tx);
    if (!run) return null;
    const now = ctx.clock();
    const subjects: SubjectFacts[] = [];
    let after: { type: 'organisation' | 'person'; id: string } | null = null;
    if (run.after_type !== 'person') {
      const orgs = await organisationSubjectsAfter(tx, run.after_id, batch);
      subjects.push(...orgs.map(organisationFacts));
      if (orgs.length) after = { type: 'organisation', id: orgs.at(-1)!.id };
    }
    let finished = false;
    if (subjects.length < batch) {
      const persons = await personSubjectsAfter(
        tx,
        run.after_type === 'person' ? run.after_id : null,
        batch - subjects.length,
      );
      subjects.push(...persons.map(personFacts));
      if (persons.length) after = { type: 'person', id: persons.at(-1)!.id };
      finished = persons.length < batch - (subjects.length - persons.length);
    }
    const loaded = await indexOf(tx, [run.version_id]);
    const outcome = await screenWith(tx, ctx, subjects, loaded, null, now);
    await saveRunProgress(tx, run.id, {
      done: subjects.length,
      hits: outcome.raised + outcome.reopened,
      after,
      finished,
      now,
    });
    if (finished)
      await appendEvent(tx, {
        type: 'screening.run-finished',
        subjectType: 'screening_run',
        subjectId: run.id,
        payload: {
          versionId: run.version_id,
          screened: run.done + subjects.length,
          hits: run.hits + outcome.raised + outcome.reopened,
        },
        actor: null,
        at: now,
      });
    return {
      runId: run.id,
      versionId: run.version_id,
      done: run.done + subjects.length,
      total: run.total,
      finished,
    };
  });
}

/** Runs batches until no screening run waits; `onProgress` hears each batch. Returns the batches run. */
export async function screenAllPending(
  ctx: ServiceContext,
  onProgress: (done: number, total: number) => void = () => {},
  budgetMs = Number.POSITIVE_INFINITY,
): Promise<number> {
  const started = Date.now();
  let batches = 0;
  while (Date.now() - started < budgetMs) {
    const step = await screenNextBatch(ctx);
    if (!step) break;
    batches++;
    onProgress(Math.min(step.done, step.total), step.total);
  }
  return batches;
}
