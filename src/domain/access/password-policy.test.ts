import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPassword, identityPieces } from './password-policy.ts';

const grace = { name: 'Grace Mbuyi', email: 'analyst@demo.amana.test' };
const COMMON =
  'this password is among the most common or too easy to guess; a few unrelated words make a strong one';

test('the demo password and a few unrelated words pass', () => {
  assert.equal(checkPassword('amana-demo-2026', grace)?.message ?? null, null);
  assert.equal(
    checkPassword('correct horse battery', { name: 'Deux Casquettes', email: 'two@x.test' })?.message ?? null,
    null,
  );
});

test('refuses the commonest passwords and their usual variants', () => {
  for (const common of [
    'password123',
    'Password123!',
    'P@ssw0rd2026',
    '1234567890',
    'azertyuiop',
    'motdepasse1',
  ])
    assert.equal(checkPassword(common, grace)?.message ?? null, COMMON, common);
});

test("refuses a password holding the user's own name or e-mail local part, whatever the case or accents", () => {
  assert.equal(
    checkPassword('Mbuyi-Kolwezi-2026', grace)?.message ?? null,
    `a password may not contain the user's own name or e-mail ("mbuyi")`,
  );
  assert.equal(
    checkPassword('my-analyst-pass-77', grace)?.message ?? null,
    `a password may not contain the user's own name or e-mail ("analyst")`,
  );
  assert.equal(
    checkPassword('ESPERANCE-du-puits-9', { name: 'Espérance Ilunga', email: 'monitor@demo.amana.test' })
      ?.message ?? null,
    `a password may not contain the user's own name or e-mail ("esperance")`,
  );
});

test('keeps the length rules', () => {
  assert.equal(checkPassword('short')?.message ?? null, 'a password needs at least 10 characters');
  assert.deepEqual(checkPassword('short'), {
    message: 'a password needs at least 10 characters',
    code: 'access.password-too-short',
    params: { min: 10 },
  });
  assert.equal(checkPassword('x'.repeat(201))?.message ?? null, 'a password has at most 200 characters');
});

test('identity pieces are the words of the name and the e-mail local part, 3 characters or more', () => {
  assert.deepEqual(identityPieces({ name: 'Jean-Marie Mukendi', email: 'jm.mukendi@coop.test' }), [
    'jean',
    'marie',
    'mukendi',
    'jm.mukendi',
  ]);
});

test('a long password is judged on its first characters, so a long guessable start is refused', () => {
  assert.equal(
    checkPassword(`${'password'.repeat(5)}-Zq8!lanterne-kolwezi-puits`)?.message ?? null,
    'this password is among the most common or too easy to guess; a few unrelated words make a strong one',
  );
  assert.equal(checkPassword(`lanterne-kolwezi-puits-${'Zq8!'.repeat(40)}`)?.message ?? null, null);
});
