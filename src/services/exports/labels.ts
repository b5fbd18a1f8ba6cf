import fs from 'node:fs';
import path from 'node:path';
import type { Column } from '../../domain/exports/table.ts';

const LOCALES = path.resolve(import.meta.dirname, '../../../web/src/locales');

/** The languages an export's headers are written in: French first, English; a Swahili reader gets English. */
export type ExportLanguage = 'fr' | 'en';

let catalogues: Record<ExportLanguage, Record<string, string>> | undefined;

/** The words of the web's `exports` catalogue for each field name (`columns`). */
export function headerCatalogue(lng: ExportLanguage): Record<string, string> {
  catalogues ??= {
    fr: JSON.parse(fs.readFileSync(path.join(LOCALES, 'fr', 'exports.json'), 'utf8')).columns,
    en: JSON.parse(fs.readFileSync(path.join(LOCALES, 'en', 'exports.json'), 'utf8')).columns,
  };
  return catalogues[lng];
}

/** The language of an export's headers from the request's Accept-Language, French by default. */
export function exportLanguage(acceptLanguage: string | undefined): ExportLanguage {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const code = part.trim().slice(0, 2).toLowerCase();
    if (code === 'fr') return 'fr';
    if (code === 'en' || code === 'sw') return 'en';
  }
  return 'fr';
}

/**
 * Each column's header in the language: the words of each part of its path (`site.code` → "Site · Code"); a
 * part the catalogue lacks keeps its name (the catalogue test sees that every exported field has its words).
 */
export const headersOf = (columns: readonly Column[], lng: ExportLanguage): string[] =>
  columns.map((c) => c.path.map((part) => headerCatalogue(lng)[part] ?? part).join(' · ') || c.key);
