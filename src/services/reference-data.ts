import type { ServiceContext } from './context.ts';
import { installShippedSets } from './criteria/shipped-sets.ts';
import { installDefaultRules } from './monitoring/indicator-rules.ts';

/** What every installation starts with, demo or not: the shipped criteria sets and indicator rules. */
export async function installReferenceData(ctx: ServiceContext): Promise<void> {
  await installShippedSets(ctx);
  await installDefaultRules(ctx);
}
