/** An auditor's access as granted: which sites and organisations, which days of the record (decision 0027). */
export interface AuditScope {
  siteIds: readonly string[];
  organisationIds: readonly string[];
  /** First and last day of the record the auditor may read, inclusive (YYYY-MM-DD). */
  periodFrom: string;
  periodTo: string;
}

/** Most sites plus organisations one grant names: a scope is a stated list, not the whole registry. */
export const MAX_SCOPE_ENTRIES = 500;

/**
 * The routes an auditor may call, by method and route pattern: its own account and sign-out, its reads through
 * the grant, and the verification pack. Everything else is refused before any handler runs.
 */
const AUDITOR_ROUTES: ReadonlySet<string> = new Set([
  'GET /api/me',
  'POST /api/me/password',
  'DELETE /api/session',
  'GET /api/audit/access',
  'GET /api/audit/sites',
  'GET /api/audit/sites/:id',
  'GET /api/audit/records',
  'GET /api/event-log/pack',
  'GET /api/organisations/:id/report',
  'GET /api/organisations/:id/report.pdf',
  'GET /api/organisations/:id/report.emrt.xlsx',
  'GET /api/organisations/:id/report.battery-pass',
]);

const READS = new Set(['GET', 'HEAD']);

/**
 * Whether an auditor may call a route: `read-only` for any write outside its account, `outside` for a read the
 * grant does not serve, null when allowed.
 */
export function auditorRouteRefusal(method: string, route: string): 'read-only' | 'outside' | null {
  // The web app's pages and assets, served to anyone, hold no record; the record is served under /api and /epcis.
  if (!route.startsWith('/api/') && !route.startsWith('/epcis')) return null;
  const key = `${method === 'HEAD' ? 'GET' : method} ${route}`;
  if (AUDITOR_ROUTES.has(key)) return null;
  return READS.has(method) ? 'outside' : 'read-only';
}

/** Whether a day range lies inside the grant's period. */
export function withinPeriod(scope: AuditScope, since: string, until: string): boolean {
  return since >= scope.periodFrom && until <= scope.periodTo && since <= until;
}

/** Whether a site is in scope: named, or operated by a named organisation. */
export function siteInScope(
  scope: AuditScope,
  site: { id: string; operatorIds: readonly string[] },
): boolean {
  return scope.siteIds.includes(site.id) || site.operatorIds.some((o) => scope.organisationIds.includes(o));
}

/** Whether an organisation is in scope: named in the grant. */
export function organisationInScope(scope: AuditScope, organisationId: string): boolean {
  return scope.organisationIds.includes(organisationId);
}
