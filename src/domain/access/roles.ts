/** The roles a user holds inside one organisation (DOMAIN.md §2). */
export const ROLES = [
  'admin',
  'analyst',
  'assessor',
  'monitor',
  'grievance_officer',
  'cooperative_manager',
  'buyer',
  'downstream',
  'regulator',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: a user acting for one organisation, by session or API token. */
export interface Principal {
  userId: string;
  email: string;
  organisationId: string;
  role: Role;
  via: 'session' | 'token';
  deviceId?: string;
}

/** Roles whose work spans every organisation of the installation (the operator's staff and the state). */
const REGISTRY_READERS: readonly Role[] = ['admin', 'analyst', 'assessor', 'monitor', 'regulator'];
/** Roles that register actors and decide on KYC for any organisation. */
const REGISTRY_KEEPERS: readonly Role[] = ['admin', 'analyst'];
/** Roles that keep their own organisation's profile, people and licences current. */
const SELF_KEEPERS: readonly Role[] = ['cooperative_manager', 'buyer', 'downstream'];

/** Whether the principal may read every organisation's private records (registry staff). */
export function canReadAllPrivate(p: Principal): boolean {
  return REGISTRY_READERS.includes(p.role);
}

/** Whether the principal may read an organisation's private records (people, licences, KYC, documents). */
export function canReadPrivate(p: Principal, organisationId: string): boolean {
  return canReadAllPrivate(p) || p.organisationId === organisationId;
}

/** Whether the principal may change an organisation's profile, people, licences and evidence. */
export function canWritePrivate(p: Principal, organisationId: string): boolean {
  return (
    REGISTRY_KEEPERS.includes(p.role) ||
    (SELF_KEEPERS.includes(p.role) && p.organisationId === organisationId)
  );
}

/** Whether the principal may register new organisations and record ownership links between them. */
export function canRegisterActors(p: Principal): boolean {
  return REGISTRY_KEEPERS.includes(p.role);
}

/** Whether the principal may record a KYC decision. */
export function canReviewKyc(p: Principal): boolean {
  return REGISTRY_KEEPERS.includes(p.role);
}

/**
 * Whether the principal may import sanctions and PEP lists, and confirm or dismiss screening hits (decision 0020):
 * those who keep the registry and decide on KYC.
 */
export function canKeepScreening(p: Principal): boolean {
  return REGISTRY_KEEPERS.includes(p.role);
}

/**
 * Whether the principal may see screening hits, open or decided, with the two records side by side: those who
 * decide, and the regulator who oversees them. An actor is not told of a hit about itself while it is reviewed.
 */
export function canSeeScreeningHits(p: Principal): boolean {
  return REGISTRY_KEEPERS.includes(p.role) || p.role === 'regulator';
}

/** Whether the principal may read the lists screened against, their versions and changes (registry staff). */
export function canReadScreeningLists(p: Principal): boolean {
  return REGISTRY_READERS.includes(p.role);
}

/** Whether the principal may create, edit and import sites. */
export function canEditSites(p: Principal): boolean {
  return REGISTRY_KEEPERS.includes(p.role);
}

/** Whether the principal may grant and end auditors' access and read what auditors read (decision 0027). */
export function canManageAuditors(p: Principal): boolean {
  return p.role === 'admin';
}

/** Whether the principal may manage users, memberships and other users' tokens. */
export function canManageUsers(p: Principal): boolean {
  return p.role === 'admin';
}

/** Whether the principal may write, import and publish criteria sets. */
export function canManageCriteria(p: Principal): boolean {
  return REGISTRY_KEEPERS.includes(p.role);
}

/** Whether the principal may open, rate and submit assessments. */
export function canAssess(p: Principal): boolean {
  return p.role === 'assessor' || REGISTRY_KEEPERS.includes(p.role);
}

/** Whether the principal may approve assessments (never their own: see the four-eyes rule in the service). */
export function canApproveAssessments(p: Principal): boolean {
  return REGISTRY_KEEPERS.includes(p.role);
}

/**
 * Whose assessments and corrective actions the principal may see: all of them (registry staff), those of
 * the sites its cooperative operates and of its own organisation, or none.
 */
export function assessmentScope(p: Principal): 'all' | 'own' | 'none' {
  if (REGISTRY_READERS.includes(p.role)) return 'all';
  return p.role === 'cooperative_manager' ? 'own' : 'none';
}

/** Whether the principal may record monitoring visits. */
export function canMonitor(p: Principal): boolean {
  return p.role === 'monitor' || REGISTRY_KEEPERS.includes(p.role);
}

/**
 * Whether the principal may assign its organisation's monitors and assessors to sites, end those assignments and
 * follow their overdue visits (decision 0021): the programme's administrators and analysts.
 */
export function canManageAssignments(p: Principal): boolean {
  return REGISTRY_KEEPERS.includes(p.role);
}

/** Whether the principal sees only the sites it is assigned to (field staff: monitors and assessors). */
export function seesAssignedSitesOnly(p: Principal): boolean {
  return p.role === 'monitor' || p.role === 'assessor';
}

/** Whether the principal has a visit plan of its own (monitors, by their assignments). */
export function hasVisitPlan(p: Principal): boolean {
  return p.role === 'monitor';
}

/**
 * Whether the principal may take a grievance down for someone who cannot use a phone (decision 0043): field staff,
 * who meet reporters at the sites assigned to them.
 */
export function canTakeDownGrievances(p: Principal): boolean {
  return p.role === 'monitor' || p.role === 'assessor';
}

/** Whether the principal may report an incident by hand. */
export function canReportIncidents(p: Principal): boolean {
  return ['monitor', 'assessor', 'grievance_officer'].includes(p.role) || REGISTRY_KEEPERS.includes(p.role);
}

/** Whether the principal may move incidents through their lifecycle and write mitigation plans. */
export function canHandleIncidents(p: Principal): boolean {
  return REGISTRY_KEEPERS.includes(p.role);
}

/**
 * Which incidents the principal sees: all (registry staff and grievance officers), those of its own sites
 * (a cooperative), or those of the sites it is exposed to (buyers and downstream companies).
 */
export function incidentScope(p: Principal): 'all' | 'own_sites' | 'exposed' {
  if (REGISTRY_READERS.includes(p.role) || p.role === 'grievance_officer') return 'all';
  return p.role === 'cooperative_manager' ? 'own_sites' : 'exposed';
}

/**
 * Which sites are the principal's own, for its home page and the sites list's `mine`: those assigned to it (monitors
 * and assessors, decision 0021), every site (the programme's staff, the state and grievance officers, whose work
 * spans the country), those its cooperative operates, or those it is exposed to (buyers, processors, refiners and
 * brands: followed, or whose ore it held) — the same sites whose incidents it sees.
 */
export function ownSitesScope(p: Principal): 'assigned' | 'all' | 'operated' | 'exposed' {
  if (seesAssignedSitesOnly(p)) return 'assigned';
  const incidents = incidentScope(p);
  return incidents === 'own_sites' ? 'operated' : incidents;
}

/** Whether the principal may add and remove map layers (concessions, artisanal zones) for everyone to see. */
export function canKeepMapLayers(p: Principal): boolean {
  return ['admin', 'analyst', 'regulator'].includes(p.role);
}

/** Whether the principal may capture custody events (tagging, transfers, processing) for its organisation. */
export function canCaptureCustody(p: Principal): boolean {
  return ['admin', 'analyst', 'monitor', 'cooperative_manager', 'buyer', 'downstream'].includes(p.role);
}

/** The areas of the application a role may work in: the web's navigation sections. */
export const AREAS = [
  'home',
  'map',
  'sites',
  'organisations',
  'lots',
  'stock',
  'incidents',
  'grievances',
  'alerts',
  'funding',
  'production',
  'collect',
  'screening',
  'approvals',
  'audit',
  'admin',
] as const;
export type Area = (typeof AREAS)[number];

const CHAIN_WORK: readonly Area[] = ['home', 'map', 'sites', 'organisations', 'lots', 'incidents', 'alerts'];

/**
 * Which areas each role works in (DOMAIN.md §2), one table for the web's navigation and route guards and the
 * server's checks: the registry of organisations is for those who keep it, check it or appear in it, not for
 * field monitors and grievance officers; grievances are the grievance officers' alone; screening hits are for those who
 * decide on them and the regulator (decision 0020); the queue of what awaits a second person's approval is for those
 * who approve assessments, verify incidents and review KYC (decision 0025); ODK Collect's forms and submissions are
 * for those who fill them and the analysts who review them (decision 0033); the stock and its custody operations
 * (tag, ship, batch, process) for the organisations that hold material (decision 0049). The server still decides
 * every answer inside an area.
 */
export const ROLE_AREAS: Readonly<Record<Role, readonly Area[]>> = {
  // The administrator also keeps users, tokens, criteria sets and indicator rules (the administration pages).
  admin: [...CHAIN_WORK, 'funding', 'production', 'collect', 'screening', 'approvals', 'audit', 'admin'],
  analyst: [...CHAIN_WORK, 'funding', 'production', 'collect', 'screening', 'approvals'],
  assessor: [...CHAIN_WORK, 'collect'],
  monitor: ['home', 'map', 'sites', 'lots', 'incidents', 'alerts', 'collect'],
  grievance_officer: ['home', 'map', 'sites', 'incidents', 'grievances', 'alerts'],
  // The pooled fund is for those who run it, oversee it or pay into it; production and prices for those who sell,
  // buy and oversee (decisions 0038, 0039).
  cooperative_manager: [...CHAIN_WORK, 'stock', 'production'],
  buyer: [...CHAIN_WORK, 'stock', 'production'],
  downstream: [...CHAIN_WORK, 'stock', 'funding'],
  regulator: [...CHAIN_WORK, 'funding', 'production', 'screening'],
  // A third-party verifier reads only through its grant (decision 0027): its own landing page, nothing else.
  auditor: ['audit'],
};

/** Whether a role works in an area of the application. */
export function worksIn(role: Role, area: Area): boolean {
  return ROLE_AREAS[role].includes(area);
}

/** Whether the principal may read and decide grievances (reporters' identities included). */
export function canHandleGrievances(p: Principal): boolean {
  return worksIn(p.role, 'grievances');
}

/** Roles that manage their organisation's subscriptions (following sites and suppliers) and webhooks. */
export const SUBSCRIPTION_MANAGERS: readonly Role[] = [
  'admin',
  'analyst',
  'buyer',
  'downstream',
  'regulator',
  'cooperative_manager',
];

/** Whether the principal may follow sites and suppliers and keep webhooks for its organisation. */
export function canManageSubscriptions(p: Principal): boolean {
  return SUBSCRIPTION_MANAGERS.includes(p.role);
}
