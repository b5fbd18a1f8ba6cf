import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeCursor } from '../storage/queries/page.ts';
import { cursorKey, sortedCursorKey } from './cursor.ts';
import { ServiceError } from './errors.ts';

const ID = '01960000-0000-7000-8000-0000000000a1';
const refused = (f: () => unknown) =>
  assert.throws(
    f,
    (e) => e instanceof ServiceError && e.kind === 'invalid' && e.errors[0]?.path === 'cursor',
  );

test('a cursor gives back its key when each part is what the list made', () => {
  assert.equal(cursorKey(undefined, ['uuid']), undefined);
  assert.deepEqual(cursorKey(encodeCursor(['2026-04-01 08:00:00.123456+00', ID]), ['instant', 'uuid']), [
    '2026-04-01 08:00:00.123456+00',
    ID,
  ]);
  assert.deepEqual(
    cursorKey(encodeCursor(['2026-02-28T23:59:59.5Z', 3, '12.5', '2028-02-29']), [
      'instant',
      'int',
      'numeric',
      'day',
    ]),
    ['2026-02-28T23:59:59.5Z', 3, '12.5', '2028-02-29'],
  );
  assert.deepEqual(
    sortedCursorKey(encodeCursor(['-due', '2026-04-08 08:00:00+00', ID]), '-due', 'instant', 'uuid'),
    ['2026-04-08 08:00:00+00', ID],
  );
});

test('a cursor whose parts the database could not read is refused as not issued by the list', () => {
  for (const [key, parts] of [
    [
      ['x', 'not-an-id'],
      ['text', 'uuid'],
    ],
    [
      ['2026-02-31T00:00:00Z', ID],
      ['instant', 'uuid'],
    ],
    [
      ['0000-01-01T00:00:00Z', ID],
      ['instant', 'uuid'],
    ],
    [
      ['2026-04-01T24:00:00Z', ID],
      ['instant', 'uuid'],
    ],
    [
      ['2026-04-01', ID],
      ['instant', 'uuid'],
    ],
    [
      ['2027-02-29', ID],
      ['day', 'uuid'],
    ],
    [
      [2 ** 31, 'a'],
      ['int', 'text'],
    ],
    [
      ['1.5', 'a'],
      ['int', 'text'],
    ],
    [
      ['1e400', ID],
      ['numeric', 'uuid'],
    ],
    [
      [null, ID],
      ['text', 'uuid'],
    ],
    [['a'], ['text', 'uuid']],
  ] as const)
    refused(() => cursorKey(encodeCursor([...key]), parts));
  refused(() => cursorKey('%%%', ['text']));
  refused(() => sortedCursorKey(encodeCursor(['name', 'a', 'b']), 'code'));
});
