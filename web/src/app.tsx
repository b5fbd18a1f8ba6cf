import { useCallback, useEffect, useState } from 'react';
import { api, type Me } from './api.ts';
import { type Locale, translator } from './i18n.ts';
import { userRoleLabel } from './labels.ts';
import { AlertsPage } from './pages/alerts.tsx';
import { CasePage, GrievancePage } from './pages/grievance.tsx';
import { HomePage } from './pages/home.tsx';
import { IncidentPage } from './pages/incident.tsx';
import { IncidentsPage } from './pages/incidents.tsx';
import { OrganisationsPage } from './pages/organisations.tsx';
import { SignIn } from './pages/sign-in.tsx';
import { SitePage } from './pages/site.tsx';
import { SitesPage } from './pages/sites.tsx';
import { isPublic, type Route, routeOf, sectionOf } from './routes.ts';

export function App() {
  const [locale, setLocale] = useState<Locale>(
    () => (localStorage.getItem('amana.locale') as Locale) || 'fr',
  );
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [route, setRoute] = useState<Route>(routeOf(location.pathname));
  const [unread, setUnread] = useState(0);
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

  const go = (to: Route) => {
    history.pushState(null, '', to);
    setRoute(to);
  };

  const languages = (
    <label className="lang">
      {t('language')}
      <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
        <option value="fr">Français</option>
        <option value="en">English</option>
        {(me === null || isPublic(route)) && <option value="sw">Kiswahili</option>}
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
  // Swahili covers the public pages; signed-in pages fall back to English.
  const handlesIncidents = me.current.role === 'admin' || me.current.role === 'analyst';
  const nav: { to: Route; label: string }[] = [
    { to: '/home', label: t('home') },
    { to: '/sites', label: t('sites') },
    { to: '/organisations', label: t('organisations') },
    { to: '/incidents', label: t('incidents') },
    { to: '/alerts', label: t('alerts') },
  ];
  const org = me.memberships.find((m) => m.organisationId === me.current.organisationId);
  return (
    <>
      <header className="bar">
        <strong className="brand">{t('appName')}</strong>
        <nav aria-label="main">
          {nav.map(({ to, label }) => (
            <a
              key={to}
              href={to}
              aria-current={sectionOf(route) === to ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                go(to);
              }}
            >
              {label}
              {to === '/alerts' && unread > 0 && (
                <span className="count">
                  {unread}
                  <span className="sr-only"> {t('unread')}</span>
                </span>
              )}
            </a>
          ))}
        </nav>
        <span className="who">
          {t('signedInAs')} {me.name} · {org?.organisationName} ({userRoleLabel(me.current.role, locale)})
        </span>
        {languages}
        <button type="button" onClick={() => api('DELETE', '/api/session').then(() => setMe(null))}>
          {t('signOut')}
        </button>
      </header>
      <main>
        {route === '/home' ? (
          <>
            <h1>{t('home')}</h1>
            <HomePage t={t} go={go} />
          </>
        ) : route === '/organisations' ? (
          <>
            <h1>{t('organisations')}</h1>
            <OrganisationsPage t={t} locale={locale} />
          </>
        ) : route === '/sites' ? (
          <>
            <h1>{t('sites')}</h1>
            <SitesPage t={t} onOpen={(id) => go(`/sites/${id}`)} />
          </>
        ) : route === '/incidents' ? (
          <>
            <h1>{t('incidents')}</h1>
            <IncidentsPage t={t} onOpen={(id) => go(`/incidents/${id}`)} />
          </>
        ) : route === '/alerts' ? (
          <>
            <h1>{t('alerts')}</h1>
            <AlertsPage t={t} onOpenIncident={(id) => go(`/incidents/${id}`)} onChange={refreshUnread} />
          </>
        ) : route.startsWith('/incidents/') ? (
          <IncidentPage
            id={route.slice('/incidents/'.length)}
            t={t}
            canHandle={handlesIncidents}
            onBack={() => go('/incidents')}
          />
        ) : (
          <SitePage id={route.slice('/sites/'.length)} t={t} locale={locale} onBack={() => go('/sites')} />
        )}
      </main>
    </>
  );
}
