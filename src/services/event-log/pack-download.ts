import { canReadAllPrivate } from '../../domain/access/roles.ts';
import { auditorPackPeriod } from '../audit/auditor.ts';
import type { ReadRequest } from '../audit/reads.ts';
import type { AuthedContext } from '../context.ts';
import { forbidden, invalid } from '../errors.ts';
import { type PackPlan, planPack } from './packs.ts';

/**
 * Which pack the caller may download: registry staff and the regulator any days of the log (as they read its
 * seal), an auditor whose access allows packs the days of its period (decision 0027), nobody else.
 */
export async function planPackDownload(
  ctx: AuthedContext,
  read: ReadRequest,
  asked: { since?: string; until?: string },
): Promise<PackPlan> {
  if ((asked.since === undefined) !== (asked.until === undefined))
    throw invalid([
      {
        path: asked.since === undefined ? 'since' : 'until',
        message: 'give both since and until, or neither',
        code: 'event-log.pack-both-days',
      },
    ]);
  if (ctx.principal.role === 'auditor') return planPack(ctx, await auditorPackPeriod(ctx, read, asked));
  if (!canReadAllPrivate(ctx.principal))
    throw forbidden('only registry staff, the regulator and auditors download verification packs', {
      code: 'event-log.pack-forbidden',
    });
  return planPack(ctx, asked.since && asked.until ? { since: asked.since, until: asked.until } : null);
}
