import type { Resources } from './resources.ts';

// Keys are checked against the French catalogues: a key that is not there fails the type check.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: Resources;
  }
}
