import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeStatus } from '../../src/domain/assessments/site-status.ts';
import { type StatusReason, statusReasonText } from './status-reason.ts';

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

test('says why a site is red in French', () => {
  assert.equal(
    statusReasonText('red', '2026-03-02', red, 'fr'),
    'rouge depuis le 2026-03-02 : exigence CL-01 « Aucune personne de moins de 18 ans ne travaille sur le site » non respectée dans l’évaluation A-123 ; suspendu au moins jusqu’au 2026-09-02',
  );
});

test('says it in English exactly as the server does, for every kind of reason', () => {
  const reasons: [string, StatusReason][] = [
    ['red', red],
    ['blue', { kind: 'registered' }],
    [
      'green',
      { kind: 'assessment', assessment: 'A-9', status: 'green', requirements: [], until: '2027-03-02' },
    ],
    [
      'yellow',
      {
        ...red,
        status: 'yellow',
        requirements: [
          ...red.requirements,
          { ...red.requirements[0], code: 'PPE-01', rating: 'partially_met' },
        ],
      } as StatusReason,
    ],
    ['red', { kind: 'red_minimum', assessment: 'A-2', shows: 'green', until: '2026-09-02' }],
    ['blue', { kind: 'green_lapsed', validUntil: '2027-03-02' }],
    ['red', { kind: 'yellow_overdue', deadline: '2026-06-02' }],
    ['red', { kind: 'blue_too_long', blueSince: '2023-01-01' }],
    ['green', { kind: 'red_minimum_over', assessment: 'A-2' }],
  ];
  for (const [status, reason] of reasons) {
    // The server's and the web's reason types are the same shape, declared on each side.
    const serverReason = reason as unknown as Parameters<typeof describeStatus>[2];
    assert.equal(
      statusReasonText(status, '2026-03-02', reason, 'en'),
      describeStatus(status as 'red', '2026-03-02', serverReason),
    );
  }
});
