import assert from 'node:assert/strict';
import { test } from 'node:test';
import { passwordLinkMail } from './password-mail.ts';

test('an invitation says who opened the account, the link and how long it lasts, in the reader’s language', () => {
  const mail = passwordLinkMail('invitation', 'en', {
    name: 'Neema',
    email: 'neema@example.org',
    link: 'https://amana.example/set-password#t',
    by: 'Admin',
  });
  assert.equal(mail.subject, 'Your Amana account');
  assert.match(mail.text, /^Hello Neema,\n\nAdmin opened an Amana account for you \(neema@example\.org\)/);
  assert.match(mail.text, /valid for 72 hours:\n\nhttps:\/\/amana\.example\/set-password#t\n/);
});

test('a reset in an unknown language is written in French, valid two hours', () => {
  const mail = passwordLinkMail('reset', 'de', { name: 'Jean', email: 'j@example.org', link: 'L' });
  assert.equal(mail.subject, 'Réinitialiser votre mot de passe Amana');
  assert.match(mail.text, /valable 2 heures :\n\nL\n/);
});
