import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const LOCALES = path.resolve(import.meta.dirname, '../locales');

/**
 * What field monitors and the public read — the navigation, home, the sites and a site's page, the visit
 * form, the incidents, the grievance form and the case page — by namespace: whole namespaces, or their
 * top-level groups. Every key here must be in French and in Swahili.
 */
const FIELD: Record<string, 'all' | readonly string[]> = {
  common: 'all',
  access: 'all',
  reports: 'all',
  sites: ['list', 'page', 'reason', 'mineral'],
  assessments: ['onSite', 'kind', 'status'],
  monitoring: 'all',
  incidents: 'all',
  grievances: ['public', 'case'],
  custody: ['flows', 'lotKind'],
  actors: [],
  'event-log': [],
  screening: [],
  audit: [],
  funding: [],
  production: [],
  admin: [],
  'due-diligence': [],
  field: 'all',
  // The forms ODK Collect shows monitors, and what the server tells them.
  openrosa: ['form', 'problems'],
  // The public transparency pages.
  transparency: 'all',
  // The export button shows on the lists monitors read; column headers are written in French or English only.
  exports: ['button'],
};

type Tree = { [k: string]: string | Tree };

/** Every key of a language, as "namespace:group.key". */
function keysOf(locale: string): Set<string> {
  const keys = new Set<string>();
  const walk = (ns: string, tree: Tree, prefix: string) => {
    for (const [k, v] of Object.entries(tree)) {
      if (typeof v === 'string') keys.add(`${ns}:${prefix}${k}`);
      else walk(ns, v, `${prefix}${k}.`);
    }
  };
  for (const file of fs.readdirSync(path.join(LOCALES, locale)).filter((f) => f.endsWith('.json'))) {
    walk(
      file.replace(/\.json$/, ''),
      JSON.parse(fs.readFileSync(path.join(LOCALES, locale, file), 'utf8')),
      '',
    );
  }
  return keys;
}

const en = keysOf('en');
const missing = (locale: string) => {
  const has = keysOf(locale);
  return [...en].filter((k) => !has.has(k));
};
const isField = (key: string) => {
  const [ns, rest] = key.split(':');
  const scope = FIELD[ns];
  assert.ok(scope, `namespace ${ns} has no entry in FIELD`);
  return scope === 'all' || scope.includes(rest.split('.')[0]);
};

test('French has every key English has', () => {
  assert.deepEqual(missing('fr'), []);
});

test('Swahili has every key of what field monitors and the public read', () => {
  assert.deepEqual(missing('sw').filter(isField), []);
});

test('counts the keys Swahili still lacks elsewhere (they fall back to English)', (t) => {
  const rest = missing('sw').filter((k) => !isField(k));
  const byNamespace = Object.groupBy(rest, (k) => k.split(':')[0]);
  t.diagnostic(
    `Swahili lacks ${rest.length} of ${en.size} keys outside the field pages: ${Object.entries(byNamespace)
      .map(([ns, ks]) => `${ns} ${ks?.length}`)
      .join(', ')}`,
  );
  assert.ok(rest.length < en.size);
});

test('no language has a key English lacks, and every plural has its "other" form', () => {
  for (const locale of ['fr', 'en', 'sw']) {
    const keys = keysOf(locale);
    assert.deepEqual(
      [...keys].filter((k) => !en.has(k)),
      [],
      `${locale} has keys English lacks`,
    );
    for (const k of keys)
      if (k.endsWith('_one'))
        assert.ok(keys.has(k.replace(/_one$/, '_other')), `${locale} ${k} has no _other`);
  }
});
