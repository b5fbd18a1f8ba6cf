import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { DEFAULT_RULES } from '../../../../src/domain/monitoring/indicator-rules.ts';
import { testI18n, useTestI18n } from '../../i18n/testing.ts';
import { incidentText } from './incident-text.ts';

before(() => useTestI18n('fr'));

const ruleMade = {
  title: 'Children seen on site',
  description: 'Visit of 2026-11-30 at KZI-004: childrenSeen > 0 (value 3).',
  source: 'rule' as const,
  ruleCode: 'R-CHILD',
  ruleFinding: {
    indicator: 'childrenSeen' as const,
    operator: '>' as const,
    threshold: 0,
    value: 3,
    visitedAt: '2026-11-30T09:15:00.000Z',
    siteCode: 'KZI-004',
  },
};

test('what a rule wrote reads in the reader’s language, with its date and numbers in the reader’s format', () => {
  assert.deepEqual(incidentText(ruleMade, 'fr'), {
    title: 'Enfants vus sur le site',
    description: 'Visite du 30 nov. 2026 à KZI-004 : enfants vus > 0 (valeur relevée : 3).',
  });
  assert.deepEqual(incidentText(ruleMade, 'en'), {
    title: 'Children seen on site',
    description: 'Visit of Nov 30, 2026 at KZI-004: children seen > 0 (value seen: 3).',
  });
  const ppe = {
    ...ruleMade,
    title: 'Fewer than half the miners wear protective equipment',
    ruleCode: 'R-PPE',
    ruleFinding: {
      ...ruleMade.ruleFinding,
      indicator: 'ppeSharePct' as const,
      operator: '<' as const,
      threshold: 50,
      value: 37.5,
    },
  };
  assert.equal(
    incidentText(ppe, 'fr').description,
    'Visite du 30 nov. 2026 à KZI-004 : part équipée d’EPI (%) < 50 (valeur relevée : 37,5).',
  );
  const armed = {
    ...ruleMade,
    title: 'Armed people present on site',
    ruleCode: 'R-ARMED',
    ruleFinding: {
      ...ruleMade.ruleFinding,
      indicator: 'armedPeoplePresent' as const,
      operator: 'is_true' as const,
      value: true,
    },
  };
  assert.deepEqual(incidentText(armed, 'sw'), {
    title: 'Watu wenye silaha wapo eneo la kazi',
    description: 'Ziara ya 30 Nov 2026 katika KZI-004: watu wenye silaha wapo imeripotiwa.',
  });
});

test('a person’s words, a renamed rule and an incident recorded before findings were kept stay as written', () => {
  const byPerson = {
    ...ruleMade,
    source: 'monitor' as const,
    ruleCode: null,
    ruleFinding: null,
    title: 'Éboulement',
  };
  assert.deepEqual(incidentText(byPerson, 'en'), { title: 'Éboulement', description: ruleMade.description });
  const renamed = { ...ruleMade, title: 'Mineurs sur le site (règle locale)' };
  assert.equal(incidentText(renamed, 'fr').title, 'Mineurs sur le site (règle locale)');
  const older = { ...ruleMade, ruleFinding: null };
  assert.deepEqual(incidentText(older, 'fr'), {
    title: 'Enfants vus sur le site',
    description: ruleMade.description,
  });
});

test('every shipped rule has its title in French, English and Swahili', () => {
  for (const lng of ['fr', 'en', 'sw'] as const) {
    const t = testI18n(lng);
    for (const r of DEFAULT_RULES)
      assert.ok(t.exists(`incidents:rule.title.${r.code}`, { fallbackLng: [] }), `${lng} ${r.code}`);
  }
});
