import {
  AREAS,
  type Area,
  canEditSites,
  canManageAssignments,
  canMonitor,
  canRegisterActors,
  canWritePrivate,
  hasVisitPlan,
  type Principal,
  type Role,
  worksIn,
} from '../../src/domain/access/roles.ts';

/** What a page's heading says: a navigation entry or a form's title (keys of the common catalogue). */
export type TitleKey =
  | `nav.${Area}`
  | `title.${'newSite' | 'newOrganisation' | 'recordVisit' | 'edit' | 'visitPlan' | 'overdueVisits' | 'assignments' | 'collectSubmissions'}`;

/** A page of the signed-in app: the area it belongs to (which lights up in the navigation) and who may open it. */
export interface PageRule {
  path: string;
  area: Area;
  title?: TitleKey;
  /** A rule beyond the area, from the role table; the server still decides every answer. */
  may?: (p: Principal, params: { id?: string }) => boolean;
}

/** The pages behind sign-in, by name; paths are the URLs users bookmark and the browser tests open. */
export const PAGES = {
  home: { path: '/home', area: 'home', title: 'nav.home' },
  map: { path: '/map', area: 'map', title: 'nav.map' },
  sites: { path: '/sites', area: 'sites', title: 'nav.sites' },
  newSite: { path: '/sites/new', area: 'sites', title: 'title.newSite', may: canEditSites },
  site: { path: '/sites/:id', area: 'sites' },
  editSite: { path: '/sites/:id/edit', area: 'sites', title: 'title.edit', may: canEditSites },
  // Visits and assessments are done from a site's page.
  newVisit: { path: '/visits/new', area: 'sites', title: 'title.recordVisit', may: canMonitor },
  assessment: { path: '/assessments/:id', area: 'sites' },
  // Where monitors go next, and who goes where: they belong to the sites too (decisions 0021, 0024).
  visitPlan: { path: '/visit-plan', area: 'sites', title: 'title.visitPlan', may: hasVisitPlan },
  overdueVisits: {
    path: '/visit-plan/overdue',
    area: 'sites',
    title: 'title.overdueVisits',
    may: canManageAssignments,
  },
  assignments: {
    path: '/site-assignments',
    area: 'sites',
    title: 'title.assignments',
    may: canManageAssignments,
  },
  organisations: { path: '/organisations', area: 'organisations', title: 'nav.organisations' },
  newOrganisation: {
    path: '/organisations/new',
    area: 'organisations',
    title: 'title.newOrganisation',
    may: canRegisterActors,
  },
  organisation: { path: '/organisations/:id', area: 'organisations' },
  editOrganisation: {
    path: '/organisations/:id/edit',
    area: 'organisations',
    title: 'title.edit',
    may: (p, { id }) => id !== undefined && canWritePrivate(p, id),
  },
  lots: { path: '/lots', area: 'lots', title: 'nav.lots' },
  lot: { path: '/lots/:id', area: 'lots' },
  incidents: { path: '/incidents', area: 'incidents', title: 'nav.incidents' },
  incident: { path: '/incidents/:id', area: 'incidents' },
  alerts: { path: '/alerts', area: 'alerts', title: 'nav.alerts' },
  grievances: { path: '/grievances', area: 'grievances', title: 'nav.grievances' },
  grievance: { path: '/grievances/:id', area: 'grievances' },
  screening: { path: '/screening', area: 'screening', title: 'nav.screening' },
  screeningVersion: { path: '/screening/versions/:id', area: 'screening' },
  screeningHits: { path: '/screening/hits', area: 'screening', title: 'nav.screening' },
  screeningHit: { path: '/screening/hits/:id', area: 'screening' },
  approvals: { path: '/approvals', area: 'approvals', title: 'nav.approvals' },
  audit: { path: '/audit', area: 'audit', title: 'nav.audit' },
  collect: { path: '/collect', area: 'collect', title: 'nav.collect' },
  collectSubmissions: {
    path: '/collect/submissions',
    area: 'collect',
    title: 'title.collectSubmissions',
    may: (p) => p.role === 'admin' || p.role === 'analyst',
  },
  collectSubmission: {
    path: '/collect/submissions/:id',
    area: 'collect',
    title: 'title.collectSubmissions',
    may: (p) => p.role === 'admin' || p.role === 'analyst',
  },
} as const satisfies Record<string, PageRule>;

/** Pages anyone may open without signing in. */
export const PUBLIC_PAGES = { grievance: '/grievance', grievanceCase: '/grievance/case' } as const;

const ID = /^[0-9a-f-]{36}$/;

/** Whether the principal may open a page with these parameters: its area is in the role's work, its rule agrees. */
export function mayOpen(p: Principal, page: PageRule, params: { id?: string }): boolean {
  return worksIn(p.role, page.area) && (page.may?.(p, params) ?? true);
}

/** Whether a path's id is one the app could have made: anything else shows the home page, as an unknown path does. */
export const isRecordId = (id: string | undefined) => id === undefined || ID.test(id);

/** The navigation a role gets: the list page of every area it works in, in the table's order. */
export function navFor(role: Role): { area: Area; path: string }[] {
  return AREAS.filter((a) => worksIn(role, a)).map((area) => ({ area, path: `/${area}` }));
}
