import { parse } from 'csv-parse/sync';
import { v7 as uuidv7 } from 'uuid';
import { canSetPrice } from '../../domain/production/access.ts';
import { appendEvent } from '../../storage/events.ts';
import { organisationRoles } from '../../storage/queries/funding.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import { findPrice, insertPrices, listPricesPage, type PriceRow } from '../../storage/queries/production.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { cursorKey } from '../cursor.ts';
import { conflict, type FieldError, forbidden, invalid } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import type { PriceView } from './views.ts';

export const priceOf = (r: PriceRow): PriceView => ({
  id: r.id,
  kind: r.kind,
  currency: r.currency,
  perTonneMinor: r.per_tonne_minor,
  effectiveOn: r.effective_on,
  source: r.source,
  createdAt: r.created_at.toISOString(),
});

export interface PriceInput {
  id?: string;
  kind: 'floor' | 'market';
  currency: string;
  perTonneMinor: number;
  effectiveOn: string;
  source?: string;
}

async function requirePriceSetter(ctx: AuthedContext, kind: 'floor' | 'market') {
  const roles = (await organisationRoles(ctx.db, ctx.principal.organisationId)) ?? [];
  if (!canSetPrice(ctx.principal, kind, roles))
    throw forbidden(
      kind === 'floor'
        ? 'the floor price is set by the state buyer (or the registry keepers)'
        : 'market prices are entered by the registry keepers',
      { code: 'production.price-setter' },
    );
}

const SET_PRICE: CreateOperation<{ price: PriceView; created: boolean }> = {
  name: 'price.set',
  exists: rowIn('reference_prices'),
};

/** Sets a reference price per tonne of contained cobalt from a day on; a day's price of a kind is set once. */
export async function setPrice(ctx: AuthedContext, input: PriceInput) {
  await requirePriceSetter(ctx, input.kind);
  return createOnce(ctx, SET_PRICE, input, async (c, id) => {
    const now = c.clock();
    const made = await insertPrices(c.db, [{ ...input, id, source: input.source ?? '' }], {
      userId: c.principal.userId,
      organisationId: c.principal.organisationId,
      at: now,
    });
    if (made.length === 0)
      throw conflict('a price of this kind is already set for that day', [], {
        code: 'production.price-exists',
        params: { effectiveOn: input.effectiveOn },
      });
    await appendEvent(c.db, {
      type: 'price.set',
      subjectType: 'reference_price',
      subjectId: id,
      payload: { ...input, id: undefined },
      actor: actorOf(c.principal),
      at: now,
    });
    return { price: priceOf((await findPrice(c.db, id))!), created: true };
  });
}

/** Most rows one market-price file may hold. */
export const MAX_PRICE_ROWS = 5000;

/**
 * Imports market prices from CSV (`effective_on,currency,per_tonne` with the price in major units, e.g. 24500.00):
 * every row or none; days already priced are kept as they were and counted.
 */
export async function importMarketPrices(
  ctx: AuthedContext,
  input: { csv: string; source?: string },
): Promise<{ imported: number; unchanged: number }> {
  await requirePriceSetter(ctx, 'market');
  let records: Record<string, string>[];
  try {
    records = parse(input.csv, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (e) {
    throw invalid([{ path: 'csv', message: (e as Error).message, code: 'production.csv-unreadable' }]);
  }
  if (records.length > MAX_PRICE_ROWS)
    throw invalid([
      {
        path: 'csv',
        message: `more than ${MAX_PRICE_ROWS} rows`,
        code: 'production.csv-too-long',
        params: { max: MAX_PRICE_ROWS },
      },
    ]);
  const problems: FieldError[] = [];
  const rows = records.map((r, i) => {
    const price = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(r.per_tonne ?? '');
    const day = /^\d{4}-\d{2}-\d{2}$/.test(r.effective_on ?? '') && !Number.isNaN(Date.parse(r.effective_on));
    const currency = /^(USD|CDF|EUR)$/.test(r.currency ?? '');
    if (!price || !day || !currency)
      problems.push({
        path: `csv.${i + 2}`,
        message: 'needs effective_on (YYYY-MM-DD), currency (USD, CDF, EUR) and per_tonne (e.g. 24500.00)',
        code: 'production.csv-row',
        params: { line: i + 2 },
      });
    return {
      id: uuidv7(),
      kind: 'market',
      currency: r.currency,
      perTonneMinor: price ? Number(price[1]) * 100 + Number((price[2] ?? '').padEnd(2, '0')) : 0,
      effectiveOn: r.effective_on,
      source: input.source ?? 'csv',
    };
  });
  if (problems.length) throw invalid(problems.slice(0, 20));
  if (rows.length === 0)
    throw invalid([{ path: 'csv', message: 'holds no price', code: 'production.csv-empty' }]);
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock();
    const made = await insertPrices(tx, rows, {
      userId: ctx.principal.userId,
      organisationId: ctx.principal.organisationId,
      at: now,
    });
    await appendEvent(tx, {
      type: 'price.imported',
      subjectType: 'reference_price',
      subjectId: made[0] ?? rows[0].id,
      payload: { kind: 'market', rows: rows.length, imported: made.length, source: input.source ?? 'csv' },
      actor: actorOf(ctx.principal),
      at: now,
    });
    return { imported: made.length, unchanged: rows.length - made.length };
  });
}

/** Reference prices of a currency over time, earliest first. */
export async function listPrices(
  ctx: AuthedContext,
  f: { currency: string; kind?: 'floor' | 'market'; limit: number; cursor?: string },
): Promise<Page<PriceView>> {
  if (ctx.principal.role === 'auditor')
    throw forbidden('auditors read through their grant', { code: 'production.no-access' });
  const after = cursorKey(f.cursor, ['day', 'uuid']) as [string, string] | undefined;
  const rows = await listPricesPage(ctx.db, f, after, f.limit + 1);
  return toPage(rows, f.limit, (r) => [r.effective_on, r.id], priceOf);
}
