import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { ServiceError } from '../errors.ts';
import {
  type CapturePreparation,
  type CaptureRows,
  type PreparedCapture,
  prepareCapture,
} from './capture-rows.ts';

/** Documents smaller than these are prepared in place: a worker's round trip costs more than it saves. */
const WORKER_THRESHOLD_EVENTS = 200;
const WORKER_THRESHOLD_BYTES = 256 * 1024;

interface Pending {
  resolve: (r: PreparedCapture) => void;
  reject: (e: Error) => void;
  /** What to prepare in place should the worker fail; null once its bytes were handed to the worker. */
  preparation: CapturePreparation | null;
  worker: Worker;
  chunks: CaptureRows[];
}

type Message = { id: number; chunk?: CaptureRows; result?: PreparedCapture; error?: string };

class Pool {
  private readonly workers: { worker: Worker; busy: number }[] = [];
  private readonly pending = new Map<number, Pending>();
  private next = 0;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./capture-worker.ts', import.meta.url));
      // Unreferenced, yet a worker's message channel can still hold the process open once the work is
      // over: a process done with capture closes the pool (closeCapturePool).
      worker.unref();
      const entry = { worker, busy: 0 };
      worker.on('message', (m: Message) => {
        const p = this.pending.get(m.id);
        if (m.chunk) {
          p?.chunks.push(m.chunk);
          return;
        }
        entry.busy -= 1;
        this.pending.delete(m.id);
        if (m.error) p?.reject(new Error(m.error));
        else if (p && m.result?.ok) p.resolve({ ...m.result, chunks: p.chunks });
        else p?.resolve(m.result as PreparedCapture);
      });
      // A worker that fails hands its documents back to be prepared in place, and leaves the pool.
      const fail = () => {
        this.workers.splice(this.workers.indexOf(entry), 1);
        for (const [id, p] of this.pending)
          if (p.worker === worker) {
            this.pending.delete(id);
            if (!p.preparation) {
              p.reject(new ServiceError('unavailable', 'the document could not be prepared; send it again'));
              continue;
            }
            try {
              p.resolve(prepareCapture(p.preparation));
            } catch (e) {
              p.reject(e as Error);
            }
          }
      };
      worker.on('error', fail);
      worker.on('exit', fail);
      this.workers.push(entry);
    }
  }

  /** Stops the workers; documents still in a worker's hands are prepared in place. */
  async close(): Promise<void> {
    const entries = this.workers.splice(0);
    for (const { worker } of entries) {
      worker.removeAllListeners('exit');
      worker.removeAllListeners('error');
    }
    await Promise.all(entries.map(({ worker }) => worker.terminate()));
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      if (!p.preparation) {
        p.reject(new ServiceError('unavailable', 'the server is stopping; send the document again'));
        continue;
      }
      try {
        p.resolve(prepareCapture(p.preparation));
      } catch (e) {
        p.reject(e as Error);
      }
    }
  }

  run(preparation: CapturePreparation): Promise<PreparedCapture> {
    if (this.workers.length === 0) return Promise.resolve(prepareCapture(preparation));
    const entry = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.next++;
    entry.busy += 1;
    // The bytes of a document are handed over, not copied: the server's thread never parses them.
    let transfer: ArrayBuffer[] = [];
    let sent = preparation;
    const doc = preparation.document;
    if (doc instanceof Uint8Array) {
      const own =
        doc.byteOffset === 0 && doc.byteLength === doc.buffer.byteLength && doc.buffer instanceof ArrayBuffer
          ? doc
          : new Uint8Array(doc);
      sent = { ...preparation, document: own };
      transfer = [own.buffer as ArrayBuffer];
    }
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        resolve,
        reject,
        preparation: transfer.length ? null : preparation,
        worker: entry.worker,
        chunks: [],
      });
      entry.worker.postMessage({ id, preparation: sent }, transfer);
    });
  }
}

let pool: Pool | null | undefined;

/**
 * Prepares a capture: in a worker thread for large documents, so that parsing, validation and hashing
 * never hold the server's thread (the embedded database runs in it) and overlap the database work of
 * another document.
 */
export async function prepareOffThread(preparation: CapturePreparation): Promise<PreparedCapture> {
  const doc = preparation.document;
  const large =
    doc instanceof Uint8Array
      ? doc.byteLength >= WORKER_THRESHOLD_BYTES
      : (() => {
          const list = (doc as { epcisBody?: { eventList?: unknown } })?.epcisBody?.eventList;
          return Array.isArray(list) && list.length >= WORKER_THRESHOLD_EVENTS;
        })();
  if (!large) return prepareCapture(preparation);
  if (pool === undefined) {
    try {
      pool = new Pool(Math.max(1, Math.min(4, os.availableParallelism() - 1)));
    } catch {
      pool = null;
    }
  }
  return pool ? pool.run(preparation) : prepareCapture(preparation);
}

/**
 * Stops the capture workers, for a process that is done capturing (a benchmark, a command): a worker's
 * message channel can keep the process alive after its work is over. A later capture starts a new pool.
 */
export async function closeCapturePool(): Promise<void> {
  const current = pool;
  pool = undefined;
  await current?.close();
}
