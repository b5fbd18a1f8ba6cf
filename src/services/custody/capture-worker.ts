// A worker thread that prepares captured documents (parse, schema, claims, hashes, rows) while the
// server's thread talks to the database. Rows go back piece by piece, a few ahead of what the server
// has taken: the server's thread never holds a whole large document, and never copies one at once.
import { parentPort } from 'node:worker_threads';
import { type CapturePreparation, prepareCapture } from './capture-rows.ts';

/** Pieces of rows sent ahead of those the server has taken. */
const AHEAD = 4;

const jobs = new Map<number, { taken: number; cancelled: boolean; wake?: () => void }>();

parentPort?.on(
  'message',
  async (m: { id: number; preparation?: CapturePreparation; taken?: true; cancel?: true }) => {
    const running = jobs.get(m.id);
    if (!m.preparation) {
      if (!running) return;
      if (m.cancel) running.cancelled = true;
      else running.taken += 1;
      running.wake?.();
      return;
    }
    const job: { taken: number; cancelled: boolean; wake?: () => void } = { taken: 0, cancelled: false };
    jobs.set(m.id, job);
    let sent = 0;
    try {
      for (const part of prepareCapture(m.preparation)) {
        if (job.cancelled) break;
        parentPort?.postMessage({ id: m.id, part });
        if (part.kind !== 'rows') continue;
        sent += 1;
        while (sent - job.taken >= AHEAD && !job.cancelled)
          await new Promise<void>((resolve) => {
            job.wake = resolve;
          });
      }
      parentPort?.postMessage({ id: m.id, done: true });
    } catch (error) {
      parentPort?.postMessage({ id: m.id, error: (error as Error).message });
    } finally {
      jobs.delete(m.id);
    }
  },
);
