import { type ComponentType, lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { i18n } from './i18n/index.ts';
import type { Namespace } from './i18n/resources.ts';
import { PAGES, type PageRule, PUBLIC_PAGES } from './routes.ts';
import { PublicShell, SignedInShell } from './shell.tsx';

/**
 * A page module, fetched the first time someone opens the page (route-level code splitting), together with
 * the catalogues it reads, so that neither waits for the other.
 */
const page = <M, K extends keyof M>(load: () => Promise<M>, name: K, namespaces: Namespace[]) =>
  lazy(() =>
    Promise.all([load(), i18n.loadNamespaces(namespaces)]).then(([m]) => ({
      default: m[name] as ComponentType,
    })),
  );

const ReportPage = page(() => import('./features/grievances/report.tsx'), 'ReportPage', ['grievances']);
const SetPasswordPage = page(() => import('./features/access/set-password.tsx'), 'SetPasswordPage', [
  'access',
]);
const CasePage = page(() => import('./features/grievances/case.tsx'), 'CasePage', ['grievances']);
const TransparencyPage = page(() => import('./features/transparency/overview.tsx'), 'TransparencyPage', [
  'transparency',
  'incidents',
]);
const TransparencySitePage = page(() => import('./features/transparency/site.tsx'), 'TransparencySitePage', [
  'transparency',
  'sites',
]);
const OpenDataPage = page(() => import('./features/transparency/open-data.tsx'), 'OpenDataPage', [
  'transparency',
]);

// Forms that both create and edit share one lazily loaded module.
const OrganisationFormPage = page(
  () => import('./features/actors/organisation-form.tsx'),
  'OrganisationFormPage',
  ['actors'],
);
const SiteFormPage = page(() => import('./features/sites/site-form.tsx'), 'SiteFormPage', ['sites']);

/** The component each page of the table shows. */
const PAGE_COMPONENTS: [PageRule, ComponentType][] = [
  [PAGES.home, page(() => import('./features/reports/home.tsx'), 'HomePage', ['reports'])],
  [PAGES.map, page(() => import('./features/sites/map/map-page.tsx'), 'MapPage', ['sites'])],
  [PAGES.sites, page(() => import('./features/sites/sites.tsx'), 'SitesPage', ['sites'])],
  [PAGES.newSite, SiteFormPage],
  [
    PAGES.site,
    page(() => import('./features/sites/site.tsx'), 'SitePage', [
      'sites',
      'assessments',
      'monitoring',
      'custody',
      'incidents',
    ]),
  ],
  [PAGES.editSite, SiteFormPage],
  [
    PAGES.newVisit,
    page(() => import('./features/monitoring/visit-form.tsx'), 'VisitFormPage', ['monitoring']),
  ],
  [
    PAGES.assessment,
    page(() => import('./features/assessments/assessment.tsx'), 'AssessmentPage', ['assessments', 'sites']),
  ],
  [
    PAGES.visitPlan,
    page(() => import('./features/monitoring/visit-plan.tsx'), 'VisitPlanPage', ['monitoring']),
  ],
  [
    PAGES.overdueVisits,
    page(() => import('./features/monitoring/overdue-visits.tsx'), 'OverdueVisitsPage', ['monitoring']),
  ],
  [
    PAGES.assignments,
    page(() => import('./features/monitoring/assignments.tsx'), 'AssignmentsPage', [
      'monitoring',
      'grievances',
    ]),
  ],
  [
    PAGES.correctiveActions,
    page(() => import('./features/assessments/corrective-actions.tsx'), 'CorrectiveActionsPage', [
      'assessments',
    ]),
  ],
  [
    PAGES.visits,
    page(() => import('./features/monitoring/visits.tsx'), 'VisitsPage', ['monitoring', 'field']),
  ],
  [PAGES.myDevices, page(() => import('./features/access/devices.tsx'), 'MyDevicesPage', ['field'])],
  [PAGES.devices, page(() => import('./features/access/devices.tsx'), 'DevicesPage', ['field'])],
  [
    PAGES.organisations,
    page(() => import('./features/actors/organisations.tsx'), 'OrganisationsPage', ['actors']),
  ],
  [PAGES.newOrganisation, OrganisationFormPage],
  [
    PAGES.organisation,
    page(() => import('./features/actors/organisation.tsx'), 'OrganisationPage', [
      'actors',
      'screening',
      'due-diligence',
    ]),
  ],
  [PAGES.editOrganisation, OrganisationFormPage],
  [
    PAGES.dueDiligence,
    page(() => import('./features/reports/due-diligence.tsx'), 'DueDiligencePage', ['due-diligence']),
  ],
  [PAGES.lots, page(() => import('./features/custody/lots.tsx'), 'LotsPage', ['custody'])],
  [PAGES.lot, page(() => import('./features/custody/lot.tsx'), 'LotPage', ['custody'])],
  [PAGES.stock, page(() => import('./features/custody/stock.tsx'), 'StockPage', ['custody'])],
  [PAGES.tagSacks, page(() => import('./features/custody/tag-form.tsx'), 'TagSacksPage', ['custody'])],
  [PAGES.ship, page(() => import('./features/custody/ship-form.tsx'), 'ShipPage', ['custody'])],
  [PAGES.batch, page(() => import('./features/custody/batch-form.tsx'), 'BatchPage', ['custody'])],
  [PAGES.process, page(() => import('./features/custody/process-form.tsx'), 'ProcessPage', ['custody'])],
  [
    PAGES.incidents,
    page(() => import('./features/incidents/incidents.tsx'), 'IncidentsPage', ['incidents', 'reports']),
  ],
  [PAGES.incident, page(() => import('./features/incidents/incident.tsx'), 'IncidentPage', ['incidents'])],
  [
    PAGES.alerts,
    page(() => import('./features/alerts/alerts.tsx'), 'AlertsPage', ['alerts', 'incidents', 'custody']),
  ],
  [
    PAGES.grievances,
    page(() => import('./features/grievances/grievances.tsx'), 'GrievancesPage', ['grievances']),
  ],
  [
    PAGES.grievance,
    page(() => import('./features/grievances/grievance.tsx'), 'GrievancePage', ['grievances', 'incidents']),
  ],
  [PAGES.screening, page(() => import('./features/screening/screening.tsx'), 'ScreeningPage', ['screening'])],
  [
    PAGES.screeningVersion,
    page(() => import('./features/screening/version.tsx'), 'ListVersionPage', ['screening']),
  ],
  [PAGES.screeningHits, page(() => import('./features/screening/hits.tsx'), 'HitsPage', ['screening'])],
  [PAGES.screeningHit, page(() => import('./features/screening/hit.tsx'), 'HitPage', ['screening'])],
  [
    PAGES.approvals,
    page(() => import('./features/reports/approvals.tsx'), 'ApprovalsPage', ['reports', 'incidents']),
  ],
  [PAGES.audit, page(() => import('./features/audit/audit-page.tsx'), 'AuditPage', ['audit'])],
  [PAGES.funding, page(() => import('./features/funding/fund-page.tsx'), 'FundPage', ['funding'])],
  [
    PAGES.fundProject,
    page(() => import('./features/funding/project-page.tsx'), 'ProjectPage', ['funding', 'monitoring']),
  ],
  [
    PAGES.funder,
    page(() => import('./features/funding/funder-page.tsx'), 'FunderPage', ['funding', 'monitoring']),
  ],
  [PAGES.zones, page(() => import('./features/sites/zones.tsx'), 'ZonesPage', ['sites'])],
  [PAGES.members, page(() => import('./features/actors/members-page.tsx'), 'MembersPage', ['actors'])],
  [
    PAGES.production,
    page(() => import('./features/production/production-page.tsx'), 'ProductionPage', ['production']),
  ],
  [PAGES.follows, page(() => import('./features/alerts/follows.tsx'), 'FollowsPage', ['alerts'])],
  [PAGES.webhooks, page(() => import('./features/alerts/webhooks.tsx'), 'WebhooksPage', ['alerts', 'admin'])],
  [PAGES.adminUsers, page(() => import('./features/admin/users.tsx'), 'UsersPage', ['admin'])],
  [PAGES.adminTokens, page(() => import('./features/admin/tokens.tsx'), 'TokensPage', ['admin'])],
  [
    PAGES.adminCriteria,
    page(() => import('./features/admin/criteria-sets.tsx'), 'CriteriaSetsPage', ['admin']),
  ],
  [
    PAGES.adminCriteriaSet,
    page(() => import('./features/admin/criteria-set.tsx'), 'CriteriaSetPage', [
      'admin',
      'assessments',
      'incidents',
    ]),
  ],
  [
    PAGES.adminRules,
    page(() => import('./features/admin/indicator-rules.tsx'), 'IndicatorRulesPage', [
      'admin',
      'monitoring',
      'incidents',
    ]),
  ],
  [PAGES.collect, page(() => import('./features/openrosa/collect.tsx'), 'CollectPage', ['openrosa'])],
  [
    PAGES.collectSubmissions,
    page(() => import('./features/openrosa/submissions.tsx'), 'SubmissionsPage', ['openrosa']),
  ],
  [
    PAGES.collectSubmission,
    page(() => import('./features/openrosa/submission.tsx'), 'SubmissionPage', ['openrosa']),
  ],
];

/** Every URL of the app: the public pages (grievances, transparency), then the page table behind sign-in. */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<PublicShell />}>
        <Route path={PUBLIC_PAGES.grievance} element={<ReportPage />} />
        <Route path={PUBLIC_PAGES.grievanceCase} element={<CasePage />} />
        <Route path={PUBLIC_PAGES.setPassword} element={<SetPasswordPage />} />
        <Route path={PUBLIC_PAGES.transparency} element={<TransparencyPage />} />
        <Route path={PUBLIC_PAGES.transparencySite} element={<TransparencySitePage />} />
        <Route path={PUBLIC_PAGES.openData} element={<OpenDataPage />} />
      </Route>
      <Route element={<SignedInShell />}>
        <Route index element={<Navigate to={PAGES.home.path} replace />} />
        {PAGE_COMPONENTS.map(([rule, Page]) => (
          <Route key={rule.path} path={rule.path} element={<Page />} />
        ))}
        {/* Anything else shows the home page, as it always has. */}
        <Route path="*" element={<Navigate to={PAGES.home.path} replace />} />
      </Route>
    </Routes>
  );
}
