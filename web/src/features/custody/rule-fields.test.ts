import assert from 'node:assert/strict';
import { test } from 'node:test';
import { custodyField } from './rule-fields.ts';

test('a refused hand-over goes by the receiver, whichever rule about it was broken', () => {
  assert.deepEqual(
    [
      'receiver_not_verified',
      'receiver_unlicensed',
      'receiver_sanctioned',
      'sold_outside_monopoly',
      'supplier_volume_implausible',
    ].map((p) => custodyField(p)),
    Array(5).fill('toOrganisationId'),
  );
});

test('the mass balance goes by the balance, holding by the lots field the form has', () => {
  assert.equal(custodyField('mass_not_conserved'), 'balance');
  assert.equal(custodyField('stock_exceeded'), 'lotIds');
  assert.equal(custodyField('stock_exceeded', 'inputLotIds'), 'inputLotIds');
});

test('a tagging’s refusals go by the tag, the mass and the site; body paths stay as they are', () => {
  assert.equal(custodyField('tag_reused'), 'tag');
  assert.equal(custodyField('site_volume_implausible'), 'massKg');
  assert.equal(custodyField('cooperativeId'), 'siteId');
  assert.equal(custodyField('outputs.1.tag'), 'outputs.1.tag');
  assert.equal(custodyField('transaction.ref'), 'transaction.ref');
});
