import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { useTestI18n } from '../i18n/testing.ts';
import { placeErrors } from './form-errors.ts';

before(() => useTestI18n('fr'));

test('puts each error by the field it names, inner paths included, in the reader’s language, and keeps the others', () => {
  const placed = placeErrors(
    {
      type: '/api/problems#invalid-input',
      title: 'Some fields of the request are invalid',
      status: 400,
      code: 'common.invalid-input',
      errors: [
        {
          path: 'registrationNumbers.0.number',
          message: 'Too big',
          code: 'common.field.too-long',
          params: { limit: 40 },
        },
        { path: 'registrationNumbers.0.number', message: 'second message', code: 'common.field.required' },
        {
          path: 'geometry.coordinates.1',
          message: 'Invalid input',
          code: 'common.field.too-big',
          params: { limit: 90 },
        },
        {
          path: 'contact.email',
          message: 'invalid email',
          code: 'common.field.format',
          params: { format: 'email' },
        },
        { path: 'legalName', message: 'a sentence with no code' },
      ],
    },
    ['registrationNumbers.0.number', 'geometry', 'legalName'],
  );
  assert.deepEqual(placed, {
    byField: {
      'registrationNumbers.0.number': '40 caractères au plus',
      geometry: '90 au plus',
      legalName: 'valeur refusée',
    },
    elsewhere: ['contact.email : format invalide (email)'],
  });
});

test('a problem without field errors is said from its code, never from its English detail', () => {
  assert.deepEqual(
    placeErrors(
      {
        type: '/api/problems#stale-update',
        title: 'Someone else changed this record first',
        status: 409,
        detail: 'this site was changed by someone else (now at version 3); reload and try again',
        code: 'common.stale',
        params: { record: 'site', version: 3 },
      },
      ['x'],
    ),
    {
      byField: {},
      elsewhere: [
        'Quelqu’un d’autre a modifié cet enregistrement (site, version 3) : rechargez la page et recommencez.'.replace(
          /’/g,
          "'",
        ),
      ],
    },
  );
});

test('a code no catalogue has falls back to its problem type, then to the status', () => {
  assert.deepEqual(
    placeErrors(
      {
        type: '/api/problems#conflict',
        title: 'Conflict',
        status: 409,
        detail: 'English',
        code: 'nowhere.x',
      },
      [],
    ).elsewhere,
    ['Cela contredit ce qui est déjà enregistré.'],
  );
  assert.deepEqual(
    placeErrors({ type: 'about:blank', title: 'Bad Gateway', status: 502, code: 'common.nothing' }, [])
      .elsewhere,
    ['La demande a échoué (HTTP 502).'],
  );
});
