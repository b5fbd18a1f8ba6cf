import { EVENT_TYPES } from '../../domain/custody/epcis/event-index.ts';
import { type CaptureRow, distinctEventValues, listCapturesPage } from '../../storage/queries/epcis.ts';
import type { AuthedContext } from '../context.ts';
import { type FieldError, invalid, notFound } from '../errors.ts';
import { type CaptureJob, captureJobOf } from './epcis-capture.ts';
import { visibleFilter } from './epcis-query.ts';

/** The top-level resources of the REST binding whose members are vocabulary values of stored events. */
export const VALUE_RESOURCES = {
  epcs: { column: 'epcs', parameter: 'MATCH_anyEPC' },
  bizSteps: { column: 'biz_step', parameter: 'EQ_bizStep' },
  bizLocations: { column: 'biz_location', parameter: 'EQ_bizLocation' },
  readPoints: { column: 'read_point', parameter: 'EQ_readPoint' },
  dispositions: { column: 'disposition', parameter: 'EQ_disposition' },
} as const;
export type ValueResource = keyof typeof VALUE_RESOURCES;

export interface Page<T> {
  items: T[];
  nextPageToken: string | null;
}

function perPageOf(raw: string | undefined, errors: FieldError[]): number {
  if (raw === undefined) return 30;
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > 1000) {
    errors.push({
      path: 'perPage',
      message: 'a whole number from 1 to 1000',
      code: 'custody.epcis-query-per-page',
      params: { min: 1, max: 1000 },
    });
    return 30;
  }
  return n;
}

const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
function decode<T>(raw: string | undefined, check: (v: unknown) => v is T, errors: FieldError[]): T | null {
  if (raw === undefined) return null;
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (check(v)) return v;
  } catch {}
  errors.push({
    path: 'nextPageToken',
    message: 'this token was not issued by this repository; start again without it',
    code: 'custody.epcis-query-token',
  });
  return null;
}

/**
 * The distinct values a resource lists (EPCs, business steps, locations, read points, dispositions) among the
 * events the caller may see, in code-point order, a page at a time.
 */
export async function listResourceValues(
  ctx: AuthedContext,
  resource: ValueResource,
  query: { perPage?: string; nextPageToken?: string },
): Promise<Page<string>> {
  const errors: FieldError[] = [];
  const perPage = perPageOf(query.perPage, errors);
  const after = decode(
    query.nextPageToken,
    (v): v is { r: string; a: string } =>
      !!v &&
      typeof v === 'object' &&
      (v as { r?: unknown }).r === resource &&
      typeof (v as { a?: unknown }).a === 'string',
    errors,
  );
  if (errors.length)
    throw invalid(errors, 'the query has parameters to fix', { code: 'custody.epcis-query-invalid' });
  const filter = await visibleFilter(ctx);
  const values = await distinctEventValues(
    ctx.db,
    filter,
    VALUE_RESOURCES[resource].column,
    after?.a ?? null,
    perPage + 1,
  );
  const items = values.slice(0, perPage);
  return {
    items,
    nextPageToken: values.length > perPage ? encode({ r: resource, a: items[items.length - 1] }) : null,
  };
}

/** Whether a value is one the resource lists for the caller (else the resource is not there for it). */
export async function requireResourceValue(ctx: AuthedContext, resource: ValueResource, value: string) {
  const filter = await visibleFilter(ctx);
  const found = await distinctEventValues(ctx.db, filter, VALUE_RESOURCES[resource].column, null, 1, value);
  if (!found.length) throw notFound('vocabulary value');
}

/** One of the five event types of EPCIS 2.0, or not found. */
export function requireEventType(type: string) {
  if (!(EVENT_TYPES as readonly string[]).includes(type)) throw notFound('vocabulary value');
}

/** The capture jobs of the caller's organisation, newest first, a page at a time. */
export async function listCaptures(
  ctx: AuthedContext,
  query: { perPage?: string; nextPageToken?: string },
): Promise<Page<CaptureJob>> {
  const errors: FieldError[] = [];
  const perPage = perPageOf(query.perPage, errors);
  const after = decode(
    query.nextPageToken,
    (v): v is { c: string; i: string } =>
      !!v &&
      typeof v === 'object' &&
      typeof (v as { c?: unknown }).c === 'string' &&
      !Number.isNaN(Date.parse((v as { c: string }).c)) &&
      typeof (v as { i?: unknown }).i === 'string' &&
      /^[0-9a-f-]{36}$/.test((v as { i: string }).i),
    errors,
  );
  if (errors.length)
    throw invalid(errors, 'the query has parameters to fix', { code: 'custody.epcis-query-invalid' });
  const rows: CaptureRow[] = await listCapturesPage(
    ctx.db,
    ctx.principal.organisationId,
    after ? { createdAt: new Date(after.c), id: after.i } : null,
    perPage + 1,
  );
  const page = rows.slice(0, perPage);
  const last = page[page.length - 1];
  return {
    items: page.map(captureJobOf),
    nextPageToken: rows.length > perPage ? encode({ c: last.created_at.toISOString(), i: last.id }) : null,
  };
}
