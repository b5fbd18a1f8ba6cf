import { useEffect, useState } from 'react';
import { api, type Me } from './api.ts';
import { type Locale, translator } from './i18n.ts';
import { userRoleLabel } from './labels.ts';
import { OrganisationsPage } from './pages/organisations.tsx';
import { SignIn } from './pages/sign-in.tsx';
import { SitePage } from './pages/site.tsx';
import { SitesPage } from './pages/sites.tsx';

/** The pages of the app: a path names one, and a site page carries the site's id. */
export type Route = '/sites' | '/organisations' | `/sites/${string}`;
export const routeOf = (path: string): Route => {
  if (path.startsWith('/organisations')) return '/organisations';
  const site = /^\/sites\/([0-9a-f-]{36})$/.exec(path);
  return site ? `/sites/${site[1]}` : '/sites';
};
const section = (route: Route) => (route === '/organisations' ? '/organisations' : '/sites');

export function App() {
  const [locale, setLocale] = useState<Locale>(
    () => (localStorage.getItem('amana.locale') as Locale) || 'fr',
  );
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [route, setRoute] = useState<Route>(routeOf(location.pathname));
  const t = translator(locale);

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
      </select>
    </label>
  );

  if (me === undefined) return <p role="status">{t('loading')}</p>;
  if (me === null) {
    return (
      <>
        <header className="bar">{languages}</header>
        <SignIn t={t} onSignedIn={setMe} />
      </>
    );
  }
  const org = me.memberships.find((m) => m.organisationId === me.current.organisationId);
  return (
    <>
      <header className="bar">
        <strong className="brand">{t('appName')}</strong>
        <nav aria-label="main">
          {(['/sites', '/organisations'] as Route[]).map((r) => (
            <a
              key={r}
              href={r}
              aria-current={section(route) === r ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                go(r);
              }}
            >
              {t(r === '/sites' ? 'sites' : 'organisations')}
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
        {route === '/organisations' ? (
          <>
            <h1>{t('organisations')}</h1>
            <OrganisationsPage t={t} locale={locale} />
          </>
        ) : route === '/sites' ? (
          <>
            <h1>{t('sites')}</h1>
            <SitesPage t={t} onOpen={(id) => go(`/sites/${id}`)} />
          </>
        ) : (
          <SitePage id={route.slice('/sites/'.length)} t={t} locale={locale} onBack={() => go('/sites')} />
        )}
      </main>
    </>
  );
}
