// Every problem code the server can answer with has its sentence in French and English (and in Swahili for
// the areas monitors and the public use), so that no English sentence of the server reaches a reader.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { problemKey } from '../api/problem-code.ts';
import { NAMESPACES } from './resources.ts';
import { testI18n } from './testing.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const sources = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? sources(path.join(dir, e.name))
        : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
          ? [path.join(dir, e.name)]
          : [],
    );

const CODE = new RegExp(`code: '((?:${NAMESPACES.join('|')})\\.[a-z0-9.-]+)'`, 'g');

/** Every code literal in the server's source: `code: 'area.what'` and the generic `common.<problem type>`. */
function serverCodes(): Set<string> {
  const codes = new Set<string>();
  for (const file of [...sources(path.join(root, 'src')), path.join(root, 'web/src/api/client.ts')]) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(CODE)) codes.add(m[1]);
  }
  const problems = fs.readFileSync(path.join(root, 'src/http/problems.ts'), 'utf8');
  const slugs = problems.slice(0, problems.indexOf('} as const')).matchAll(/^ {2}'?([a-z-]+)'?: \{ status/gm);
  for (const m of slugs) codes.add(`common.${m[1]}`);
  return codes;
}

const FIELD_AND_PUBLIC = new Set(['common', 'monitoring', 'grievances', 'field']);
/** Areas whose every problem is said in Swahili as well, though monitors and the public do not read them. */
const SWAHILI_TOO = new Set(['access', 'actors', 'alerts', 'event-log']);

test('every problem code of the server is said in French and English, and in Swahili where monitors and the public read', () => {
  const codes = [...serverCodes()].sort();
  assert.ok(codes.length > 20, `found only ${codes.length} codes`);
  const missing: string[] = [];
  for (const lng of ['fr', 'en', 'sw'] as const) {
    const i18n = testI18n(lng);
    for (const code of codes) {
      const ns = code.slice(0, code.indexOf('.'));
      if (lng === 'sw' && !FIELD_AND_PUBLIC.has(ns) && !SWAHILI_TOO.has(ns)) continue;
      if (!i18n.exists(problemKey(code), { lng, fallbackLng: false })) missing.push(`${lng}: ${code}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('every record kind a problem names is said in every language', () => {
  const errors = fs.readFileSync(path.join(root, 'src/services/errors.ts'), 'utf8');
  const list = errors.slice(errors.indexOf('RECORD_KINDS = ['), errors.indexOf('] as const'));
  const kinds = [...list.matchAll(/'([a-z ]+)'/g)].map((m) => m[1]);
  assert.ok(kinds.length > 20);
  for (const lng of ['fr', 'en', 'sw'] as const) {
    const i18n = testI18n(lng);
    assert.deepEqual(
      kinds.filter((k) => !i18n.exists(`common:records.${k}`, { lng, fallbackLng: false })),
      [],
      lng,
    );
  }
});

test('a sentence says the states it names and the numbers it gives in the reader’s language', () => {
  const say = (lng: 'fr' | 'en' | 'sw', code: string, params: Record<string, string | number>) =>
    String(testI18n(lng).t(problemKey(code) as never, params as never));
  const transition = { state: 'reported', to: 'verified' };
  assert.equal(
    say('fr', 'incidents.transition-not-allowed', transition),
    'Un incident à l’état «\u00a0Signalé\u00a0» ne peut pas passer à l’état «\u00a0Vérifié\u00a0».',
  );
  assert.equal(
    say('sw', 'incidents.transition-not-allowed', transition),
    'Tukio lenye hali “Imeripotiwa” haliwezi kuhamia hali “Imethibitishwa”.',
  );
  assert.equal(
    say('fr', 'grievances.already-decided', { case: 'GRV-ABCD-EFGH', status: 'rejected' }),
    'Le dossier GRV-ABCD-EFGH est déjà traité (état : Non retenu).',
  );
  const loss = { lostKg: 1234.5, lossPct: 12.5, tolerancePct: 5 };
  assert.equal(
    say('fr', 'custody.mass-lost', loss),
    '1\u202f234,5 kg de cobalt (12,5 %) sont perdus, plus que les 5 % tolérés',
  );
  assert.equal(
    say('en', 'custody.mass-lost', loss),
    '1,234.5 kg of cobalt (12.5 %) is lost, more than the 5 % tolerated',
  );
  assert.equal(
    say('sw', 'custody.mass-lost', loss),
    'kg 1,234.5 za kobalti (12.5 %) zimepotea, zaidi ya 5 % inayokubalika',
  );
  assert.equal(say('fr', 'common.field.range', { min: -90, max: 90 }), 'un nombre de -90 à 90');
});
