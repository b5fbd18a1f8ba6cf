import type { BackendModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { i18n } from './instance.ts';
import { isLocale, type Locale } from './locale.ts';
import { FALLBACK, FIRST_PAGE } from './resources.ts';

export { isLocale, LOCALES, type Locale, useLocale } from './locale.ts';

// One chunk per language and namespace, fetched the first time a page of that language needs it.
const CATALOGUES = import.meta.glob<{ default: object }>([
  '../locales/*/*.json',
  '!../locales/fr/common.json',
  '!../locales/fr/access.json',
  '!../locales/fr/reports.json',
]);

const catalogues: BackendModule = {
  type: 'backend',
  init() {},
  read(lng, ns, done) {
    const load = CATALOGUES[`../locales/${lng}/${ns}.json`];
    // A namespace a language does not have yet reads as empty: its keys fall back (Swahili to English).
    if (!load) return done(null, {});
    load().then(
      (m) => done(null, m.default),
      (e) => done(e, null),
    );
  },
};

export { i18n };

const STORED = 'amana.locale';

/** The language the reader chose last on this device, French otherwise. */
export function storedLocale(): Locale {
  const stored = globalThis.localStorage?.getItem(STORED);
  return isLocale(stored) ? stored : 'fr';
}

/**
 * Switches the app to a language once the catalogues the open pages use are loaded in it and in the language
 * it falls back to, so that the page changes language at once rather than waiting blank; remembers the choice.
 */
export async function setLanguage(locale: Locale): Promise<void> {
  await i18n.loadLanguages(locale === 'sw' ? ['sw', 'en'] : [locale]);
  await i18n.changeLanguage(locale);
  globalThis.localStorage?.setItem(STORED, locale);
  document.documentElement.lang = locale;
}

/** Starts i18next in the reader's language; the app renders once it resolves. */
export async function startI18n(locale: Locale): Promise<void> {
  await i18n
    .use(catalogues)
    .use(initReactI18next)
    .init({
      resources: { fr: FIRST_PAGE },
      partialBundledLanguages: true,
      lng: locale,
      fallbackLng: FALLBACK,
      ns: Object.keys(FIRST_PAGE),
      defaultNS: 'common',
      // React escapes what it renders.
      interpolation: { escapeValue: false },
      // A page whose catalogue is on its way waits in the route's Suspense, like its code.
      react: { useSuspense: true },
    });
  globalThis.localStorage?.setItem(STORED, locale);
  document.documentElement.lang = locale;
}
