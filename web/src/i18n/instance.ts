import i18next, { type i18n as I18n } from 'i18next';

/** The one i18next instance of the web app: started by `startI18n` in the browser, by `useTestI18n` in unit tests. */
export const i18n: I18n = i18next.createInstance();
