import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkRegistrationNumber, normaliseRegistrationNumber } from './registration.ts';

test('accepts a well-formed RCCM number whatever its case and spacing', () => {
  assert.equal(checkRegistrationNumber('rccm', ' cd/kzi/rccm/19-b-00123 '), null);
  assert.equal(normaliseRegistrationNumber(' cd/kzi/rccm/19-b-00123 '), 'CD/KZI/RCCM/19-B-00123');
});

test('rejects an RCCM number without its registry office and says the expected form', () => {
  assert.deepEqual(checkRegistrationNumber('rccm', '19-B-00123'), {
    message: 'not a valid RCCM number; expected the form CD/KZI/RCCM/19-B-00123',
    code: 'actors.registration-format',
    params: { scheme: 'RCCM', example: 'CD/KZI/RCCM/19-B-00123' },
  });
});

test('checks national identification and tax numbers against their own forms', () => {
  assert.equal(checkRegistrationNumber('id_nat', '05-H4901-N12345X'), null);
  assert.notEqual(checkRegistrationNumber('id_nat', 'N12345'), null);
  assert.equal(checkRegistrationNumber('nif', 'A1234567B'), null);
  assert.notEqual(checkRegistrationNumber('nif', '1234567'), null);
});

test('accepts other schemes with letters, digits and separators only', () => {
  assert.equal(checkRegistrationNumber('other', 'ZA-2019/012345'), null);
  assert.notEqual(checkRegistrationNumber('other', '<script>'), null);
  assert.notEqual(checkRegistrationNumber('other', ''), null);
});
