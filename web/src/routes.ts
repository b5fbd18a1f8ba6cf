/** The pages of the app: a path names one; detail pages carry the record's id. */
export type Route =
  | '/home'
  | '/sites'
  | '/organisations'
  | '/incidents'
  | '/alerts'
  | '/grievance'
  | '/grievance/case'
  | `/sites/${string}`
  | `/incidents/${string}`;

const ID = '([0-9a-f-]{36})';

/** The route a path shows; anything unknown shows the home page. */
export function routeOf(path: string): Route {
  for (const fixed of [
    '/sites',
    '/organisations',
    '/incidents',
    '/alerts',
    '/grievance/case',
    '/grievance',
  ] as const) {
    if (path === fixed) return fixed;
  }
  const detail = new RegExp(`^/(sites|incidents)/${ID}$`).exec(path);
  if (detail) return `/${detail[1] as 'sites' | 'incidents'}/${detail[2]}`;
  return '/home';
}

/** The navigation entry a route belongs to. */
export function sectionOf(route: Route): '/home' | '/sites' | '/organisations' | '/incidents' | '/alerts' {
  if (route.startsWith('/incidents')) return '/incidents';
  if (route === '/organisations' || route === '/alerts' || route === '/home') return route;
  return '/sites';
}

/** Pages anyone may open without signing in. */
export const isPublic = (route: Route) => route === '/grievance' || route === '/grievance/case';
