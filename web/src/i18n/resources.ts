// The French catalogues of the first page are bundled with it; the others come with the pages that use them.
import access from '../locales/fr/access.json' with { type: 'json' };
import common from '../locales/fr/common.json' with { type: 'json' };
import reports from '../locales/fr/reports.json' with { type: 'json' };

/** The namespaces: one per area of the application, and common for the shell and shared words. */
export const NAMESPACES = [
  'common',
  'access',
  'reports',
  'sites',
  'actors',
  'assessments',
  'monitoring',
  'incidents',
  'alerts',
  'grievances',
  'custody',
  'event-log',
  'screening',
  'audit',
  'funding',
  'production',
  'admin',
  'due-diligence',
  'field',
  'openrosa',
  'transparency',
  'exports',
] as const;
export type Namespace = (typeof NAMESPACES)[number];

/** What the first page reads, in French: the shell, sign-in and home. */
export const FIRST_PAGE = { common, access, reports };

/** Every French catalogue's shape: the keys a t() call may name (French is complete, the catalogue test sees to it). */
export interface Resources {
  common: typeof import('../locales/fr/common.json', { with: { type: 'json' }});
  access: typeof import('../locales/fr/access.json', { with: { type: 'json' }});
  reports: typeof import('../locales/fr/reports.json', { with: { type: 'json' }});
  sites: typeof import('../locales/fr/sites.json', { with: { type: 'json' }});
  actors: typeof import('../locales/fr/actors.json', { with: { type: 'json' }});
  assessments: typeof import('../locales/fr/assessments.json', { with: { type: 'json' }});
  monitoring: typeof import('../locales/fr/monitoring.json', { with: { type: 'json' }});
  incidents: typeof import('../locales/fr/incidents.json', { with: { type: 'json' }});
  alerts: typeof import('../locales/fr/alerts.json', { with: { type: 'json' }});
  grievances: typeof import('../locales/fr/grievances.json', { with: { type: 'json' }});
  custody: typeof import('../locales/fr/custody.json', { with: { type: 'json' }});
  'due-diligence': typeof import('../locales/fr/due-diligence.json', { with: { type: 'json' }});
  'event-log': typeof import('../locales/fr/event-log.json', { with: { type: 'json' }});
  screening: typeof import('../locales/fr/screening.json', { with: { type: 'json' }});
  audit: typeof import('../locales/fr/audit.json', { with: { type: 'json' }});
  funding: typeof import('../locales/fr/funding.json', { with: { type: 'json' }});
  production: typeof import('../locales/fr/production.json', { with: { type: 'json' }});
  admin: typeof import('../locales/fr/admin.json', { with: { type: 'json' }});
  field: typeof import('../locales/fr/field.json', { with: { type: 'json' }});
  openrosa: typeof import('../locales/fr/openrosa.json', { with: { type: 'json' }});
  transparency: typeof import('../locales/fr/transparency.json', { with: { type: 'json' }});
  exports: typeof import('../locales/fr/exports.json', { with: { type: 'json' }});
}

/** Where a language missing a key looks next: Swahili covers the field and public pages, English the rest. */
export const FALLBACK = { sw: ['en'], default: ['fr'] };
