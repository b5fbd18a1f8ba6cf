import { ApiError, api, deviceHeaders, ok, problemOf } from './api.ts';
import { afterPull, afterResult, toSend } from './conflicts.ts';
import { toBase64 } from './crypto.ts';
import { db, getMeta, type OutboxPhoto, type OutboxRecord, setMeta } from './db.ts';

/** Records per sync request: small enough that a batch cut off by the network costs little to send again. */
export const BATCH = 20;
/** Bytes per photo chunk. */
export const CHUNK_BYTES = 64 * 1024;

export interface SyncState {
  running: boolean;
  /** Why the last sync stopped short, if it did (offline, server unreachable, signed out). */
  error?: unknown;
  signedOut?: boolean;
}

let state: SyncState = { running: false };
const listeners = new Set<() => void>();
const set = (next: SyncState) => {
  state = next;
  for (const l of listeners) l();
};
export const syncState = () => state;
export const onSyncState = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/** Sends the outbox in batches, oldest first; each answer is written down before the next batch goes. */
async function pushRecords() {
  for (;;) {
    const batch = toSend(await db.outbox.where('state').equals('waiting').toArray()).slice(0, BATCH);
    if (batch.length === 0) return;
    const { results } = await ok(
      api.POST('/api/field/sync', {
        body: { records: batch.map((r) => ({ kind: r.kind, body: r.body }) as never) },
      }),
    );
    const now = new Date();
    // An answer that names none of the batch would send the same batch for ever: stop, and try at the next sync.
    if (!batch.some((r) => results.some((x) => x.id === r.id))) throw new Error('the server answered for no record');
    await db.transaction('rw', db.outbox, async () => {
      for (const r of batch)
        await db.outbox.put(
          afterResult(
            r,
            results.find((x) => x.id === r.id),
            now,
          ),
        );
    });
  }
}

/** Where the server's copy of a photo ends: declared again if need be (a retry answers how far it got). */
async function serverOffset(p: { id: string; visitId: string; sizeBytes: number; sha256: string }) {
  const u = await ok(
    api.POST('/api/field/uploads', {
      body: {
        id: p.id,
        visitId: p.visitId,
        filename: `${p.id}.jpg`,
        contentType: 'image/jpeg',
        sizeBytes: p.sizeBytes,
        sha256: p.sha256,
      },
    }),
  );
  return u.complete ? p.sizeBytes : u.offset;
}

/** Sends the photos of visits the server has, in chunks, each from where the server's copy ends. */
async function pushPhotos() {
  const photos = await db.photos.where('state').equals('waiting').sortBy('id');
  for (const p of photos) {
    const visit = await db.outbox.get(p.visitId);
    if (visit && visit.state !== 'sent') continue;
    let offset = await serverOffset(p);
    while (offset < p.sizeBytes) {
      const chunk = p.blob.slice(offset, Math.min(offset + CHUNK_BYTES, p.sizeBytes));
      const response = await fetch(`/api/field/uploads/${p.id}`, {
        method: 'PATCH',
        credentials: 'same-origin',
        headers: {
          ...deviceHeaders(),
          'content-type': 'application/offset+octet-stream',
          'upload-offset': String(offset),
        },
        body: chunk,
      });
      const body = await response.json().catch(() => null);
      if (response.ok) offset = body.complete ? p.sizeBytes : body.offset;
      // The server holds another length (an earlier answer was lost, or it started over): go on from there.
      else if (response.status === 409 && typeof body?.params?.offset === 'number') offset = body.params.offset;
      else throw new ApiError(problemOf(body, response));
      await db.photos.update(p.id, { offset });
    }
    // The server has the photo: the phone lets its bytes go.
    await db.photos.delete(p.id);
  }
}

/** Takes what changed at my sites since the checkpoint, and applies the conflict rules to what the phone holds. */
async function pull() {
  const since = await getMeta<number>('checkpoint');
  const changes = await ok(
    api.GET('/api/field/changes', { params: { query: since === undefined ? {} : { since } } }),
  );
  await db.transaction('rw', [db.sites, db.incidents, db.assignments, db.meta], async () => {
    const held = afterPull(
      {
        sites: await db.sites.toArray(),
        assignments: await db.assignments.toArray(),
        incidents: await db.incidents.toArray(),
      },
      changes,
    );
    await db.sites.clear();
    await db.sites.bulkPut(held.sites);
    await db.assignments.clear();
    await db.assignments.bulkPut(held.assignments);
    await db.incidents.clear();
    await db.incidents.bulkPut(held.incidents);
    await setMeta('criteriaSets', changes.criteriaSets);
    await setMeta('checkpoint', changes.checkpoint);
    await setMeta('pulledAt', new Date().toISOString());
  });
}

let running: Promise<void> | undefined;

/**
 * One sync: the outbox, then the photos, then the pull. Safe to start at any time and as often as wanted (one
 * runs at a time); whatever stops it half-way (network gone, page closed) leaves the outbox as the server's
 * last answers left it, and the next sync goes on from there.
 */
export function syncNow(): Promise<void> {
  running ??= (async () => {
    set({ running: true });
    try {
      await pushRecords();
      await pushPhotos();
      await pull();
      await setMeta('lastSyncAt', new Date().toISOString());
      set({ running: false });
    } catch (error) {
      const signedOut = error instanceof ApiError && error.problem.status === 401;
      set({ running: false, error, signedOut });
    } finally {
      running = undefined;
    }
  })();
  return running;
}

/** Syncs when the network comes back, and every few minutes while it is there. */
export function startAutoSync(everyMs = 120_000) {
  const go = () => {
    if (navigator.onLine) void syncNow();
  };
  globalThis.addEventListener('online', go);
  const timer = setInterval(go, everyMs);
  go();
  return () => {
    globalThis.removeEventListener('online', go);
    clearInterval(timer);
  };
}

/** What the export file holds: everything unsent, photos as base64, with who and which device made it. */
export interface OutboxExport {
  exportedAt: string;
  device: string | null;
  me: unknown;
  records: OutboxRecord[];
  photos: (Omit<OutboxPhoto, 'blob'> & { contentType: string; base64: string })[];
}

/** Everything not yet on the server, as one JSON file the monitor can keep or hand over (photos as base64). */
export async function exportOutbox(now = new Date()): Promise<Blob> {
  const records = (await db.outbox.where('state').anyOf('waiting', 'refused').toArray()).sort((a, b) =>
    a.id < b.id ? -1 : 1,
  );
  const photos = await db.photos.where('state').equals('waiting').sortBy('id');
  const file: OutboxExport = {
    exportedAt: now.toISOString(),
    device: globalThis.localStorage?.getItem('amana.field.device') ?? null,
    me: await getMeta('me'),
    records,
    photos: await Promise.all(
      photos.map(async ({ blob, ...rest }) => ({
        ...rest,
        contentType: blob.type,
        base64: toBase64(new Uint8Array(await blob.arrayBuffer())),
      })),
    ),
  };
  return new Blob([JSON.stringify(file, null, 1)], { type: 'application/json' });
}
