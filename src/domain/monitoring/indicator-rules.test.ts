import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkIndicators,
  DEFAULT_RULES,
  findingText,
  ruleFinding,
  triggeredRules,
} from './indicator-rules.ts';

const codes = (indicators: Parameters<typeof triggeredRules>[0]) =>
  triggeredRules(indicators, DEFAULT_RULES).map((r) => `${r.code}:${r.level}`);

test('a quiet visit triggers nothing', () => {
  assert.deepEqual(
    codes({
      headCount: 80,
      childrenSeen: 0,
      pregnantWomenSeen: 0,
      ppeSharePct: 50,
      armedPeoplePresent: false,
      fatalities: 0,
    }),
    [],
  );
});

test('each default rule fires on its own threshold', () => {
  assert.deepEqual(codes({ childrenSeen: 1 }), ['R-CHILD:1']);
  assert.deepEqual(codes({ armedPeoplePresent: true }), ['R-ARMED:1']);
  assert.deepEqual(codes({ pregnantWomenSeen: 2 }), ['R-PREGNANT:2']);
  assert.deepEqual(codes({ ppeSharePct: 49.9 }), ['R-PPE:3']);
  assert.deepEqual(codes({ fatalities: 1, accidents: 1 }), ['R-FATAL:1']);
});

test('several rules fire together, most serious first; disabled rules never fire', () => {
  assert.deepEqual(codes({ ppeSharePct: 10, pregnantWomenSeen: 1, childrenSeen: 3 }), [
    'R-CHILD:1',
    'R-PREGNANT:2',
    'R-PPE:3',
  ]);
  const rules = DEFAULT_RULES.map((r) => (r.code === 'R-CHILD' ? { ...r, enabled: false } : r));
  assert.deepEqual(triggeredRules({ childrenSeen: 3 }, rules), []);
});

test('an indicator not recorded triggers nothing', () => {
  assert.deepEqual(codes({ headCount: 10 }), []);
});

test('refuses counts no one could have seen', () => {
  assert.deepEqual(checkIndicators({ headCount: 5, childrenSeen: 6, fatalities: 1, accidents: 0 }), [
    {
      path: 'indicators.childrenSeen',
      message: 'cannot exceed the head-count (5)',
      code: 'monitoring.above-head-count',
      params: { headCount: 5 },
    },
    {
      path: 'indicators.accidents',
      message: 'injuries or deaths were reported, so there was at least one accident',
      code: 'monitoring.accident-missing',
    },
  ]);
  assert.deepEqual(checkIndicators({ headCount: 5, childrenSeen: 1, fatalities: 1, accidents: 1 }), []);
});

test('a rule that fired keeps what it found, and says it in the record’s own words', () => {
  const [child] = triggeredRules({ childrenSeen: 3, headCount: 40 }, DEFAULT_RULES);
  const finding = ruleFinding(child, { childrenSeen: 3 }, new Date('2026-11-30T09:15:00Z'), 'KZI-004');
  assert.deepEqual(finding, {
    indicator: 'childrenSeen',
    operator: '>',
    threshold: 0,
    value: 3,
    visitedAt: '2026-11-30T09:15:00.000Z',
    siteCode: 'KZI-004',
  });
  assert.equal(findingText(finding), 'Visit of 2026-11-30 at KZI-004: childrenSeen > 0 (value 3).');
  const [armed] = triggeredRules({ armedPeoplePresent: true }, DEFAULT_RULES);
  assert.equal(
    findingText(
      ruleFinding(armed, { armedPeoplePresent: true }, new Date('2026-11-30T09:15:00Z'), 'KZI-007'),
    ),
    'Visit of 2026-11-30 at KZI-007: armedPeoplePresent reported (value true).',
  );
});
