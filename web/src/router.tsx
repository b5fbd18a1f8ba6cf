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
const page = <M,>(load: () => Promise<M>, pick: (m: M) => ComponentType, namespaces: Namespace[]) =>
  lazy(() => Promise.all([load(), i18n.loadNamespaces(namespaces)]).then(([m]) => ({ default: pick(m) })));

const ReportPage = page(
  () => import('./features/grievances/report.tsx'),
  (m) => m.ReportPage,
  ['grievances'],
);
const CasePage = page(
  () => import('./features/grievances/case.tsx'),
  (m) => m.CasePage,
  ['grievances'],
);
const HomePage = page(
  () => import('./features/reports/home.tsx'),
  (m) => m.HomePage,
  ['reports'],
);
const MapPage = page(
  () => import('./features/sites/map/map-page.tsx'),
  (m) => m.MapPage,
  ['sites'],
);
const SitesPage = page(
  () => import('./features/sites/sites.tsx'),
  (m) => m.SitesPage,
  ['sites'],
);
const SiteFormPage = page(
  () => import('./features/sites/site-form.tsx'),
  (m) => m.SiteFormPage,
  ['sites'],
);
const SitePage = page(
  () => import('./features/sites/site.tsx'),
  (m) => m.SitePage,
  ['sites', 'assessments', 'monitoring', 'custody', 'incidents'],
);
const VisitFormPage = page(
  () => import('./features/monitoring/visit-form.tsx'),
  (m) => m.VisitFormPage,
  ['monitoring'],
);
const AssessmentPage = page(
  () => import('./features/assessments/assessment.tsx'),
  (m) => m.AssessmentPage,
  ['assessments', 'sites'],
);
const OrganisationsPage = page(
  () => import('./features/actors/organisations.tsx'),
  (m) => m.OrganisationsPage,
  ['actors'],
);
const OrganisationFormPage = page(
  () => import('./features/actors/organisation-form.tsx'),
  (m) => m.OrganisationFormPage,
  ['actors'],
);
const OrganisationPage = page(
  () => import('./features/actors/organisation.tsx'),
  (m) => m.OrganisationPage,
  ['actors'],
);
const LotsPage = page(
  () => import('./features/custody/lots.tsx'),
  (m) => m.LotsPage,
  ['custody'],
);
const LotPage = page(
  () => import('./features/custody/lot.tsx'),
  (m) => m.LotPage,
  ['custody'],
);
const IncidentsPage = page(
  () => import('./features/incidents/incidents.tsx'),
  (m) => m.IncidentsPage,
  ['incidents', 'reports'],
);
const IncidentPage = page(
  () => import('./features/incidents/incident.tsx'),
  (m) => m.IncidentPage,
  ['incidents'],
);
const AlertsPage = page(
  () => import('./features/incidents/alerts.tsx'),
  (m) => m.AlertsPage,
  ['incidents'],
);
const GrievancesPage = page(
  () => import('./features/grievances/grievances.tsx'),
  (m) => m.GrievancesPage,
  ['grievances'],
);
const GrievancePage = page(
  () => import('./features/grievances/grievance.tsx'),
  (m) => m.GrievancePage,
  ['grievances', 'incidents'],
);

/** The component each page of the table shows. */
const PAGE_COMPONENTS: [PageRule, ComponentType][] = [
  [PAGES.home, HomePage],
  [PAGES.map, MapPage],
  [PAGES.sites, SitesPage],
  [PAGES.newSite, SiteFormPage],
  [PAGES.site, SitePage],
  [PAGES.editSite, SiteFormPage],
  [PAGES.newVisit, VisitFormPage],
  [PAGES.assessment, AssessmentPage],
  [PAGES.organisations, OrganisationsPage],
  [PAGES.newOrganisation, OrganisationFormPage],
  [PAGES.organisation, OrganisationPage],
  [PAGES.editOrganisation, OrganisationFormPage],
  [PAGES.lots, LotsPage],
  [PAGES.lot, LotPage],
  [PAGES.incidents, IncidentsPage],
  [PAGES.incident, IncidentPage],
  [PAGES.alerts, AlertsPage],
  [PAGES.grievances, GrievancesPage],
  [PAGES.grievance, GrievancePage],
];

/** Every URL of the app: the public grievance pages, then the page table behind sign-in. */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<PublicShell />}>
        <Route path={PUBLIC_PAGES.grievance} element={<ReportPage />} />
        <Route path={PUBLIC_PAGES.grievanceCase} element={<CasePage />} />
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
