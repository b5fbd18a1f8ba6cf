import { Dexie, type EntityTable } from 'dexie';
import type { Answer, Problem } from './api.ts';
import { currentKey, forgetLock, lockNow } from './lock.ts';
import { sealedStore } from './sealed-store.ts';

export type Site = Answer<'/api/field/changes'>['sites'][number];
export type Incident = Answer<'/api/field/changes'>['incidents'][number];
export type Assignment = Answer<'/api/field/changes'>['assignments'][number];
export type VisitBody = Extract<OutboxBody, { kind: 'visit' }>['body'];
export type IncidentBody = Extract<OutboxBody, { kind: 'incident' }>['body'];
/** A criteria-set version an assessor's phone carries to assess against offline (decision 0043). */
export type CriteriaSet = Answer<'/api/field/changes'>['criteriaSets'][number];
export type ChecklistBody = Extract<OutboxBody, { kind: 'assessment' }>['body'];
export type GrievanceBody = Extract<OutboxBody, { kind: 'grievance' }>['body'];
type OutboxBody = NonNullable<
  import('../../src/api/schema.d.ts').paths['/api/field/sync']['post']['requestBody']
>['content']['application/json']['records'][number];

/**
 * One record made on the phone, kept until the server has it: a client-made UUIDv7 (its order is the order
 * records were made), the device's time of observation, and the request its service takes.
 */
export type OutboxRecord = OutboxBody & {
  id: string;
  siteId: string;
  /** The device's clock when what the record says was seen. */
  observedAt: string;
  /** The device's clock when the record was made (kept beside the observation time). */
  createdAt: string;
  state: 'waiting' | 'refused' | 'sent';
  problem?: Problem;
  sentAt?: string;
  /** A grievance taken down: the case code and secret the server gave, to hand to its reporter. */
  receipt?: { caseCode: string; secret: string };
};

/** A photo of a visit, compressed on the phone, sent in chunks after its visit; `offset` is how far it got. */
export interface OutboxPhoto {
  id: string;
  visitId: string;
  blob: Blob;
  sizeBytes: number;
  sha256: string;
  offset: number;
  state: 'waiting' | 'sent';
  createdAt: string;
}

export interface Meta {
  key: 'device' | 'me' | 'checkpoint' | 'lastSyncAt' | 'pulledAt' | 'criteriaSets' | 'places';
  value: unknown;
}

/** The phone's store: what it was sent (sites, incidents, assignments) and what it made (the outbox). */
export class FieldDb extends Dexie {
  sites!: EntityTable<Site, 'id'>;
  incidents!: EntityTable<Incident, 'id'>;
  assignments!: EntityTable<Assignment, 'id'>;
  outbox!: EntityTable<OutboxRecord, 'id'>;
  photos!: EntityTable<OutboxPhoto, 'id'>;
  meta!: EntityTable<Meta, 'key'>;
  constructor() {
    super('amana-field');
    this.version(1).stores({
      sites: 'id, code',
      incidents: 'id, site.id',
      assignments: 'id, siteId',
      outbox: 'id, state, siteId, kind',
      photos: 'id, visitId, state',
      meta: 'key',
    });
    // Every row at rest is sealed with the PIN's key (decision 0045); until the PIN is given, nothing can be read.
    this.use(sealedStore(currentKey));
  }
}

export const db = new FieldDb();

export async function getMeta<T>(key: Meta['key']): Promise<T | undefined> {
  return (await db.meta.get(key))?.value as T | undefined;
}
export const setMeta = (key: Meta['key'], value: unknown) => db.meta.put({ key, value });

/**
 * Seals, under the key just set, whatever the store held in clear from before it was sealed: every row is read
 * (a row in clear is read as it is) and written back (sealed). Nothing to do on a store that was always sealed.
 */
export async function sealWhatIsHeld(): Promise<void> {
  for (const table of db.tables)
    await db.transaction('rw', table, async () => {
      await table.bulkPut(await table.toArray());
    });
}

/**
 * Forgets everything this phone holds: the store, the PIN's lock and the service worker's caches. For a revoked
 * device (decision 0030) and after too many wrong PINs (decision 0045); signing out keeps the outbox, so that
 * nothing made offline is lost.
 */
export async function wipeDevice(): Promise<void> {
  lockNow();
  db.close();
  await Dexie.delete('amana-field');
  if ('caches' in globalThis) for (const name of await caches.keys()) await caches.delete(name);
  globalThis.localStorage?.removeItem('amana.field.device');
  forgetLock();
}
