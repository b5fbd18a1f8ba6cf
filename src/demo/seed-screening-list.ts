import fs from 'node:fs';
import path from 'node:path';
import type { ServiceContext } from '../services/context.ts';
import { importList } from '../services/screening/lists.ts';
import { screenAllPending } from '../services/screening/screen.ts';
import { seedDemo } from './seed-demo.ts';

/** The UN consolidated list of 2020-03-20 the project's tests read, which lists the demo director's variant. */
export const DEMO_LIST_FILE = path.resolve(
  import.meta.dirname,
  '../../test/fixtures/sanctions/un-consolidated-2020-03-20.xml',
);

/**
 * The demo's list version: the UN consolidated list imported by the operator, every actor screened against it at
 * once, so that the analyst finds the demo trader's director in the review queue on first sign-in.
 */
export async function seedDemoList(ctx: ServiceContext): Promise<void> {
  await importList(
    { ...ctx, principal: null },
    { filename: path.basename(DEMO_LIST_FILE), content: fs.createReadStream(DEMO_LIST_FILE) },
  );
  await screenAllPending(ctx);
}

/** The demo as `npm start` and `amana seed --demo` load it: the world, then its list version screened. */
export async function loadDemo(
  ctx: ServiceContext,
  onProgress?: (step: string, done: number, total: number) => void,
): Promise<Awaited<ReturnType<typeof seedDemo>>> {
  const counts = await seedDemo(ctx, onProgress);
  await seedDemoList(ctx);
  return counts;
}
