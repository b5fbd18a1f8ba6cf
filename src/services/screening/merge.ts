import { v7 as uuidv7 } from 'uuid';
import { canKeepScreening, canReadAllPrivate } from '../../domain/access/roles.ts';
import { type MergeRecordType, mergeRefusal } from '../../domain/screening/merge.ts';
import { appendEvent } from '../../storage/events.ts';
import {
  historyOf,
  insertMerge,
  lockMergeSide,
  markMerged,
  mergeGroup,
  mergesInto,
  moveHoldings,
  moveOpenHits,
  ownOneAnother,
  survivorOf,
} from '../../storage/queries/merges.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import { insertHitHistory } from '../../storage/queries/screening.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { cursorKey } from '../cursor.ts';
import { conflict, forbidden, invalid, notFound } from '../errors.ts';
import { screenActor } from './screen.ts';
import type { HistoryEventView, MergeView } from './views.ts';

export interface MergeInput {
  recordType: MergeRecordType;
  mergedId: string;
  survivorId: string;
  reason: string;
}

const SENTENCE = {
  'merge-merged': 'this record was merged already',
  'merge-survivor-merged': 'the record to keep was merged into another: merge into that one',
  'merge-other-kind': 'the two organisations share no role in the chain',
  'merge-other-organisation': 'the two people belong to two organisations',
  'merge-has-members': 'people sign in for the organisation to merge: move their accounts first',
  'merge-owned': 'one of the two organisations owns the other',
} as const;

/**
 * Merges one record into another of its kind (decision 0026), in one transaction: the merged record stays, marked
 * merged into the survivor; what it holds now moves to the survivor; what happened stays on it and is read through
 * the link; its open hits become the survivor's, which is screened again; one event says who merged what, and why.
 */
export async function mergeRecords(ctx: AuthedContext, input: MergeInput): Promise<MergeView> {
  if (!canKeepScreening(ctx.principal))
    throw forbidden('only administrators and analysts merge records', { code: 'screening.merge-forbidden' });
  if (input.mergedId === input.survivorId)
    throw invalid(
      [
        {
          path: 'survivorId',
          message: 'a record cannot be merged into itself',
          code: 'screening.merge-self',
        },
      ],
      'a record cannot be merged into itself',
      { code: 'screening.merge-self' },
    );
  const { recordType: type } = input;
  const now = ctx.clock();
  const id = uuidv7();
  const result = await ctx.db.transaction(async (tx) => {
    // Locked in one order, so that two merges of the same pair wait for each other rather than deadlock.
    const [first, second] = [input.mergedId, input.survivorId].sort();
    const locked = new Map([
      [first, await lockMergeSide(tx, type, first)],
      [second, await lockMergeSide(tx, type, second)],
    ]);
    const merged = locked.get(input.mergedId);
    const survivor = locked.get(input.survivorId);
    if (!merged) throw notFound(type);
    if (!survivor) throw notFound(type);
    const side = (r: NonNullable<typeof merged>) => ({
      id: r.id,
      mergedInto: r.merged_into,
      chainRoles: r.chain_roles ?? [],
      organisationId: r.organisation_id ?? undefined,
      members: r.members,
    });
    const refusal = mergeRefusal(
      type,
      side(merged),
      side(survivor),
      type === 'organisation' && (await ownOneAnother(tx, merged.id, survivor.id)),
    );
    if (refusal === 'merge-self') throw new Error('unreachable');
    if (refusal)
      throw conflict(SENTENCE[refusal], [], {
        code: `screening.${refusal}`,
        params: { merged: merged.name, survivor: survivor.name },
      });
    const moved = await moveHoldings(tx, type, merged.id, survivor.id, now);
    let hits: MergeView['hits'] = null;
    if (type !== 'site') {
      const toOrganisation = type === 'organisation' ? survivor.id : survivor.organisation_id!;
      hits = await moveOpenHits(tx, type, merged.id, survivor.id, toOrganisation, now);
      const note = `${type} ${merged.id} merged into ${survivor.id}`;
      await insertHitHistory(tx, [
        ...hits.moved.map((hit_id) => ({
          id: uuidv7(),
          hit_id,
          action: 'moved' as const,
          score: null,
          reason: note,
          by_user: ctx.principal.userId,
          at: now,
        })),
        ...hits.closed.map((hit_id) => ({
          id: uuidv7(),
          hit_id,
          action: 'merged' as const,
          score: null,
          reason: `${note}, which holds the same pair`,
          by_user: ctx.principal.userId,
          at: now,
        })),
      ]);
    }
    await markMerged(tx, type, merged.id, survivor.id, now);
    await insertMerge(tx, {
      id,
      record_type: type,
      merged_id: merged.id,
      survivor_id: survivor.id,
      reason: input.reason,
      moved,
      merged_by: ctx.principal.userId,
      merged_at: now,
    });
    const actor = actorOf(ctx.principal);
    // The event is about the merged record, so it closes that record's history inside the survivor's.
    await appendEvent(tx, {
      type: `${type}.merged`,
      subjectType: type,
      subjectId: merged.id,
      payload: { mergeId: id, into: survivor.id, reason: input.reason, moved, hits },
      actor,
      at: now,
    });
    // The survivor now holds the merged record's numbers (and, for an organisation, its people): screened again.
    if (type !== 'site') await screenActor(tx, ctx, type, survivor.id, actor, now);
    return { merged, survivor, moved, hits };
  });
  return {
    id,
    recordType: type,
    merged: { id: result.merged.id, name: result.merged.name },
    survivor: { id: result.survivor.id, name: result.survivor.name },
    reason: input.reason,
    moved: result.moved,
    hits: result.hits,
    mergedBy: { id: ctx.principal.userId, name: null },
    mergedAt: now.toISOString(),
  };
}

/** The record a merged one reads as, or null; the route redirects a read of a merged record there. */
export async function mergedInto(
  ctx: AuthedContext,
  type: MergeRecordType,
  id: string,
): Promise<string | null> {
  return survivorOf(ctx.db, type, id);
}

function requireHistoryReader(ctx: AuthedContext) {
  if (!canReadAllPrivate(ctx.principal))
    throw forbidden("only the registry's staff read records' histories and merges", {
      code: 'screening.history-hidden',
    });
}

/** The merges into a record, newest first. */
export async function listMerges(
  ctx: AuthedContext,
  type: MergeRecordType,
  survivorId: string,
  f: { limit: number; cursor?: string },
): Promise<Page<MergeView>> {
  requireHistoryReader(ctx);
  const after = cursorKey(f.cursor, ['instant', 'uuid']) as [string, string] | undefined;
  const group = await mergeGroup(ctx.db, type, survivorId);
  if (!group.length) throw notFound(type);
  const rows = await mergesInto(ctx.db, type, group, after, f.limit + 1);
  return toPage(
    rows,
    f.limit,
    (r) => [r.merged_at.toISOString(), r.id],
    (r) => ({
      id: r.id,
      recordType: r.record_type,
      merged: { id: r.merged_id, name: r.merged_name },
      survivor: { id: r.survivor_id, name: r.survivor_name },
      reason: r.reason,
      moved: r.moved,
      hits: null,
      mergedBy: { id: r.merged_by, name: r.merged_by_name },
      mergedAt: r.merged_at.toISOString(),
    }),
  );
}

/**
 * A record's history: the events about it and about every record merged into it, newest first. The events are
 * read as they were appended, never rewritten; each names the record it was about.
 */
export async function recordHistory(
  ctx: AuthedContext,
  type: MergeRecordType,
  id: string,
  f: { limit: number; cursor?: string },
): Promise<Page<HistoryEventView>> {
  requireHistoryReader(ctx);
  const before = cursorKey(f.cursor, ['int'])?.[0];
  const group = await mergeGroup(ctx.db, type, id);
  if (!group.length) throw notFound(type);
  const rows = await historyOf(
    ctx.db,
    type,
    group,
    before === undefined ? undefined : Number(before),
    f.limit + 1,
  );
  return toPage(
    rows,
    f.limit,
    (r) => [r.seq],
    (r) => ({
      seq: r.seq,
      at: r.occurred_at.toISOString(),
      type: r.type,
      subjectId: r.subject_id,
      by: r.user_id ? { id: r.user_id, name: r.user_name } : null,
    }),
  );
}
