import { incidentScope } from '../../domain/access/roles.ts';
import { incidentsPerMonth } from '../../storage/queries/reports.ts';
import type { AuthedContext } from '../context.ts';
import type { IncidentTrendsView } from './views.ts';

/** The last `months` calendar months ending with the current one, oldest first. */
export function monthsEnding(now: Date, months: number): string[] {
  return Array.from({ length: months }, (_, i) => {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1 - i), 1));
    return d.toISOString().slice(0, 7);
  });
}

/** Incidents reported per category and month, among those the caller may see. */
export async function incidentTrends(ctx: AuthedContext, months: number): Promise<IncidentTrendsView> {
  const window = monthsEnding(ctx.clock(), months);
  const rows = await incidentsPerMonth(
    ctx.db,
    incidentScope(ctx.principal),
    ctx.principal.organisationId,
    new Date(`${window[0]}-01T00:00:00Z`),
  );
  const categories = [...new Set(rows.map((r) => r.category))].sort();
  return {
    months: window,
    series: categories.map((category) => ({
      category,
      counts: window.map((m) => rows.find((r) => r.category === category && r.month === m)?.n ?? 0),
    })),
  };
}
