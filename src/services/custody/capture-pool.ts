import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { ServiceError } from '../errors.ts';
import { type CapturePreparation, type PreparedPart, prepareCapture } from './capture-rows.ts';

/** Documents smaller than these are prepared in place: a worker's round trip costs more than it saves. */
const WORKER_THRESHOLD_EVENTS = 200;
const WORKER_THRESHOLD_BYTES = 256 * 1024;

type Arrival = PreparedPart | Error | 'done';

interface Job {
  arrive: (a: Arrival) => void;
  entry: Entry;
}

interface Entry {
  worker: Worker;
  busy: number;
}

type Message = { id: number; part?: PreparedPart; error?: string; done?: true };

class Pool {
  private readonly workers: Entry[] = [];
  private readonly jobs = new Map<number, Job>();
  private next = 0;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./capture-worker.ts', import.meta.url));
      const entry: Entry = { worker, busy: 0 };
      worker.on('message', (m: Message) => {
        const job = this.jobs.get(m.id);
        if (!job) return;
        if (m.part) job.arrive(m.part);
        else if (m.error) job.arrive(new Error(m.error));
        else job.arrive('done');
      });
      // A worker that fails fails the documents it was preparing (they can be sent again), and leaves
      // the pool; the others carry on.
      const fail = () => {
        const at = this.workers.indexOf(entry);
        if (at >= 0) this.workers.splice(at, 1);
        for (const job of this.jobs.values())
          if (job.entry === entry)
            job.arrive(
              new ServiceError('unavailable', 'the document could not be prepared; send it again', [], {
                code: 'custody.epcis-prepare-failed',
              }),
            );
      };
      worker.on('error', fail);
      worker.on('exit', fail);
      // An idle pool never keeps the process alive: a server or a test ends when its work does. (After
      // the listeners: adding a message listener would hold the process again.)
      worker.unref();
      this.workers.push(entry);
    }
  }

  get size() {
    return this.workers.length;
  }

  /** Stops the workers; documents still in a worker's hands fail and can be sent again. */
  async close(): Promise<void> {
    const entries = this.workers.splice(0);
    for (const { worker } of entries) {
      worker.removeAllListeners('exit');
      worker.removeAllListeners('error');
    }
    await Promise.all(entries.map(({ worker }) => worker.terminate()));
    for (const job of this.jobs.values())
      job.arrive(
        new ServiceError('unavailable', 'the server is stopping; send the document again', [], {
          code: 'custody.epcis-server-stopping',
        }),
      );
  }

  async *run(preparation: CapturePreparation): AsyncGenerator<PreparedPart> {
    const entry = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.next++;
    const arrived: Arrival[] = [];
    let wake: (() => void) | undefined;
    this.jobs.set(id, {
      entry,
      arrive: (a) => {
        arrived.push(a);
        wake?.();
      },
    });
    // While it prepares a document, a worker keeps the process alive for it.
    if (entry.busy++ === 0) entry.worker.ref();
    // The bytes of a document are handed over, not copied: the server's thread never parses them.
    let sent = preparation;
    const transfer: ArrayBuffer[] = [];
    const doc = preparation.document;
    if (doc instanceof Uint8Array) {
      const own =
        doc.byteOffset === 0 && doc.byteLength === doc.buffer.byteLength && doc.buffer instanceof ArrayBuffer
          ? doc
          : new Uint8Array(doc);
      sent = { ...preparation, document: own };
      transfer.push(own.buffer as ArrayBuffer);
    }
    let finished = false;
    try {
      entry.worker.postMessage({ id, preparation: sent }, transfer);
      for (;;) {
        while (arrived.length === 0)
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        const a = arrived.shift() as Arrival;
        if (a === 'done') {
          finished = true;
          return;
        }
        if (a instanceof Error) {
          finished = true;
          throw a;
        }
        if (a.kind === 'rows') entry.worker.postMessage({ id, taken: true });
        yield a;
      }
    } finally {
      // A capture that stops early (refused, clashed) tells the worker to stop preparing it.
      if (!finished) entry.worker.postMessage({ id, cancel: true });
      this.jobs.delete(id);
      if (--entry.busy === 0) entry.worker.unref();
    }
  }
}

let pool: Pool | null | undefined;

async function* inPlace(preparation: CapturePreparation): AsyncGenerator<PreparedPart> {
  yield* prepareCapture(preparation);
}

/**
 * Prepares a capture, part by part: in a worker thread for large documents, so that parsing,
 * validation and hashing never hold the server's thread (the embedded database runs in it) and
 * overlap the storing of the rows already prepared.
 */
export function prepareOffThread(preparation: CapturePreparation): AsyncGenerator<PreparedPart> {
  const doc = preparation.document;
  const large =
    doc instanceof Uint8Array
      ? doc.byteLength >= WORKER_THRESHOLD_BYTES
      : (() => {
          const list = (doc as { epcisBody?: { eventList?: unknown } })?.epcisBody?.eventList;
          return Array.isArray(list) && list.length >= WORKER_THRESHOLD_EVENTS;
        })();
  if (!large) return inPlace(preparation);
  if (pool === undefined) {
    try {
      pool = new Pool(Math.max(1, Math.min(4, os.availableParallelism() - 1)));
    } catch {
      pool = null;
    }
  }
  return pool?.size ? pool.run(preparation) : inPlace(preparation);
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
