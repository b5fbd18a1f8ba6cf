import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { isoDate, isoDateTime } from '../views.ts';
import { exportColumns } from './columns.ts';

test("a list's columns follow its item schema: typed leaves, small records spread, lists joined, the rest as JSON", () => {
  const item = z.object({
    id: z.uuid(),
    massKg: z.number().nullable(),
    createdAt: isoDateTime,
    effectiveOn: isoDate,
    consumed: z.boolean(),
    site: z.object({ id: z.uuid(), code: z.string() }).nullable(),
    cooperatives: z.array(z.object({ id: z.uuid(), name: z.string() })),
    minerals: z.array(z.enum(['cobalt', 'copper'])),
    geometry: z.object({ type: z.literal('Point'), coordinates: z.array(z.number()) }),
    contact: z.object({ phone: z.string() }).optional().meta({ export: false }),
  });
  assert.deepEqual(
    exportColumns(item).map((c) => [c.key, c.kind, c.listField]),
    [
      ['id', 'text', undefined],
      ['massKg', 'number', undefined],
      ['createdAt', 'instant', undefined],
      ['effectiveOn', 'day', undefined],
      ['consumed', 'boolean', undefined],
      ['site.id', 'text', undefined],
      ['site.code', 'text', undefined],
      ['cooperatives', 'list', 'name'],
      ['minerals', 'list', undefined],
      ['geometry', 'json', undefined],
    ],
  );
});
