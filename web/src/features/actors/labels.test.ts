import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testI18n } from '../../i18n/testing.ts';
import { type RedFlag, redFlagText } from './labels.ts';

const t = (lng: 'fr' | 'en') => testI18n(lng).getFixedT(lng, 'actors');

test('renders each red flag in French and English from its facts', () => {
  const expired: RedFlag = {
    code: 'licence_expired',
    message: 'licence AGR-1 (cooperative_approval) expired on 2026-03-31',
    licenceNumber: 'AGR-1',
    licenceType: 'cooperative_approval',
    date: '2026-03-31',
  };
  assert.equal(redFlagText(t('fr'), expired), 'agrément de coopérative AGR-1 expiré(e) le 2026-03-31');
  assert.equal(redFlagText(t('en'), expired), 'cooperative approval AGR-1 expired on 2026-03-31');
  const { licenceNumber: _, ...withoutNumber } = expired;
  assert.equal(redFlagText(t('fr'), withoutNumber), 'agrément de coopérative expiré(e) le 2026-03-31');
  assert.equal(redFlagText(t('en'), withoutNumber), 'cooperative approval expired on 2026-03-31');
  const zone: RedFlag = { code: 'licence_outside_zone', message: '', zone: 'ZEA-LUA-03' };
  assert.equal(
    redFlagText(t('fr'), zone),
    'opère dans la zone ZEA-LUA-03 sans licence valide pour cette zone',
  );
  const outside: RedFlag = { code: 'site_outside_zone', message: '', siteCode: 'KZI-007' };
  assert.equal(
    redFlagText(t('fr'), outside),
    'exploite le site KZI-007, situé hors de toute zone d’exploitation artisanale ou zone réservée à l’artisanat',
  );
  assert.equal(
    redFlagText(t('en'), outside),
    'operates site KZI-007, which lies in no artisanal zone or area set aside for artisanal mining',
  );
  assert.equal(redFlagText(t('fr'), { code: 'kyc_rejected', message: '' }), 'KYC rejeté');
  assert.equal(
    redFlagText(t('fr'), { code: 'possible_minor', message: '', birthYear: 2011 }),
    'né(e) en 2011 : peut-être mineur(e)',
  );
});

test("falls back to the server's sentence for a flag it does not know, and keeps an unknown licence type's code", () => {
  const unknown = JSON.parse('{"code":"volume_anomaly","message":"ships more than its sources supply"}');
  assert.equal(redFlagText(t('fr'), unknown), 'ships more than its sources supply');
  assert.equal(
    redFlagText(t('en'), {
      code: 'licence_expired',
      message: '',
      licenceNumber: 'X-1',
      licenceType: 'smelter_permit',
      date: '2026-01-01',
    }),
    'smelter_permit X-1 expired on 2026-01-01',
  );
});

test('names roles in the reader’s language', () => {
  assert.equal(t('fr')('chainRole.trader'), 'négociant');
  assert.equal(testI18n('fr').t('userRole.cooperative_manager'), 'gestionnaire de coopérative');
  assert.equal(testI18n('sw').t('userRole.monitor'), 'mfuatiliaji wa eneo');
});

test('says a confirmed sanctions hit with the path from the listed person, the shares in the reader’s number format', () => {
  const flag = {
    code: 'sanctions_hit' as const,
    message: '',
    relation: 'owns' as const,
    listName: 'UN list',
    reference: 'CDi.035',
    path: [
      {
        kind: 'person' as const,
        id: 'p',
        name: 'KIUNGU MUTANGA Gedeon',
        link: { kind: 'member' as const, percent: null },
      },
      {
        kind: 'organisation' as const,
        id: 'x',
        name: 'Tanganyika SARL',
        link: { kind: 'owned_by' as const, percent: 70.5 },
      },
      { kind: 'organisation' as const, id: 'y', name: 'Groupe Lomami SA', link: null },
    ],
  };
  assert.equal(
    redFlagText(t('fr'), flag),
    'détient une organisation concernée par la liste UN list (CDi.035) : KIUNGU MUTANGA Gedeon (membre de) → Tanganyika SARL (détenue à 70,5 % par) → Groupe Lomami SA',
  );
  assert.equal(
    redFlagText(t('en'), { ...flag, relation: 'person', path: flag.path.slice(0, 2) }),
    'a person of the organisation is on UN list (CDi.035): KIUNGU MUTANGA Gedeon (member of) → Tanganyika SARL (70.5 % owned by)',
  );
});
