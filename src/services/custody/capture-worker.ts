// A worker thread that prepares captured documents (parse, schema, hashes, rows) while the server's
// thread talks to the database.
import { parentPort } from 'node:worker_threads';
import { type CapturePreparation, prepareCapture } from './capture-rows.ts';

parentPort?.on('message', (job: { id: number; preparation: CapturePreparation }) => {
  try {
    parentPort?.postMessage({ id: job.id, result: prepareCapture(job.preparation) });
  } catch (error) {
    parentPort?.postMessage({ id: job.id, error: (error as Error).message });
  }
});
