import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LOCALES } from '../../src/i18n/locale.ts';
import { getMeta } from './db.ts';
import { FIELD_NAMESPACES, setFieldLanguage } from './i18n.ts';
import { useLive } from './live.ts';
import { ChecklistForm } from './screens/checklist-form.tsx';
import { GrievanceForm } from './screens/grievance-form.tsx';
import { IncidentForm } from './screens/incident-form.tsx';
import { SignIn, type Me } from './screens/sign-in.tsx';
import { SitesScreen } from './screens/sites.tsx';
import { SyncBar } from './screens/sync-bar.tsx';
import { SyncScreen } from './screens/sync-screen.tsx';
import { TagForm } from './screens/tag-form.tsx';
import { VisitForm } from './screens/visit-form.tsx';
import { startAutoSync } from './sync.ts';

// The map and its libraries are a chunk of their own, fetched when the map is first opened (decision 0044).
const SitesMap = lazy(() => import('./screens/sites-map.tsx'));

export type Screen =
  | { name: 'sites' }
  | { name: 'map' }
  | { name: 'visit'; siteId: string; recordId?: string }
  | { name: 'incident'; siteId: string; recordId?: string }
  | { name: 'tag'; siteId: string; recordId?: string }
  | { name: 'assessment'; siteId: string; recordId?: string }
  | { name: 'grievance'; siteId: string; recordId?: string }
  | { name: 'sync' };

/** The field app: sign in once online, then the monitor's sites, visits, incidents and sync, with or without network. */
export function FieldApp() {
  const { t, i18n } = useTranslation(FIELD_NAMESPACES);
  const me = useLive(() => getMeta<Me>('me').then((m) => m ?? null));
  const [screen, setScreen] = useState<Screen>({ name: 'sites' });
  useEffect(() => (me ? startAutoSync() : undefined), [me]);
  if (me === undefined) return null;
  if (me === null) return <SignIn />;
  const go = (s: Screen) => {
    setScreen(s);
    globalThis.scrollTo?.(0, 0);
  };
  return (
    <div className="field-app">
      <header className="field-header">
        <strong>{t('appName')}</strong>
        <select
          aria-label={t('common:language')}
          value={i18n.language}
          onChange={(e) => void setFieldLanguage(e.target.value as (typeof LOCALES)[number])}
        >
          {LOCALES.map((l) => (
            <option key={l} value={l}>
              {l.toUpperCase()}
            </option>
          ))}
        </select>
      </header>
      <SyncBar onOpen={() => go({ name: 'sync' })} />
      <nav className="field-nav">
        <button type="button" aria-current={screen.name === 'sites'} onClick={() => go({ name: 'sites' })}>
          {t('nav.sites')}
        </button>
        <button type="button" aria-current={screen.name === 'map'} onClick={() => go({ name: 'map' })}>
          {t('nav.map')}
        </button>
        <button type="button" aria-current={screen.name === 'sync'} onClick={() => go({ name: 'sync' })}>
          {t('nav.sync')}
        </button>
      </nav>
      <main>
        {screen.name === 'sites' && <SitesScreen me={me} go={go} />}
        {screen.name === 'visit' && (
          <VisitForm siteId={screen.siteId} recordId={screen.recordId} done={() => go({ name: 'sites' })} />
        )}
        {screen.name === 'incident' && (
          <IncidentForm siteId={screen.siteId} recordId={screen.recordId} done={() => go({ name: 'sites' })} />
        )}
        {screen.name === 'tag' && (
          <TagForm siteId={screen.siteId} recordId={screen.recordId} done={() => go({ name: 'sites' })} />
        )}
        {screen.name === 'assessment' && (
          <ChecklistForm siteId={screen.siteId} recordId={screen.recordId} done={() => go({ name: 'sites' })} />
        )}
        {screen.name === 'grievance' && (
          <GrievanceForm siteId={screen.siteId} recordId={screen.recordId} done={() => go({ name: 'sites' })} />
        )}
        {screen.name === 'map' && (
          <Suspense fallback={<p className="muted">{t('map.loading')}</p>}>
            <SitesMap go={go} />
          </Suspense>
        )}
        {screen.name === 'sync' && <SyncScreen go={go} />}
      </main>
    </div>
  );
}
