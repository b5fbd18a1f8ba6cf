import type { FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { z } from 'zod';
import { type Column, exportFilename } from '../domain/exports/table.ts';
import type { ServiceContext } from '../services/context.ts';
import { ServiceError } from '../services/errors.ts';
import { limitedBatches } from '../services/exports/batches.ts';
import { exportColumns } from '../services/exports/columns.ts';
import { exportLanguage, headersOf } from '../services/exports/labels.ts';
import { csvStream, EXPORT_TYPES, type ExportFormat, xlsxStream } from '../services/exports/writers.ts';
import type { Page } from '../storage/queries/page.ts';
import type { App } from './app-types.ts';
import { pageItemOf } from './schemas.ts';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;

/** Rows asked of the list at a time: one keyset page, the same SQL the list runs, a larger LIMIT. */
export const EXPORT_BATCH = 1000;

const EXPORT_NOTE =
  'With `format=csv|xlsx` (or `Accept: text/csv` or the xlsx type), the whole list under the same filters and ' +
  'the same rights is streamed as a file, batch by batch; `limit` and `cursor` are then ignored. The headers are ' +
  "in the reader's language (Accept-Language: fr, en). `Amana-Export-Max-Rows` says how many rows an export may " +
  'hold: a list known to be longer is a 413 `exports.too-many-rows`; one found longer while streaming ends in a ' +
  'failed download, never in a short file (decision 0053)';

/** The format an export was asked in: the `format` parameter, else an Accept header that prefers a file type. */
export function requestedFormat(format: unknown, accept: string | undefined): ExportFormat | undefined {
  if (format === 'csv' || format === 'xlsx') return format;
  for (const part of (accept ?? '').split(',')) {
    const type = part.split(';')[0].trim().toLowerCase();
    if (type === 'text/csv') return 'csv';
    if (type === EXPORT_TYPES.xlsx) return 'xlsx';
    if (type === 'application/json' || type === '*/*' || type === 'application/*') return undefined;
  }
  return undefined;
}

/** The list routes an app exports, with their columns: what the tests and the header catalogue are checked by. */
const registered = new WeakMap<object, { url: string; columns: Column[] }[]>();
export const listExportsOf = (app: App) => registered.get(app) ?? [];

const tooManyRows = (limit: number) =>
  new ServiceError(
    'too_large',
    `the list holds more than the ${limit} rows one export may hold; narrow its filters`,
    [],
    { code: 'exports.too-many-rows', params: { limit } },
  );

const today = (ctx: ServiceContext) => ctx.clock().toISOString().slice(0, 10);

/**
 * Gives every list route (a GET answering `pageOf(…)`) its export: the route's own handler is called page after
 * page with the request's own filters and caller, so the file holds exactly the rows the list would show that
 * caller, and no list has export code of its own. Registered before the routes.
 */
export function registerListExports(app: App, ctx: ServiceContext) {
  const routes: { url: string; columns: Column[] }[] = [];
  registered.set(app, routes);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const schema = route.schema as { querystring?: unknown; response?: Record<number, unknown> } | undefined;
    const item = pageItemOf(schema?.response?.[200]);
    if (!methods.includes('GET') || !item || !schema) return;
    const columns = exportColumns(item);
    routes.push({ url: route.url, columns });
    if (schema.querystring instanceof z.ZodObject)
      schema.querystring = schema.querystring.extend({
        format: z.enum(EXPORT_FORMATS).optional().describe('csv or xlsx: the whole list as a file'),
      });
    const described = route.schema as { description?: string };
    described.description = described.description
      ? `${described.description}\n\n${EXPORT_NOTE}`
      : EXPORT_NOTE;

    const list = route.handler as RouteHandlerMethod;
    const filename = (format: ExportFormat) => exportFilename(route.url, format, today(ctx));
    route.handler = async function (this: unknown, request: FastifyRequest, reply: FastifyReply) {
      const query = (request.query ?? {}) as Record<string, unknown>;
      const format = requestedFormat(query.format, request.headers.accept);
      if (!format) return list.call(this as never, request, reply);
      const { format: _format, cursor: _cursor, limit: _limit, ...filters } = query;
      const pageAfter = async (cursor: string | null) => {
        (request as { query: unknown }).query = {
          ...filters,
          limit: EXPORT_BATCH,
          ...(cursor && { cursor }),
        };
        return (await list.call(this as never, request, reply)) as Page<unknown>;
      };
      // The first batch is read before anything is sent: a refusal is still a problem document.
      const first = await pageAfter(null);
      const max = ctx.config.exportMaxRows;
      // Known before anything is sent: a refusal that says what to do, rather than a cut-off download.
      if (first.items.length > max || (first.items.length === max && first.nextCursor))
        throw tooManyRows(max);
      const table = {
        columns,
        headers: headersOf(columns, exportLanguage(request.headers['accept-language'])),
        batches: limitedBatches(first, pageAfter, max, () => request.raw.destroyed),
      };
      const name = filename(format);
      return reply
        .type(EXPORT_TYPES[format])
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .header('amana-export-max-rows', String(max))
        .send(
          format === 'csv'
            ? csvStream(table)
            : xlsxStream(table, name.replace(/-\d{4}-\d\d-\d\d\.xlsx$/, '')),
        );
    };
  });
}
