import { AMANA_ASM_BASELINE } from '../../domain/criteria/templates/amana-asm-baseline.ts';
import { OECD_ALIGNMENT } from '../../domain/criteria/templates/oecd-alignment.ts';
import { setKeyExists } from '../../storage/queries/criteria.ts';
import type { ServiceContext } from '../context.ts';
import { insertSet, publishSetIn } from './criteria-sets.ts';

/** The sets Amana ships: the ASM baseline for sites and the template for the mechanism's self-assessment. */
export const SHIPPED_SETS = [AMANA_ASM_BASELINE, OECD_ALIGNMENT];

/** Installs each shipped set, published, unless a set with its key already exists. */
export async function installShippedSets(ctx: ServiceContext): Promise<void> {
  for (const set of SHIPPED_SETS) {
    if (await setKeyExists(ctx.db, set.key)) continue;
    await ctx.db.transaction(async (tx) => {
      const id = await insertSet(tx, set, null, ctx.clock());
      await publishSetIn(tx, id, null, ctx.clock());
    });
  }
}
