import assert from 'node:assert/strict';
import { test } from 'node:test';
import { placeErrors } from './form-errors.ts';

test('puts each error by the field it names, inner paths included, and keeps the others', () => {
  const placed = placeErrors(
    {
      type: 'validation',
      title: 'some fields are invalid',
      status: 400,
      errors: [
        { path: 'registrationNumbers.0.number', message: 'not a valid RCCM number' },
        { path: 'registrationNumbers.0.number', message: 'second message' },
        { path: 'geometry.coordinates.1', message: 'latitude must be between -90 and 90' },
        { path: 'contact.email', message: 'invalid email' },
      ],
    },
    ['registrationNumbers.0.number', 'geometry', 'legalName'],
  );
  assert.deepEqual(placed, {
    byField: {
      'registrationNumbers.0.number': 'not a valid RCCM number',
      geometry: 'latitude must be between -90 and 90',
    },
    elsewhere: ['contact.email: invalid email'],
  });
});

test('a problem without field errors is said in full', () => {
  assert.deepEqual(
    placeErrors({ type: 'conflict', title: 'Conflict', status: 409, detail: 'this RCCM number is taken' }, [
      'x',
    ]),
    { byField: {}, elsewhere: ['this RCCM number is taken'] },
  );
});
