import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeStatus, type StatusReason } from '../../../../src/domain/assessments/site-status.ts';
import type { SiteStatus } from '../../../../src/domain/sites/site.ts';
import { testI18n } from '../../i18n/testing.ts';
import { statusReasonText as render } from './status-reason.ts';

const say = (lng: 'fr' | 'en' | 'sw') => {
  const t = testI18n(lng).getFixedT(lng, 'sites');
  return (status: SiteStatus, since: string, reason: StatusReason) => render(t, lng, status, since, reason);
};

const red: StatusReason = {
  kind: 'assessment',
  assessment: 'A-123',
  status: 'red',
  requirements: [
    {
      code: 'CL-01',
      textEn: 'No person under 18 working on site',
      textFr: 'Aucune personne de moins de 18 ans ne travaille sur le site',
      rating: 'not_met',
    },
  ],
  until: '2026-09-02',
};

const CASES: [SiteStatus, StatusReason][] = [
  ['blue', { kind: 'registered' }],
  ['red', red],
  ['yellow', { ...red, status: 'yellow', requirements: [red.requirements[0], red.requirements[0]] }],
  [
    'green',
    { kind: 'assessment', assessment: 'A-9', status: 'green', requirements: [], until: '2027-03-02' },
  ],
  ['red', { kind: 'red_minimum', assessment: 'A-2', shows: 'green', until: '2026-09-02' }],
  ['blue', { kind: 'green_lapsed', validUntil: '2027-03-02' }],
  ['red', { kind: 'yellow_overdue', deadline: '2026-06-02' }],
  ['red', { kind: 'blue_too_long', blueSince: '2023-01-01' }],
  ['green', { kind: 'red_minimum_over', assessment: 'A-2' }],
  ['red', { kind: 'suspended', incident: 'INC-4', title: 'Fatal accident on site' }],
  ['yellow', { kind: 'suspension_lifted', incident: 'INC-4' }],
];

test('says why a site is red in French', () => {
  assert.equal(
    say('fr')('red', '2026-03-02', red),
    'rouge depuis le 2026-03-02 : exigence CL-01 « Aucune personne de moins de 18 ans ne travaille sur le site » non respectée dans l’évaluation A-123 ; suspendu au moins jusqu’au 2026-09-02',
  );
});

test('says it in English in the server’s own words', () => {
  assert.equal(
    say('en')('red', '2026-03-02', red),
    "red since 2026-03-02: requirement CL-01 'No person under 18 working on site' not met in assessment A-123; suspended at least until 2026-09-02",
  );
});

test('has a French sentence for every kind of reason', () => {
  const cases: [SiteStatus, StatusReason, string][] = [
    ['blue', { kind: 'registered' }, 'bleu depuis le 2026-03-02 : enregistré, pas encore évalué'],
    [
      'yellow',
      {
        ...red,
        status: 'yellow',
        requirements: [
          { ...red.requirements[0], code: 'PPE-01', rating: 'partially_met' },
          red.requirements[0],
        ],
      },
      'jaune depuis le 2026-03-02 : exigences PPE-01 « Aucune personne de moins de 18 ans ne travaille sur le site » partiellement respectée, CL-01 « Aucune personne de moins de 18 ans ne travaille sur le site » non respectée dans l’évaluation A-123 ; à corriger avant le 2026-09-02',
    ],
    [
      'green',
      { kind: 'assessment', assessment: 'A-9', status: 'green', requirements: [], until: '2027-03-02' },
      'vert depuis le 2026-03-02 : toutes les exigences critiques et majeures respectées dans l’évaluation A-9 ; valable jusqu’au 2027-03-02',
    ],
    [
      'red',
      { kind: 'red_minimum', assessment: 'A-2', shows: 'green', until: '2026-09-02' },
      'rouge depuis le 2026-03-02 : l’évaluation A-2 conclut au vert, appliqué à la fin de la suspension minimale le 2026-09-02',
    ],
    [
      'blue',
      { kind: 'green_lapsed', validUntil: '2027-03-02' },
      'bleu depuis le 2026-03-02 : l’évaluation verte a expiré le 2027-03-02 après 12 mois',
    ],
    [
      'red',
      { kind: 'yellow_overdue', deadline: '2026-06-02' },
      'rouge depuis le 2026-03-02 : le délai de correction du 2026-06-02 est passé sans réévaluation approuvée',
    ],
    [
      'red',
      { kind: 'blue_too_long', blueSince: '2023-01-01' },
      'rouge depuis le 2026-03-02 : non évalué depuis plus de 36 mois (bleu depuis le 2023-01-01)',
    ],
    [
      'green',
      { kind: 'red_minimum_over', assessment: 'A-2' },
      'vert depuis le 2026-03-02 : fin de la suspension minimale ; l’évaluation A-2 s’applique',
    ],
  ];
  for (const [status, reason, expected] of cases)
    assert.equal(say('fr')(status, '2026-03-02', reason), expected);
});

test('the English catalogue says every kind of reason in the domain’s own words', () => {
  for (const [status, reason] of CASES)
    assert.equal(say('en')(status, '2026-03-02', reason), describeStatus(status, '2026-03-02', reason));
});

test('Swahili says why in Swahili, with the requirement in English', () => {
  assert.equal(
    say('sw')('red', '2026-03-02', red),
    "nyekundu tangu 2026-03-02: takwa CL-01 'No person under 18 working on site' haijatimizwa katika tathmini A-123; limesimamishwa angalau hadi 2026-09-02",
  );
});
