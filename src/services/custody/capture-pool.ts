import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { type CapturePreparation, type PreparedCapture, prepareCapture } from './capture-rows.ts';

/** Documents smaller than this are prepared in place: a worker's round trip costs more than it saves. */
const WORKER_THRESHOLD = 200;

interface Pending {
  resolve: (r: PreparedCapture) => void;
  reject: (e: Error) => void;
  preparation: CapturePreparation;
  worker: Worker;
}

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
      worker.on('message', (m: { id: number; result?: PreparedCapture; error?: string }) => {
        entry.busy -= 1;
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.error) p?.reject(new Error(m.error));
        else p?.resolve(m.result as PreparedCapture);
      });
      // A worker that fails hands its documents back to be prepared in place, and leaves the pool.
      const fail = () => {
        this.workers.splice(this.workers.indexOf(entry), 1);
        for (const [id, p] of this.pending)
          if (p.worker === worker) {
            this.pending.delete(id);
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
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, preparation, worker: entry.worker });
      entry.worker.postMessage({ id, preparation });
    });
  }
}

let pool: Pool | null | undefined;

/**
 * Prepares a capture: in a worker thread for large documents, so that validation and hashing of one
 * document overlap the database work of another (the embedded database runs in the server's thread).
 */
export async function prepareOffThread(
  preparation: CapturePreparation,
  eventCount: number,
): Promise<PreparedCapture> {
  if (eventCount < WORKER_THRESHOLD) return prepareCapture(preparation);
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
