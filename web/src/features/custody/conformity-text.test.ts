import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { useTestI18n } from '../../i18n/testing.ts';
import { type ConformityCause, conformityText, shareText } from './conformity-text.ts';

before(() => useTestI18n('fr'));

const verified: ConformityCause = {
  kind: 'incident',
  incident: 'INC-7',
  site: 'KZI-001',
  observedAt: '2026-05-03T08:00:00.000Z',
  change: 'verified',
  at: '2026-05-09T10:00:00.000Z',
};

test('a change of conformity reads in the reader’s language from its data, shares in its number format', () => {
  assert.equal(
    conformityText(0, 1, verified, 'fr'),
    'devenu non conforme le 2026-05-09 car INC-7, observé le 2026-05-03, a été vérifié le 2026-05-09',
  );
  assert.equal(
    conformityText(0, 1, verified, 'en'),
    'became non-conforming on 2026-05-09 because INC-7, observed 2026-05-03, was verified on 2026-05-09',
  );
  assert.equal(
    conformityText(0.5, 0, { ...verified, change: 'unsubstantiated' }, 'fr'),
    'redevenu conforme le 2026-05-09 car INC-7, observé le 2026-05-03, a été jugé non fondé le 2026-05-09',
  );
  assert.equal(
    conformityText(
      0.2,
      0.25,
      {
        kind: 'status',
        site: 'KZI-003',
        status: 'red',
        effective: '2026-09-02T00:00:00Z',
        at: '2026-09-05T01:00:00Z',
      },
      'fr',
    ),
    `part non conforme passée de ${shareText(0.2, 'fr')} à ${shareText(0.25, 'fr')} le 2026-09-05 car le site KZI-003 est rouge à partir du 2026-09-02 (enregistré le 2026-09-05)`,
  );
  assert.equal(
    conformityText(0, 0.375, { ...verified, observedAtCorrected: true }, 'fr'),
    `devenu non conforme pour ${shareText(0.375, 'fr')} de son cobalt le 2026-05-09 car INC-7, commencé le 2026-05-03 selon la vérification, a été vérifié le 2026-05-09`,
  );
  assert.equal(
    conformityText(0, 0.375, verified, 'sw'),
    `likawa halikubaliki kwa ${shareText(0.375, 'sw')} ya kobalti yake tarehe 2026-05-09 kwa sababu INC-7, lilionekana 2026-05-03, lilithibitishwa tarehe 2026-05-09`,
  );
  assert.equal(shareText(0.375, 'fr').replace(/\s/g, ' '), '37,5 %');
  assert.equal(shareText(0.375, 'en'), '37.5%');
});
