import { useTranslation } from 'react-i18next';

export const LOCALES = ['fr', 'en', 'sw'] as const;
export type Locale = (typeof LOCALES)[number];

export const isLocale = (x: unknown): x is Locale => LOCALES.includes(x as Locale);

/** The language pages render in. */
export function useLocale(): Locale {
  const { i18n } = useTranslation();
  return isLocale(i18n.language) ? i18n.language : 'fr';
}
