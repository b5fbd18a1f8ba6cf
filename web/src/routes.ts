import {
  AREAS,
  type Area,
  assessmentScope,
  canEditSites,
  canManageAssignments,
  canManageCriteria,
  canManageSubscriptions,
  canManageUsers,
  canMonitor,
  canReadAllPrivate,
  canReadPrivate,
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
  | `title.${
      | 'newSite'
      | 'newOrganisation'
      | 'recordVisit'
      | 'edit'
      | 'visitPlan'
      | 'overdueVisits'
      | 'assignments'
      | 'correctiveActions'
      | 'follows'
      | 'adminUsers'
      | 'adminTokens'
      | 'adminWebhooks'
      | 'adminCriteria'
      | 'adminCriteriaSet'
      | 'adminRules'
      | 'visits'
      | 'myDevices'
      | 'devices'
      | 'collectSubmissions'
      | 'tagSacks'
      | 'ship'
      | 'batch'
      | 'process'
      | 'zones'
      | 'members'}`;

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
  zones: { path: '/map/zones', area: 'map', title: 'title.zones' },
  sites: { path: '/sites', area: 'sites', title: 'nav.sites' },
  newSite: { path: '/sites/new', area: 'sites', title: 'title.newSite', may: canEditSites },
  site: { path: '/sites/:id', area: 'sites' },
  editSite: { path: '/sites/:id/edit', area: 'sites', title: 'title.edit', may: canEditSites },
  // Visits and assessments are done from a site's page.
  newVisit: { path: '/visits/new', area: 'sites', title: 'title.recordVisit', may: canMonitor },
  assessment: { path: '/assessments/:id', area: 'sites' },
  correctiveActions: {
    path: '/corrective-actions',
    area: 'sites',
    title: 'title.correctiveActions',
    may: (p) => assessmentScope(p) !== 'none',
  },
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
  // Visits with their GPS check, for the analyst (decision 0031).
  visits: { path: '/visits', area: 'sites', title: 'title.visits', may: canReadAllPrivate },
  // The field app's devices: one's own from the header, the organisation's for administrators (decision 0031).
  myDevices: { path: '/me/devices', area: 'home', title: 'title.myDevices' },
  devices: { path: '/devices', area: 'home', title: 'title.devices', may: canManageUsers },
  organisations: { path: '/organisations', area: 'organisations', title: 'nav.organisations' },
  newOrganisation: {
    path: '/organisations/new',
    area: 'organisations',
    title: 'title.newOrganisation',
    may: canRegisterActors,
  },
  organisation: { path: '/organisations/:id', area: 'organisations' },
  members: {
    path: '/organisations/:id/members',
    area: 'organisations',
    title: 'title.members',
    may: (p, { id }) => id !== undefined && canReadPrivate(p, id),
  },
  editOrganisation: {
    path: '/organisations/:id/edit',
    area: 'organisations',
    title: 'title.edit',
    may: (p, { id }) => id !== undefined && canWritePrivate(p, id),
  },
  // A buyer's due-diligence report: the buyer itself and the programme's analysts and administrators.
  dueDiligence: {
    path: '/organisations/:id/report',
    area: 'organisations',
    may: (p, { id }) =>
      p.role === 'admin' ||
      p.role === 'analyst' ||
      (id === p.organisationId && (p.role === 'buyer' || p.role === 'downstream')),
  },
  lots: { path: '/lots', area: 'lots', title: 'nav.lots' },
  lot: { path: '/lots/:id', area: 'lots' },
  // What the organisation holds, and the custody operations it records on it (decision 0049); tagging is the
  // cooperatives' (the server checks that the cooperative operates the site).
  stock: { path: '/stock', area: 'stock', title: 'nav.stock' },
  tagSacks: {
    path: '/stock/tag',
    area: 'stock',
    title: 'title.tagSacks',
    may: (p) => p.role === 'cooperative_manager',
  },
  ship: { path: '/stock/ship', area: 'stock', title: 'title.ship' },
  batch: { path: '/stock/batch', area: 'stock', title: 'title.batch' },
  process: { path: '/stock/process', area: 'stock', title: 'title.process' },
  incidents: { path: '/incidents', area: 'incidents', title: 'nav.incidents' },
  incident: { path: '/incidents/:id', area: 'incidents' },
  alerts: { path: '/alerts', area: 'alerts', title: 'nav.alerts' },
  // What the organisation follows, and its webhooks: kept by those who manage its subscriptions.
  follows: { path: '/alerts/follows', area: 'alerts', title: 'title.follows', may: canManageSubscriptions },
  webhooks: {
    path: '/alerts/webhooks',
    area: 'alerts',
    title: 'title.adminWebhooks',
    may: canManageSubscriptions,
  },
  grievances: { path: '/grievances', area: 'grievances', title: 'nav.grievances' },
  grievance: { path: '/grievances/:id', area: 'grievances' },
  screening: { path: '/screening', area: 'screening', title: 'nav.screening' },
  screeningVersion: { path: '/screening/versions/:id', area: 'screening' },
  screeningHits: { path: '/screening/hits', area: 'screening', title: 'nav.screening' },
  screeningHit: { path: '/screening/hits/:id', area: 'screening' },
  approvals: { path: '/approvals', area: 'approvals', title: 'nav.approvals' },
  audit: { path: '/audit', area: 'audit', title: 'nav.audit' },
  funding: { path: '/funding', area: 'funding', title: 'nav.funding' },
  fundProject: { path: '/funding/projects/:id', area: 'funding' },
  funder: { path: '/funding/:fundId/funders/:id', area: 'funding' },
  production: { path: '/production', area: 'production', title: 'nav.production' },
  // The administration: users and their invitations, API tokens, criteria sets and indicator rules.
  adminUsers: { path: '/admin', area: 'admin', title: 'title.adminUsers' },
  adminTokens: { path: '/admin/tokens', area: 'admin', title: 'title.adminTokens' },
  adminCriteria: {
    path: '/admin/criteria-sets',
    area: 'admin',
    title: 'title.adminCriteria',
    may: canManageCriteria,
  },
  adminCriteriaSet: { path: '/admin/criteria-sets/:id', area: 'admin', may: canManageCriteria },
  adminRules: { path: '/admin/indicator-rules', area: 'admin', title: 'title.adminRules' },
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
export const PUBLIC_PAGES = {
  grievance: '/grievance',
  grievanceCase: '/grievance/case',
  setPassword: '/set-password',
  transparency: '/transparence',
  transparencySite: '/transparence/sites/:code',
  openData: '/transparence/donnees',
} as const;

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
