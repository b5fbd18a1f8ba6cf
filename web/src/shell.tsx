import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, matchRoutes, Navigate, Outlet, useLocation, useNavigationType } from 'react-router';
import { worksIn } from '../../src/domain/access/roles.ts';
import { OfflineBanner } from './components/offline-banner.tsx';
import { PageBoundary } from './components/page-boundary.tsx';
import { AccountMenu } from './features/access/account-menu.tsx';
import { type Me, PrincipalContext, principalOf, useMe } from './features/access/session.ts';
import { SignIn } from './features/access/sign-in.tsx';
import { unreadQuery } from './features/alerts/alert-queries.ts';
import { SearchBox } from './features/search/search-box.tsx';
import { isLocale, setLanguage, useLocale } from './i18n/index.ts';
import { isRecordId, mayOpen, navFor, PAGES, type PageRule } from './routes.ts';

// Opened from the header now and then: its form library comes with it, not with the first page.
const PasswordForm = lazy(() =>
  import('./features/access/password-form.tsx').then((m) => ({ default: m.PasswordForm })),
);

/** The language menu, in every header. */
function Languages() {
  const { t } = useTranslation();
  return (
    <label className="lang">
      {t('language')}
      <select value={useLocale()} onChange={(e) => isLocale(e.target.value) && setLanguage(e.target.value)}>
        <option value="fr">Français</option>
        <option value="en">English</option>
        {/* Swahili covers the public pages and what field monitors use; other pages fall back to English. */}
        <option value="sw">Kiswahili</option>
      </select>
    </label>
  );
}

/** The public pages (grievances): the brand and the language, no account. */
export function PublicShell() {
  const { t } = useTranslation();
  return (
    <>
      <header className="bar">
        <strong className="brand">{t('appName')}</strong>
        <Languages />
      </header>
      <main>
        <PageOutlet />
      </main>
    </>
  );
}

const PAGE_ROUTES = Object.values(PAGES).map((page) => ({ path: page.path, page }));

/** The page a URL shows, from the page table (ranked as the router ranks it), and the URL's parameters. */
function usePage(): { page?: PageRule; params: { id?: string } } {
  const match = matchRoutes(PAGE_ROUTES, useLocation())?.at(-1);
  return { page: match?.route.page, params: match?.params ?? {} };
}

/** The page itself: its code and catalogues on their way, or what broke it. */
function PageOutlet() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const how = useNavigationType();
  // A new page opens at its top; going back keeps where the reader was.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new path is the signal to scroll
  useEffect(() => {
    if (how !== 'POP') scrollTo(0, 0);
  }, [pathname, how]);
  return (
    <PageBoundary key={pathname} broken={(e) => `${t('error')}: ${e.message}`}>
      <Suspense fallback={<p role="status">{t('loading')}</p>}>
        <Outlet />
      </Suspense>
    </PageBoundary>
  );
}

/** Everything behind sign-in: the sign-in form until someone is signed in, then the role's app. */
export function SignedInShell() {
  const { t } = useTranslation();
  const { t: ta } = useTranslation('access');
  const me = useMe();
  if (me.isPending) return <p role="status">{t('loading')}</p>;
  if (!me.data)
    return (
      <>
        <header className="bar">
          <Languages />
        </header>
        <SignIn />
        <p className="public-links">
          <a href="/grievance">{ta('reportProblem')}</a> · <a href="/grievance/case">{ta('followCase')}</a> ·{' '}
          <a href="/transparence">{ta('publicView')}</a>
        </p>
      </>
    );
  return (
    <PrincipalContext value={principalOf(me.data)}>
      <App me={me.data} />
    </PrincipalContext>
  );
}

function App({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { page, params } = usePage();
  const principal = principalOf(me);
  const role = principal.role;
  // An auditor reads only through its grant (decision 0027): no alerts count, and its home is its own page.
  const unread = useQuery({ ...unreadQuery, enabled: worksIn(role, 'alerts') }).data ?? 0;
  const [changingPassword, setChangingPassword] = useState(false);

  if (!isRecordId(params.id)) return <Navigate to="/home" replace />;
  if (!worksIn(role, 'home') && page?.area === 'home') return <Navigate to={navFor(role)[0].path} replace />;
  const open = !page || mayOpen(principal, page, params);

  return (
    <>
      <header className="bar">
        <strong className="brand">{t('appName')}</strong>
        <nav aria-label="main">
          {navFor(role).map((n) => (
            <Link key={n.area} to={n.path} aria-current={page?.area === n.area ? 'page' : undefined}>
              {t(`nav.${n.area}`)}
              {n.area === 'alerts' && unread > 0 && (
                <span className="count">
                  {unread}
                  <span className="sr-only"> {t('nav.unread', { count: unread })}</span>
                </span>
              )}
            </Link>
          ))}
        </nav>
        {/* An auditor reads only through its grant (decision 0027): no search across the registry. */}
        {role !== 'auditor' && <SearchBox />}
        {/* The language stays in sight on a phone: a monitor switches it before anything else. */}
        <Languages />
        <AccountMenu
          me={me}
          changingPassword={changingPassword}
          onChangePassword={() => setChangingPassword(!changingPassword)}
        />
      </header>
      <OfflineBanner />
      <main key={me.current.organisationId}>
        {changingPassword && (
          <Suspense fallback={<p role="status">{t('loading')}</p>}>
            <PasswordForm onClose={() => setChangingPassword(false)} />
          </Suspense>
        )}
        {page?.title && <h1>{t(page.title)}</h1>}
        {open ? <PageOutlet /> : <p className="empty">{t('notVisible')}</p>}
      </main>
    </>
  );
}
