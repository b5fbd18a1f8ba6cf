import { exportFlowScope, productionScope } from '../../domain/production/access.ts';
import { exportFlows, volumes } from '../../storage/queries/production.ts';
import type { AuthedContext } from '../context.ts';
import { forbidden, invalid } from '../errors.ts';
import type { ExportFlowView, VolumeView } from './views.ts';

/** Longest period one volumes report covers. */
export const MAX_VOLUME_DAYS = 731;

/** The period a report covers, checked: after its start, at most MAX_VOLUME_DAYS long. */
function periodOf(f: { from: string; to: string }): { from: Date; to: Date } {
  const from = new Date(`${f.from}T00:00:00Z`);
  const to = new Date(`${f.to}T00:00:00Z`);
  const days = (to.getTime() - from.getTime()) / 86400_000;
  if (!(days > 0 && days <= MAX_VOLUME_DAYS))
    throw invalid([
      {
        path: 'to',
        message: `must be after from, at most ${MAX_VOLUME_DAYS} days`,
        code: 'production.period',
        params: { max: MAX_VOLUME_DAYS },
      },
    ]);
  return { from, to };
}

/**
 * Volumes delivered by cooperatives from custody, by month, site, cooperative and buyer, judged by each delivery's
 * event time: all of them for registry staff and the regulator, a cooperative's own sales, a buyer's own purchases.
 */
export async function productionVolumes(
  ctx: AuthedContext,
  f: { from: string; to: string; cooperativeId?: string; buyerId?: string },
): Promise<{ items: VolumeView[] }> {
  const scope = productionScope(ctx.principal);
  if (!scope)
    throw forbidden('volumes are read by registry staff, cooperatives and buyers', {
      code: 'production.no-access',
    });
  const { from, to } = periodOf(f);
  const rows = await volumes(ctx.db, {
    from,
    to,
    cooperativeId: 'cooperativeId' in scope ? scope.cooperativeId : f.cooperativeId,
    buyerId: 'buyerId' in scope ? scope.buyerId : f.buyerId,
  });
  return {
    items: rows.map((r) => ({
      month: r.month,
      site: r.site_id ? { id: r.site_id, code: r.site_code! } : null,
      cooperative: { id: r.cooperative_id, name: r.cooperative_name },
      buyer: { id: r.buyer_id, name: r.buyer_name },
      lots: r.lots,
      massKg: r.mass_kg,
      cobaltKg: r.cobalt_kg,
    })),
  };
}

/**
 * Shipments that left the country, from custody, by month, exporter, destination country and receiver (the refiner
 * when the receiver is one): all of them for registry staff and the regulator, an organisation's own otherwise.
 */
export async function exportFlowsOf(
  ctx: AuthedContext,
  f: { from: string; to: string },
): Promise<{ items: ExportFlowView[] }> {
  const scope = exportFlowScope(ctx.principal);
  if (!scope)
    throw forbidden('export flows are read by registry staff, the regulator and the parties to them', {
      code: 'production.no-access',
    });
  const { from, to } = periodOf(f);
  const rows = await exportFlows(ctx.db, {
    from,
    to,
    organisationId: 'organisationId' in scope ? scope.organisationId : undefined,
  });
  return {
    items: rows.map((r) => ({
      month: r.month,
      exporter: { id: r.exporter_id, name: r.exporter_name },
      destinationCountry: r.country,
      receiver: { id: r.receiver_id, name: r.receiver_name, refiner: r.receiver_roles.includes('refiner') },
      lots: r.lots,
      massKg: r.mass_kg,
      cobaltKg: r.cobalt_kg,
    })),
  };
}
