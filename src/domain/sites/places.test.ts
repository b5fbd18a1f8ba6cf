import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Place, placesInView } from './places.ts';

const town = (name: string, lon: number, lat: number): Place => ({ name, lon, lat });
const katanga = [
  town('Kolwezi', 25.47, -10.71),
  town('Likasi', 26.73, -10.98),
  town('Lubumbashi', 27.48, -11.66),
  town('Kinshasa', 15.31, -4.33),
];

test('the places inside the view, and none outside it', () => {
  assert.deepEqual(placesInView(katanga, [25, -12, 28, -10]), {
    places: katanga.slice(0, 3),
    truncated: false,
  });
  assert.deepEqual(placesInView(katanga, [10, -5, 16, -4]).places, [katanga[3]]);
  assert.deepEqual(placesInView(katanga, [0, 0, 1, 1]), { places: [], truncated: false });
});

test('a view across the antimeridian wraps', () => {
  const pacific = [
    town('Suva', 178.44, -18.14),
    town('Apia', -171.76, -13.83),
    town('Nouméa', 166.45, -22.27),
  ];
  assert.deepEqual(
    placesInView(pacific, [170, -25, -170, -10]).places.map((p) => p.name),
    ['Suva', 'Apia'],
  );
});

test('beyond the limit, places are taken across the whole view, not from one corner', () => {
  // Forty towns crowded in the west of the view and two alone in the east.
  const crowded = Array.from({ length: 40 }, (_, i) => town(`W${i}`, 25 + i * 0.001, -11));
  const all = [...crowded, town('E1', 27.9, -10.2), town('E2', 27.8, -11.9)];
  const { places, truncated } = placesInView(all, [25, -12, 28, -10], 9);
  assert.equal(truncated, true);
  assert.equal(places.length, 9);
  assert.ok(places.some((p) => p.name === 'E1'));
  assert.ok(places.some((p) => p.name === 'E2'));
});
