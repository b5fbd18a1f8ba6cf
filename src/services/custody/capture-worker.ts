// A worker thread that prepares captured documents (parse, schema, hashes, claims, rows) while the
// server's thread talks to the database. Rows go back statement by statement, so the server's thread
// takes them in small pieces between other requests rather than in one long copy.
import { parentPort } from 'node:worker_threads';
import { type CapturePreparation, prepareCapture } from './capture-rows.ts';

parentPort?.on('message', (job: { id: number; preparation: CapturePreparation }) => {
  try {
    const result = prepareCapture(job.preparation);
    if (result.ok) {
      for (const chunk of result.chunks) parentPort?.postMessage({ id: job.id, chunk });
      parentPort?.postMessage({ id: job.id, result: { ...result, chunks: [] } });
    } else parentPort?.postMessage({ id: job.id, result });
  } catch (error) {
    parentPort?.postMessage({ id: job.id, error: (error as Error).message });
  }
});
