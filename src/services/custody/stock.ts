import { canReadAllPrivate } from '../../domain/access/roles.ts';
import { organisationNames, stockHeldBy } from '../../storage/queries/custody.ts';
import type { AuthedContext } from '../context.ts';
import { forbidden, notFound } from '../errors.ts';
import type { StockView } from './views.ts';

const kg = (n: number) => Math.round(n * 1000) / 1000;

/**
 * What an organisation holds now, with the loss tolerance and monopoly rule custody applies: the caller's own
 * organisation, or any one for registry staff. Forms show it before an operation is sent.
 */
export async function holderStock(ctx: AuthedContext, holderId?: string): Promise<StockView> {
  const id = holderId ?? ctx.principal.organisationId;
  if (id !== ctx.principal.organisationId && !canReadAllPrivate(ctx.principal))
    throw forbidden("only registry staff read another organisation's stock", {
      code: 'custody.not-your-stock',
    });
  const [holder] = await organisationNames(ctx.db, [id]);
  if (!holder) throw notFound('organisation');
  const stock = await stockHeldBy(ctx.db, id);
  return {
    holder: { id, name: holder.legal_name },
    lots: stock.lots,
    massKg: kg(stock.mass_kg),
    containedKg: kg(stock.contained_kg),
    nonConformingKg: kg(stock.nonconforming_kg),
    rules: {
      lossTolerancePct: ctx.config.custodyLossTolerancePct,
      stateBuyerMonopoly: ctx.config.stateBuyerMonopoly,
    },
  };
}
