import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Principal } from '../access/roles.ts';
import { canReadMinerCards, canRegisterMinerCard, firstAdultDay, isAdultByBirthYear } from './miner-cards.ts';

const coop = '0190a000-0000-7000-8000-000000000001';
const other = '0190a000-0000-7000-8000-000000000002';
const as = (role: Principal['role'], organisationId = coop): Principal => ({
  userId: 'u',
  email: 'u@example.org',
  organisationId,
  role,
  via: 'session',
});

describe("miners' cards", () => {
  test('a birth year shows adulthood only from the year the holder turns 19', () => {
    assert.equal(isAdultByBirthYear(2007, '2026-12-31'), true);
    assert.equal(isAdultByBirthYear(2008, '2026-12-31'), false);
    assert.equal(isAdultByBirthYear(2010, '2026-06-01'), false);
    assert.equal(firstAdultDay(2008), '2027-01-01');
  });

  test("a cooperative reads its own cards, the programme every cooperative's, nobody else any", () => {
    assert.equal(canReadMinerCards(as('cooperative_manager'), coop), true);
    assert.equal(canReadMinerCards(as('cooperative_manager', other), coop), false);
    assert.equal(canReadMinerCards(as('analyst', other), coop), true);
    for (const role of ['regulator', 'buyer', 'downstream', 'monitor', 'auditor'] as const)
      assert.equal(canReadMinerCards(as(role, other), coop), false, role);
    assert.equal(canRegisterMinerCard(as('cooperative_manager'), coop), true);
    assert.equal(canRegisterMinerCard(as('admin', other), coop), true);
    assert.equal(canRegisterMinerCard(as('cooperative_manager', other), coop), false);
  });
});
