import { z } from 'zod';

/**
 * Parts of the shapes services answer with. Each area writes its answers once, as Zod schemas in
 * `services/<area>/views.ts`: the service returns `z.output` of them and the route documents and serializes
 * with the same schema, so that the OpenAPI document, the generated web client and the service agree by
 * construction.
 */
export const isoDateTime = z.string().describe('ISO-8601 date-time, UTC');
export const isoDate = z.iso.date().describe('ISO-8601 date (YYYY-MM-DD)');
