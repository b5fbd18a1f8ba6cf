// The conflict rules of the field app (docs/decisions/0030-field-sync-conflicts.md), as pure functions: what a
// server's answer does to the phone's outbox, and what a pull does to what the phone holds.
import type { Answer } from './api.ts';
import type { Assignment, Incident, OutboxRecord, Site } from './db.ts';

export type SyncResult = Answer<'/api/field/sync', 'post'>['results'][number];
export type Changes = Answer<'/api/field/changes'>;

/**
 * A record after the server's answer: stored (now or by an earlier sync) → sent; refused → kept, with the problem,
 * for the monitor to fix and send again under the same id (a refusal keeps no key, so the server judges it afresh).
 * A record the answer does not name is left as it was, to go in the next batch. A grievance taken down, once
 * stored, forgets its reporter's contact details and keeps the receipt to hand over (decision 0043).
 */
export function afterResult(record: OutboxRecord, result: SyncResult | undefined, now: Date): OutboxRecord {
  if (!result) return record;
  if (result.outcome === 'refused') return { ...record, state: 'refused', problem: result.problem };
  const { problem: _p, ...rest } = record;
  const sent: OutboxRecord = { ...rest, state: 'sent', sentAt: now.toISOString() };
  if (sent.kind !== 'grievance') return sent;
  // The server has the reporter's contact, sealed: the phone keeps no copy, and the monitor never reads it back.
  const { contact: _c, ...body } = sent.body;
  return { ...sent, body, receipt: result.receipt };
}

/** What a pull leaves on the phone: the server's sites, status and assignments; incidents merged by id. */
export interface Held {
  sites: Site[];
  assignments: Assignment[];
  incidents: Incident[];
}

/**
 * The server decides status: each pull's sites and assignments replace the phone's (a site no longer assigned
 * goes). Incidents are replaced on a full resync, else updated by id, newest revision kept. The outbox is not
 * part of what a pull touches: the monitor's own records stay the monitor's until the server has them.
 */
export function afterPull(held: Held, changes: Changes): Held {
  const mine = new Set(changes.sites.map((s) => s.id));
  const byId = new Map<string, Incident>();
  if (!changes.full) for (const i of held.incidents) byId.set(i.id, i);
  for (const i of changes.incidents) {
    const had = byId.get(i.id);
    if (!had || had.revision <= i.revision) byId.set(i.id, i);
  }
  return {
    sites: changes.sites,
    assignments: changes.assignments,
    incidents: [...byId.values()].filter((i) => i.site && mine.has(i.site.id)),
  };
}

/** The outbox in the order to send: oldest record first (UUIDv7 ids sort by creation), refused ones left out. */
export const toSend = (records: readonly OutboxRecord[]) =>
  records.filter((r) => r.state === 'waiting').sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
