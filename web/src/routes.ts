/** The pages of the app: a path names one; detail and form pages carry the record's id. */
export type Route =
  | '/home'
  | '/map'
  | '/sites'
  | '/sites/new'
  | '/organisations'
  | '/organisations/new'
  | '/incidents'
  | '/alerts'
  | '/grievances'
  | '/lots'
  | '/visits/new'
  | '/grievance'
  | '/grievance/case'
  | `/sites/${string}`
  | `/sites/${string}/edit`
  | `/organisations/${string}`
  | `/organisations/${string}/edit`
  | `/incidents/${string}`
  | `/grievances/${string}`
  | `/lots/${string}`
  | `/assessments/${string}`;

export type Section =
  | '/home'
  | '/map'
  | '/sites'
  | '/organisations'
  | '/lots'
  | '/incidents'
  | '/grievances'
  | '/alerts';

const ID = '([0-9a-f-]{36})';
const FIXED = [
  '/map',
  '/sites',
  '/sites/new',
  '/organisations',
  '/organisations/new',
  '/incidents',
  '/alerts',
  '/grievances',
  '/lots',
  '/visits/new',
  '/grievance/case',
  '/grievance',
] as const;

/** The route a path shows (the query string aside); anything unknown shows the home page. */
export function routeOf(path: string): Route {
  const pathname = path.split('?')[0];
  for (const fixed of FIXED) if (pathname === fixed) return fixed;
  const detail = new RegExp(
    `^/(sites|incidents|organisations|grievances|assessments|lots)/${ID}(/edit)?$`,
  ).exec(pathname);
  if (detail && !(detail[3] && !['sites', 'organisations'].includes(detail[1]))) return pathname as Route;
  return '/home';
}

/** The navigation entry a route belongs to. */
export function sectionOf(route: Route): Section {
  for (const s of [
    '/map',
    '/organisations',
    '/lots',
    '/incidents',
    '/grievances',
    '/alerts',
    '/home',
  ] as const) {
    if (route === s || route.startsWith(`${s}/`)) return s;
  }
  // Visits and assessments are done from a site's page.
  return '/sites';
}

/** Pages anyone may open without signing in. */
export const isPublic = (route: Route) => route === '/grievance' || route === '/grievance/case';

/**
 * The sections a role's navigation offers (DOMAIN.md §2): everyone has home, the map, the sites,
 * the incidents it may see and its alerts; the registry of organisations is for those who keep it,
 * check it or appear in it, not for field monitors and grievance officers, who have the grievances
 * instead. The server still decides every answer.
 */
export function navFor(role: string): Section[] {
  const registry = role !== 'monitor' && role !== 'grievance_officer';
  return [
    '/home',
    '/map',
    '/sites',
    ...(registry ? (['/organisations'] as const) : []),
    ...(role !== 'grievance_officer' ? (['/lots'] as const) : []),
    '/incidents',
    ...(role === 'grievance_officer' ? (['/grievances'] as const) : []),
    '/alerts',
  ];
}

/** Whether the role may open the create and edit forms of a kind of record (the server checks again). */
export function mayEdit(role: string, what: 'site' | 'organisation'): boolean {
  if (what === 'site') return role === 'admin' || role === 'analyst';
  return ['admin', 'analyst', 'cooperative_manager', 'buyer', 'downstream'].includes(role);
}
