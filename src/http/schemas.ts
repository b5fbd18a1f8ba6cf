import { z } from 'zod';

/** Schemas shared by every area's routes. */
export const idParams = z.object({ id: z.uuid() });

/** A yes-or-no query parameter, written `true` or `false`; absent means the filter is not applied. */
export const queryFlag = () =>
  z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional();

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Items per page (1–200)'),
  cursor: z.string().max(2048).optional().describe('The nextCursor of the previous page'),
};

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null at the end'),
  });

const problemParams = z
  .record(z.string(), z.union([z.string(), z.number()]))
  .describe("Values the code's sentence names");

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z
      .string()
      .describe('What went wrong, stable: `<area>.<what>`; translate it rather than show detail'),
    params: problemParams.optional(),
    errors: z
      .array(
        z.object({
          path: z.string(),
          message: z.string(),
          code: z.string().optional(),
          params: problemParams.optional(),
        }),
      )
      .optional(),
  })
  .describe('RFC 9457 problem document');

/** Problem responses documented on a route, by status. */
export const problems = (...statuses: (400 | 401 | 403 | 404 | 406 | 409 | 413 | 415 | 422 | 429 | 503)[]) =>
  Object.fromEntries(statuses.map((s) => [s, problemSchema])) as Record<number, typeof problemSchema>;

export { isoDate, isoDateTime } from '../services/views.ts';
export const versionField = z
  .number()
  .int()
  .min(1)
  .describe('The version you read; a mismatch answers 409 stale-update');

/**
 * The item schema of a list's answer (an object holding `items` and `nextCursor`, as pageOf makes it, perhaps
 * extended); undefined for any other schema. What makes a route a list, and what its export's columns come from.
 */
export function pageItemOf(schema: unknown): z.ZodType | undefined {
  if (!(schema instanceof z.ZodObject)) return undefined;
  const { items, nextCursor } = schema.shape as Record<string, z.ZodType | undefined>;
  return items instanceof z.ZodArray && nextCursor ? (items.element as z.ZodType) : undefined;
}
