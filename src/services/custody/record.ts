import { v7 as uuidv7 } from 'uuid';
import type { CustodyViolation, RuleMode } from '../../domain/custody/lot.ts';
import type { Queryable } from '../../storage/db.ts';
import { advisoryLock } from '../../storage/queries/custody.ts';
import { eventIdExists, insertFinishedCapture } from '../../storage/queries/epcis.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { ruleBroken } from '../errors.ts';
import { insertIncident } from '../incidents/incidents.ts';
import { captureRows, prepareEvents } from './capture-rows.ts';
import { insertEvents } from './epcis-capture.ts';

/**
 * Applies the configured mode of each broken rule: any rule set to reject refuses the whole
 * operation (422 naming every broken rule); the others are recorded and each opens a level-2
 * fraud/origin incident for someone to verify.
 */
export async function applyRules(
  tx: Queryable,
  ctx: AuthedContext,
  violations: readonly (CustodyViolation | null)[],
  concern: { siteId: string | null; organisationIds: string[]; what: string },
): Promise<string[]> {
  const broken = violations.filter((v): v is CustodyViolation => v !== null);
  const mode = (v: CustodyViolation): RuleMode => ctx.config.custodyRuleModes[v.rule];
  const refused = broken.filter((v) => mode(v) === 'reject');
  if (refused.length)
    throw ruleBroken(
      refused.map((v) => ({ path: v.rule, message: v.message, code: v.code, params: v.params })),
    );
  const incidents: string[] = [];
  for (const v of broken) {
    const { code } = await insertIncident(
      tx,
      ctx,
      {
        siteId: concern.siteId,
        level: 2,
        category: 'bribery_fraud',
        title: `Custody: ${v.message}`,
        description: `Recorded with the ${concern.what}; the rule ${v.rule} was broken (${JSON.stringify(v.facts)}). Possible misrepresentation of origin: verify.`,
        source: 'custody',
        organisationIds: concern.organisationIds,
      },
      actorOf(ctx.principal),
      ctx.clock(),
    );
    incidents.push(code);
  }
  return incidents;
}

/** Stores custody events in the EPCIS repository as one capture of the caller's organisation. */
export async function recordEpcis(
  tx: Queryable,
  ctx: AuthedContext,
  events: Record<string, unknown>[],
): Promise<string[]> {
  const now = ctx.clock();
  const id = uuidv7();
  const prepared = prepareEvents({ '@context': [], epcisBody: { eventList: events } }, now);
  await insertFinishedCapture(tx, {
    id,
    organisationId: ctx.principal.organisationId,
    createdBy: ctx.principal.userId,
    at: now,
    eventCount: prepared.length,
  });
  await insertEvents(tx, captureRows(prepared, id, ctx.principal.organisationId, now.toISOString()));
  return prepared.map((p) => p.eventId);
}

/** Whether an EPCIS event already bears this operation id as its eventID. */
export async function alreadyRecorded(q: Queryable, operationId: string | undefined): Promise<boolean> {
  if (!operationId) return false;
  return eventIdExists(q, `urn:uuid:${operationId}`);
}

/**
 * Serialises, until the transaction ends, the operations that share any of these keys (a tag): two sacks
 * given one tag wait for each other instead of both passing their checks. (A retry racing its original
 * waits on its client id, in `createOnce`.)
 */
export async function lockKeys(tx: Queryable, keys: readonly string[]): Promise<void> {
  for (const key of [...new Set(keys)].sort()) await advisoryLock(tx, `custody:${key}`);
}
