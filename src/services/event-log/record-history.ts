import { canReadAllPrivate } from '../../domain/access/roles.ts';
import { type EventVerification, verifyEvent } from '../../domain/events/event-verification.ts';
import { sealSignatureValid } from '../../domain/events/seal.ts';
import {
  findEventHash,
  findLatestSeal,
  type HistoryEventRow,
  recordEventsPage,
} from '../../storage/queries/event-log.ts';
import { mergeGroup } from '../../storage/queries/merges.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import { getOrganisation } from '../actors/organisations.ts';
import type { AuthedContext, ServiceContext } from '../context.ts';
import { cursorKey } from '../cursor.ts';
import { getLot } from '../custody/trace.ts';
import { forbidden } from '../errors.ts';
import { getIncident } from '../incidents/incidents.ts';
import { getSite } from '../sites/sites.ts';
import { loadSealKey } from './seal-key.ts';

export const HISTORY_RECORD_TYPES = ['site', 'organisation', 'incident', 'lot'] as const;
export type HistoryRecordType = (typeof HISTORY_RECORD_TYPES)[number];

export interface RecordEventView {
  seq: number;
  at: string;
  type: string;
  subjectType: string;
  subjectId: string;
  by: { id: string; name: string | null } | null;
  deviceId: string | null;
  verification: EventVerification;
}

/**
 * The sequence the latest seal vouches for, when its signature checks against the instance key and the event it
 * names still holds the hash it sealed; null when there is no such seal (none yet, no key, or a broken seal).
 */
async function sealedThrough(ctx: ServiceContext): Promise<number | null> {
  const seal = await findLatestSeal(ctx.db);
  if (!seal) return null;
  let key: ReturnType<typeof loadSealKey>;
  try {
    key = loadSealKey(ctx.config, { create: false });
  } catch {
    return null;
  }
  if (!key) return null;
  const signed = sealSignatureValid(
    {
      seq: seal.seq,
      hash: seal.hash,
      sealedAt: seal.sealed_at.toISOString(),
      keyId: seal.key_id,
      signature: seal.signature,
    },
    key.publicKey,
  );
  return signed && seal.key_id === key.keyId && (await findEventHash(ctx.db, seal.seq)) === seal.hash
    ? seal.seq
    : null;
}

const toView = (r: HistoryEventRow, sealed: number | null): RecordEventView => ({
  seq: Number(r.seq),
  at: r.occurred_at.toISOString(),
  type: r.type,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  by: r.user_id ? { id: r.user_id, name: r.user_name } : null,
  deviceId: r.device_id,
  verification: verifyEvent(
    {
      seq: Number(r.seq),
      id: r.id,
      occurredAt: r.occurred_at.toISOString(),
      userId: r.user_id,
      organisationId: r.organisation_id,
      deviceId: r.device_id,
      type: r.type,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      payload: r.payload,
      prevHash: r.prev_hash,
      hash: r.hash,
    },
    r.previous_hash ?? undefined,
    sealed,
  ),
});

/**
 * A record's events in the log, newest first, each checked where it stands: its hash recomputed, its link to the
 * event before, and whether the latest good seal covers it. A site's or organisation's history holds the events
 * of the records merged into it; a lot's, the custody operations that made or moved it. Registry staff read
 * histories (the events name who did what across organisations); the record must be one the reader may open.
 */
export async function recordEvents(
  ctx: AuthedContext,
  type: HistoryRecordType,
  id: string,
  f: { limit: number; cursor?: string },
): Promise<Page<RecordEventView>> {
  if (!canReadAllPrivate(ctx.principal))
    throw forbidden("only the registry's staff read records' histories", {
      code: 'screening.history-hidden',
    });
  const open = { site: getSite, organisation: getOrganisation, incident: getIncident, lot: getLot }[type];
  await open(ctx, id);
  const before = cursorKey(f.cursor, ['int'])?.[0];
  const subject =
    type === 'lot'
      ? { lotId: id }
      : {
          type,
          ids: type === 'incident' ? [id] : await mergeGroup(ctx.db, type, id),
        };
  const rows = await recordEventsPage(
    ctx.db,
    subject,
    before === undefined ? undefined : Number(before),
    f.limit + 1,
  );
  const sealed = await sealedThrough(ctx);
  return toPage(
    rows,
    f.limit,
    (r) => [Number(r.seq)],
    (r) => toView(r, sealed),
  );
}
