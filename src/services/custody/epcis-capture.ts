import { v7 as uuidv7 } from 'uuid';
import { canCaptureCustody } from '../../domain/access/roles.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent } from '../../storage/events.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { conflict, type FieldError, forbidden, invalid, notFound } from '../errors.ts';
import { prepareOffThread } from './capture-pool.ts';
import { type CaptureRows, EVENT_COLUMNS } from './capture-rows.ts';

export type CaptureErrorBehaviour = 'rollback' | 'proceed';

/** A capture job as the EPCIS 2.0 REST binding describes it. */
export interface CaptureJob {
  captureID: string;
  createdAt: string;
  finishedAt: string;
  running: false;
  success: boolean;
  captureErrorBehaviour: CaptureErrorBehaviour;
  errors: FieldError[];
  eventCount: number;
  storedCount: number;
}

/**
 * Inserts a document's rows; a re-sent event (same eventID or hash) is skipped. Answers how many were
 * new, and the events whose eventID already names a different event (a conflict, never a silent loss).
 */
export async function insertEvents(
  tx: Queryable,
  rows: CaptureRows,
): Promise<{ stored: number; conflicts: number[] }> {
  const names = EVENT_COLUMNS.map(([c]) => c);
  // One array per column, unnested: 21 parameters whatever the number of events, which spares the
  // parsing and binding of a statement with tens of thousands of parameters.
  const casts = EVENT_COLUMNS.map(
    ([, t], k) => `$${k + 1}::${t === 'text[]' || t === 'jsonb' ? 'text' : t}[]`,
  );
  const select = EVENT_COLUMNS.map(([c, t]) => (t === 'text[]' || t === 'jsonb' ? `${c}::${t}` : c));
  const result = await tx.query<{ event_id: string }>(
    `INSERT INTO epcis_events (${names.join(', ')})
     SELECT ${select.join(', ')} FROM unnest(${casts.join(', ')}) AS t(${names.join(', ')})
     ON CONFLICT DO NOTHING RETURNING event_id`,
    rows.columns,
  );
  const inserted = new Set(result.rows.map((r) => r.event_id));
  // Events not inserted are either re-sent (same hash: acknowledged) or clash with another event
  // stored under the same eventID; checked after the insert, so concurrent captures are covered too.
  const skipped = rows.eventIds.map((id, i) => ({ id, i })).filter(({ id }) => !inserted.has(id));
  const conflicts: number[] = [];
  if (skipped.length) {
    const known = new Set(
      (
        await tx.query<{ event_hash: string }>(
          'SELECT event_hash FROM epcis_events WHERE event_id = ANY($1::text[]) OR event_hash = ANY($2::text[])',
          [skipped.map(({ id }) => id), skipped.map(({ i }) => rows.hashes[i])],
        )
      ).rows.map((r) => r.event_hash),
    );
    for (const { i } of skipped) if (!known.has(rows.hashes[i])) conflicts.push(i);
  }
  // An error declaration is the same event sent again with errorDeclaration (EPCIS 2.0 §7.4.1.4):
  // the stored event takes it on, once.
  for (const e of rows.errorDeclarations) {
    await tx.query(
      `UPDATE epcis_events SET body = jsonb_set(body, '{errorDeclaration}', $3::jsonb)
        WHERE (event_id = $1 OR event_hash = $2) AND NOT (body ? 'errorDeclaration')`,
      [e.eventId, e.hash, e.declaration],
    );
  }
  return { stored: inserted.size, conflicts };
}

/**
 * Captures an EPCIS 2.0 document: validated against the standard's schema, every event stored with
 * its identity in one transaction, re-sent events acknowledged without being stored twice.
 */
export async function captureDocument(
  ctx: AuthedContext,
  doc: unknown,
  behaviour: CaptureErrorBehaviour,
): Promise<CaptureJob> {
  if (!canCaptureCustody(ctx.principal)) throw forbidden('your role does not capture custody events');
  const now = ctx.clock();
  const id = uuidv7();
  const list = (doc as { epcisBody?: { eventList?: unknown } })?.epcisBody?.eventList;
  // Validation and hashing run beside the database when the document is large.
  const prepared = await prepareOffThread(
    {
      schemaPath: ctx.config.epcisSchemaPath,
      document: doc,
      captureId: id,
      organisationId: ctx.principal.organisationId,
      recordTime: now.toISOString(),
    },
    Array.isArray(list) ? list.length : 0,
  );
  if (!prepared.ok) throw invalid(prepared.errors, prepared.message);
  const rows = prepared.rows;
  const events = rows.eventIds;
  const { stored, errors } = await ctx.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO epcis_captures (id, organisation_id, created_by, created_at, finished_at, error_behaviour, success, event_count, stored_count)
       VALUES ($1, $2, $3, $4, $4, $5, true, $6, 0)`,
      [id, ctx.principal.organisationId, ctx.principal.userId, now, behaviour, events.length],
    );
    const { stored: n, conflicts } = await insertEvents(tx, rows);
    const errors = conflicts.map((i) => ({
      path: `epcisBody.eventList.${i}.eventID`,
      message: `eventID ${events[i]} already names a different event; give this one its own eventID`,
    }));
    // Atomic by default: one clash refuses the whole document (GS1-Capture-Error-Behaviour: rollback).
    if (errors.length && behaviour === 'rollback')
      throw conflict('some events clash with events already captured', errors);
    await tx.query('UPDATE epcis_captures SET stored_count = $2, success = $3, errors = $4 WHERE id = $1', [
      id,
      n,
      errors.length === 0,
      JSON.stringify(errors),
    ]);
    // One entry in the log per capture: the events themselves are the custody record.
    await appendEvent(tx, {
      type: 'epcis.captured',
      subjectType: 'epcis_capture',
      subjectId: id,
      payload: {
        eventCount: events.length,
        storedCount: n,
        eventIds: events.slice(0, 100),
      },
      actor: actorOf(ctx.principal),
      at: now,
    });
    return { stored: n, errors };
  });
  return {
    captureID: id,
    createdAt: now.toISOString(),
    finishedAt: now.toISOString(),
    running: false,
    success: errors.length === 0,
    captureErrorBehaviour: behaviour,
    errors,
    eventCount: events.length,
    storedCount: stored,
  };
}

/** A capture job of the caller's organisation. */
export async function getCapture(ctx: AuthedContext, id: string): Promise<CaptureJob> {
  const row = (
    await ctx.db.query<{
      id: string;
      created_at: Date;
      finished_at: Date;
      error_behaviour: CaptureErrorBehaviour;
      success: boolean;
      errors: FieldError[];
      event_count: number;
      stored_count: number;
    }>('SELECT * FROM epcis_captures WHERE id = $1 AND organisation_id = $2', [
      id,
      ctx.principal.organisationId,
    ])
  ).rows[0];
  if (!row) throw notFound('capture job');
  return {
    captureID: row.id,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at.toISOString(),
    running: false,
    success: row.success,
    captureErrorBehaviour: row.error_behaviour,
    errors: row.errors,
    eventCount: row.event_count,
    storedCount: row.stored_count,
  };
}
