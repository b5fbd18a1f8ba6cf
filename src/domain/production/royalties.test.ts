import assert from 'node:assert/strict';
import { test } from 'node:test';
import { impliedRoyalty, royaltyLine } from './royalties.ts';

test('the royalty implied is kg of contained cobalt × the rate per tonne, rounded half up once', () => {
  // 54.1 kg at 1,600.00 a tonne: 86.56.
  assert.equal(impliedRoyalty('54.1', 160_000), 8_656);
  // 0.005 kg at 1,000.00 a tonne is half a cent: rounded up.
  assert.equal(impliedRoyalty('0.005', 100_000), 1);
  assert.equal(impliedRoyalty('0.004', 100_000), 0);
  assert.equal(impliedRoyalty('31.486', 160_000), 5_038);
  // Σ mass × grade / 100 as the database gives it: 8 places, exactly.
  assert.equal(impliedRoyalty('30.82460000', 160_000), 4_932);
  assert.equal(impliedRoyalty('0.00312500', 160_000), 1);
});

test('the gap is what was not declared; nothing declared leaves the whole implied amount', () => {
  assert.deepEqual(royaltyLine(8_656, 8_000), { impliedMinor: 8_656, declaredMinor: 8_000, gapMinor: 656 });
  assert.deepEqual(royaltyLine(8_656, null), { impliedMinor: 8_656, declaredMinor: null, gapMinor: 8_656 });
  assert.deepEqual(royaltyLine(100, 150), { impliedMinor: 100, declaredMinor: 150, gapMinor: -50 });
});
