import i18next, { type i18n as I18n } from 'i18next';
import { i18n as appI18n } from './instance.ts';
import { FALLBACK, NAMESPACES } from './resources.ts';

type Tree = Record<string, unknown>;

/** Every catalogue of every language, read from the files, for unit tests of what pages say. */
async function everything(): Promise<Record<string, Record<string, Tree>>> {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const dir = path.resolve(import.meta.dirname, '../locales');
  const out: Record<string, Record<string, Tree>> = {};
  for (const lng of fs.readdirSync(dir)) {
    out[lng] = {};
    for (const ns of NAMESPACES) {
      const file = path.join(dir, lng, `${ns}.json`);
      if (fs.existsSync(file)) out[lng][ns] = JSON.parse(fs.readFileSync(file, 'utf8'));
    }
  }
  return out;
}

const resources = await everything();

const options = (lng: 'fr' | 'en' | 'sw') => ({
  resources,
  lng,
  fallbackLng: FALLBACK,
  ns: [...NAMESPACES],
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  initAsync: false,
});

/** An i18next instance with every catalogue loaded at once, for unit tests of what pages say. */
export function testI18n(lng: 'fr' | 'en' | 'sw'): I18n {
  const instance = i18next.createInstance();
  instance.init(options(lng));
  return instance;
}

/** Starts the app's own instance with every catalogue, for unit tests of code that says things through it. */
export async function useTestI18n(lng: 'fr' | 'en' | 'sw'): Promise<void> {
  if (appI18n.isInitialized) await appI18n.changeLanguage(lng);
  else await appI18n.init(options(lng));
}
