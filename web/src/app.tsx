import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { api, type Me } from './api.ts';
import { type Locale, type MessageKey, translator } from './i18n.ts';
import { userRoleLabel } from './labels.ts';
import { AlertsPage } from './pages/alerts.tsx';
import { AssessmentPage } from './pages/assessment.tsx';
import { CasePage, GrievancePage } from './pages/grievance.tsx';
import { GrievancePageForOfficer, GrievancesPage } from './pages/grievances.tsx';
import { HomePage } from './pages/home.tsx';
import { IncidentPage } from './pages/incident.tsx';
import { IncidentTrends } from './pages/incident-trends.tsx';
import { IncidentsPage } from './pages/incidents.tsx';
import { LotPage } from './pages/lot.tsx';
import { LotsPage } from './pages/lots.tsx';
import { OrganisationPage } from './pages/organisation.tsx';
import { OrganisationForm } from './pages/organisation-form.tsx';
import { OrganisationsPage } from './pages/organisations.tsx';
import { PasswordForm } from './pages/password-form.tsx';
import { SignIn } from './pages/sign-in.tsx';
import { SitePage } from './pages/site.tsx';
import { SiteForm } from './pages/site-form.tsx';
import { SitesPage } from './pages/sites.tsx';
import { VisitForm } from './pages/visit-form.tsx';
import { isPublic, mayEdit, navFor, type Route, routeOf, type Section, sectionOf } from './routes.ts';

// The map brings MapLibre and the base layer: loaded only when someone opens it.
const MapPage = lazy(() => import('./pages/map.tsx'));

const NAV_LABEL: Record<Section, MessageKey> = {
  '/grievances': 'grievances',
  '/lots': 'lots',
  '/home': 'home',
  '/map': 'map',
  '/sites': 'sites',
  '/organisations': 'organisations',
  '/incidents': 'incidents',
  '/alerts': 'alerts',
};

const ID = /^\/(sites|organisations|incidents|grievances|assessments|lots)\/([0-9a-f-]{36})/;

export function App() {
  const [locale, setLocale] = useState<Locale>(
    () => (localStorage.getItem('amana.locale') as Locale) || 'fr',
  );
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [route, setRoute] = useState<Route>(routeOf(location.pathname));
  const [unread, setUnread] = useState(0);
  const [changingPassword, setChangingPassword] = useState(false);
  const t = translator(locale);
  const refreshUnread = useCallback(
    () =>
      api<{ unread: number }>('GET', '/api/alerts?limit=1').then(
        (a) => setUnread(a.unread),
        () => {},
      ),
    [],
  );

  useEffect(() => {
    if (me) refreshUnread();
  }, [me, refreshUnread]);

  useEffect(() => {
    api<Me>('GET', '/api/me').then(setMe, () => setMe(null));
    const onPop = () => setRoute(routeOf(location.pathname));
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
    localStorage.setItem('amana.locale', locale);
  }, [locale]);

  /** Opens a page; the path may carry a query string that the page reads as its filters. */
  const go = (to: string) => {
    history.pushState(null, '', to);
    setRoute(routeOf(to));
    scrollTo(0, 0);
  };

  const languages = (
    <label className="lang">
      {t('language')}
      <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
        <option value="fr">Français</option>
        <option value="en">English</option>
        {/* Swahili covers the public pages and what field monitors use; other pages fall back to English. */}
        <option value="sw">Kiswahili</option>
      </select>
    </label>
  );

  if (isPublic(route)) {
    return (
      <>
        <header className="bar">
          <strong className="brand">{t('appName')}</strong>
          {languages}
        </header>
        <main>{route === '/grievance' ? <GrievancePage t={t} locale={locale} /> : <CasePage t={t} />}</main>
      </>
    );
  }
  if (me === undefined) return <p role="status">{t('loading')}</p>;
  if (me === null) {
    return (
      <>
        <header className="bar">{languages}</header>
        <SignIn t={t} onSignedIn={setMe} />
        <p className="public-links">
          <a href="/grievance">{t('reportProblem')}</a> · <a href="/grievance/case">{t('followCase')}</a>
        </p>
      </>
    );
  }
  const role = me.current.role;
  const sections = navFor(role);
  const section = sectionOf(route);
  const id = ID.exec(route)?.[2] ?? '';
  const keepsRegistry = role === 'admin' || role === 'analyst';

  const switchOrganisation = (organisationId: string) =>
    api<Me>('PUT', '/api/session/organisation', { organisationId }).then((next) => {
      setMe(next);
      go('/home');
    });

  const page = () => {
    if (!sections.includes(section)) return <p className="empty">{t('notVisible')}</p>;
    if (route === '/home') return <HomePage t={t} go={go} />;
    if (route === '/map')
      return (
        <Suspense fallback={<p role="status">{t('loading')}</p>}>
          <MapPage
            t={t}
            locale={locale}
            canAddLayers={keepsRegistry || role === 'regulator'}
            onOpenSite={(s) => go(`/sites/${s}`)}
          />
        </Suspense>
      );
    if (route === '/sites')
      return (
        <SitesPage
          t={t}
          locale={locale}
          onOpen={(s) => go(`/sites/${s}`)}
          onNew={mayEdit(role, 'site') ? () => go('/sites/new') : undefined}
        />
      );
    if (route === '/sites/new' || route.endsWith('/edit'))
      return route.startsWith('/sites') ? (
        <SiteForm
          id={id || undefined}
          t={t}
          locale={locale}
          onSaved={(s) => go(`/sites/${s}`)}
          onCancel={() => history.back()}
        />
      ) : (
        <OrganisationForm
          id={id || undefined}
          t={t}
          locale={locale}
          onSaved={(o) => go(`/organisations/${o}`)}
          onCancel={() => history.back()}
        />
      );
    if (route === '/organisations/new')
      return (
        <OrganisationForm
          t={t}
          locale={locale}
          onSaved={(o) => go(`/organisations/${o}`)}
          onCancel={() => history.back()}
        />
      );
    if (route === '/organisations')
      return (
        <OrganisationsPage
          t={t}
          locale={locale}
          onOpen={(o) => go(`/organisations/${o}`)}
          onNew={keepsRegistry ? () => go('/organisations/new') : undefined}
        />
      );
    if (route.startsWith('/organisations/'))
      return (
        <OrganisationPage
          id={id}
          t={t}
          locale={locale}
          canEdit={mayEdit(role, 'organisation') && (keepsRegistry || me.current.organisationId === id)}
          canDecideKyc={keepsRegistry}
          onEdit={() => go(`/organisations/${id}/edit`)}
          onBack={() => go('/organisations')}
        />
      );
    if (route === '/incidents')
      return (
        <>
          <IncidentTrends t={t} locale={locale} />
          <IncidentsPage t={t} onOpen={(i) => go(`/incidents/${i}`)} />
        </>
      );
    if (route === '/alerts')
      return (
        <AlertsPage
          t={t}
          locale={locale}
          onOpenIncident={(i) => go(`/incidents/${i}`)}
          onOpenLot={(l) => go(`/lots/${l}`)}
          onChange={refreshUnread}
        />
      );
    if (route === '/lots') return <LotsPage t={t} onOpen={(l) => go(`/lots/${l}`)} />;
    if (route.startsWith('/lots/'))
      return (
        <LotPage
          id={id}
          t={t}
          locale={locale}
          onOpenLot={(l) => go(`/lots/${l}`)}
          onOpenSite={(s) => go(`/sites/${s}`)}
          onBack={() => go('/lots')}
        />
      );
    if (route === '/grievances') return <GrievancesPage t={t} onOpen={(g) => go(`/grievances/${g}`)} />;
    if (route.startsWith('/grievances/'))
      return (
        <GrievancePageForOfficer
          id={id}
          t={t}
          locale={locale}
          onBack={() => go('/grievances')}
          onOpenIncident={(i) => go(`/incidents/${i}`)}
        />
      );
    if (route === '/visits/new') {
      const site = new URLSearchParams(location.search).get('site') ?? '';
      return (
        <VisitForm
          siteId={site}
          t={t}
          locale={locale}
          onDone={() => go(`/sites/${site}`)}
          onOpenIncident={(i) => go(`/incidents/${i}`)}
        />
      );
    }
    if (route.startsWith('/assessments/'))
      return (
        <AssessmentPage
          id={id}
          t={t}
          locale={locale}
          userId={me.id}
          canApprove={keepsRegistry}
          onOpenSite={(s) => go(`/sites/${s}`)}
        />
      );
    if (route.startsWith('/incidents/'))
      return <IncidentPage id={id} t={t} canHandle={keepsRegistry} onBack={() => go('/incidents')} />;
    return (
      <SitePage
        id={id}
        t={t}
        locale={locale}
        onBack={() => go('/sites')}
        onEdit={mayEdit(role, 'site') ? () => go(`/sites/${id}/edit`) : undefined}
        role={role}
        go={go}
      />
    );
  };

  const title: Partial<Record<string, MessageKey>> = {
    '/home': 'home',
    '/map': 'map',
    '/sites': 'sites',
    '/sites/new': 'newSite',
    '/organisations': 'organisations',
    '/organisations/new': 'newOrganisation',
    '/incidents': 'incidents',
    '/alerts': 'alerts',
    '/grievances': 'grievances',
    '/lots': 'lots',
    '/visits/new': 'recordVisit',
  };
  const heading = route.endsWith('/edit') ? 'edit' : title[route];

  return (
    <>
      <header className="bar">
        <strong className="brand">{t('appName')}</strong>
        <nav aria-label="main">
          {sections.map((to) => (
            <a
              key={to}
              href={to}
              aria-current={section === to ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                go(to);
              }}
            >
              {t(NAV_LABEL[to])}
              {to === '/alerts' && unread > 0 && (
                <span className="count">
                  {unread}
                  <span className="sr-only"> {t('unread')}</span>
                </span>
              )}
            </a>
          ))}
        </nav>
        {me.memberships.length > 1 ? (
          <>
            <span className="who">
              {t('signedInAs')} {me.name} ({userRoleLabel(role, locale)})
            </span>
            <label className="org-switch">
              {t('actingFor')}
              <select value={me.current.organisationId} onChange={(e) => switchOrganisation(e.target.value)}>
                {me.memberships.map((m) => (
                  <option key={m.organisationId} value={m.organisationId}>
                    {m.organisationName}
                  </option>
                ))}
              </select>
            </label>
          </>
        ) : (
          <span className="who">
            {t('signedInAs')} {me.name} · {me.memberships[0]?.organisationName} ({userRoleLabel(role, locale)}
            )
          </span>
        )}
        {languages}
        <button
          type="button"
          aria-expanded={changingPassword}
          onClick={() => setChangingPassword(!changingPassword)}
        >
          {t('changePassword')}
        </button>
        <button type="button" onClick={() => api('DELETE', '/api/session').then(() => setMe(null))}>
          {t('signOut')}
        </button>
      </header>
      <main key={me.current.organisationId}>
        {changingPassword && <PasswordForm t={t} onClose={() => setChangingPassword(false)} />}
        {heading && <h1>{t(heading)}</h1>}
        {page()}
      </main>
    </>
  );
}
