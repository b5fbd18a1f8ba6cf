import type { BackendModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { i18n } from '../../src/i18n/instance.ts';
import { isLocale, type Locale } from '../../src/i18n/locale.ts';
import { FALLBACK } from '../../src/i18n/resources.ts';

/** The catalogues the field screens read, in every language: each its own chunk, all precached for offline use. */
export const FIELD_NAMESPACES = [
  'field',
  'common',
  'access',
  'monitoring',
  'incidents',
  'custody',
  'assessments',
  'grievances',
] as const;
const CATALOGUES = import.meta.glob<{ default: object }>([
  '../../src/locales/*/field.json',
  '../../src/locales/*/common.json',
  '../../src/locales/*/access.json',
  '../../src/locales/*/monitoring.json',
  '../../src/locales/*/incidents.json',
  '../../src/locales/*/custody.json',
  '../../src/locales/*/assessments.json',
  '../../src/locales/*/grievances.json',
]);

const catalogues: BackendModule = {
  type: 'backend',
  init() {},
  read(lng, ns, done) {
    const load = CATALOGUES[`../../src/locales/${lng}/${ns}.json`];
    if (!load) return done(null, {});
    load().then(
      (m) => done(null, m.default),
      (e) => done(e, null),
    );
  },
};

const STORED = 'amana.locale';

export function storedLocale(): Locale {
  const stored = globalThis.localStorage?.getItem(STORED);
  return isLocale(stored) ? stored : 'fr';
}

/** Starts i18next in the monitor's language with every field catalogue loaded, so no screen waits. */
export async function startFieldI18n(locale: Locale) {
  await i18n
    .use(catalogues)
    .use(initReactI18next)
    .init({
      lng: locale,
      fallbackLng: FALLBACK,
      ns: [...FIELD_NAMESPACES],
      defaultNS: 'common',
      interpolation: { escapeValue: false },
      react: { useSuspense: false },
    });
  await i18n.loadLanguages(['fr', 'en', 'sw']);
  document.documentElement.lang = locale;
}

export async function setFieldLanguage(locale: Locale) {
  await i18n.changeLanguage(locale);
  globalThis.localStorage?.setItem(STORED, locale);
  document.documentElement.lang = locale;
}

export { i18n };
