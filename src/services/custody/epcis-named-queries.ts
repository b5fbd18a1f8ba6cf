import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { SCHEDULE_FIELDS, type Schedule, scheduleErrors } from '../../domain/custody/epcis/query-schedule.ts';
import { appendEvent } from '../../storage/events.ts';
import {
  deleteNamedQuery,
  deleteSubscription,
  findNamedQuery,
  insertNamedQuery,
  insertSubscription,
  listNamedQueries,
  listSubscriptionsOf,
  type NamedQueryRow,
  type SubscriptionRow,
} from '../../storage/queries/epcis-subscriptions.ts';
import { refuseWebhookUrl } from '../alerts/webhook-post.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { conflict, type FieldError, invalid, notFound, ServiceError } from '../errors.ts';
import { queryEvents } from './epcis-query.ts';

const NAME = /^[A-Za-z0-9_.~-]{1,100}$/;

export interface NamedQueryView {
  name: string;
  query: Record<string, string | string[]>;
  createdAt: string;
}

/** The binding's query body (query-schema.json: arrays of values, numbers, booleans) as URI parameters. */
function asParameters(query: Record<string, unknown>, errors: FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) {
    if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number'))
      out[k] = v.join('|');
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    else
      errors.push({
        path: `query.${k}`,
        message: 'a string, a number, a boolean or a list of strings',
        code: 'custody.epcis-query-value',
      });
  }
  return out;
}

const view = (r: NamedQueryRow): NamedQueryView => ({
  name: r.name,
  query: Object.fromEntries(Object.entries(r.query).map(([k, v]) => [k, v.includes('|') ? v.split('|') : v])),
  createdAt: r.created_at.toISOString(),
});

/** Stores a named query of the caller's: its parameters are checked as a SimpleEventQuery would check them. */
export async function createNamedQuery(
  ctx: AuthedContext,
  input: { name: string; query: Record<string, unknown> },
): Promise<NamedQueryView> {
  const errors: FieldError[] = [];
  if (!NAME.test(input.name))
    errors.push({
      path: 'name',
      message: 'letters, digits and - . _ ~, at most 100',
      code: 'custody.epcis-query-name',
    });
  const query = asParameters(input.query, errors);
  for (const k of ['perPage', 'nextPageToken'])
    if (k in query)
      errors.push({
        path: `query.${k}`,
        message: 'a page is asked when the query is run',
        code: 'custody.epcis-query-parameter',
      });
  if (errors.length)
    throw invalid(errors, 'the query has fields to fix', { code: 'custody.epcis-query-invalid' });
  try {
    // Checked as it will be run; it is not run here.
    await queryEvents(ctx, {
      ...query,
      perPage: '1',
      maxEventCount: undefined,
      LT_recordTime: '1970-01-01T00:00:00Z',
    });
  } catch (error) {
    if (error instanceof ServiceError && error.kind === 'invalid')
      throw invalid(
        error.errors.map((e) => ({ ...e, path: `query.${e.path}` })),
        error.message,
        { code: 'custody.epcis-query-invalid' },
      );
    throw error;
  }
  const now = ctx.clock();
  const row: NamedQueryRow = {
    id: uuidv7(),
    name: input.name,
    organisation_id: ctx.principal.organisationId,
    created_by: ctx.principal.userId,
    query,
    created_at: now,
  };
  await ctx.db.transaction(async (tx) => {
    if (!(await insertNamedQuery(tx, row)))
      throw conflict(`you already have a query named ${input.name}`, [], {
        code: 'custody.epcis-query-name-taken',
        params: { name: input.name },
      });
    await appendEvent(tx, {
      type: 'epcis.query-created',
      subjectType: 'epcis-query',
      subjectId: row.id,
      payload: { name: row.name, query },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return view(row);
}

async function ownQuery(ctx: AuthedContext, name: string): Promise<NamedQueryRow> {
  const row = await findNamedQuery(ctx.db, ctx.principal.userId, name);
  if (!row) throw notFound('named query', name);
  return row;
}

export async function getNamedQuery(ctx: AuthedContext, name: string): Promise<NamedQueryView> {
  return view(await ownQuery(ctx, name));
}

/** The caller's named queries, in name order, a page at a time. */
export async function listQueries(
  ctx: AuthedContext,
  page: { perPage?: string; nextPageToken?: string },
): Promise<{ items: NamedQueryView[]; nextPageToken: string | null }> {
  const perPage = page.perPage === undefined ? 30 : Number(page.perPage);
  if (!Number.isSafeInteger(perPage) || perPage < 1 || perPage > 1000)
    throw invalid(
      [
        {
          path: 'perPage',
          message: 'a whole number from 1 to 1000',
          code: 'custody.epcis-query-per-page',
          params: { min: 1, max: 1000 },
        },
      ],
      'the query has parameters to fix',
      { code: 'custody.epcis-query-invalid' },
    );
  const after =
    page.nextPageToken === undefined ? null : Buffer.from(page.nextPageToken, 'base64url').toString('utf8');
  const rows = await listNamedQueries(ctx.db, ctx.principal.userId, after, perPage + 1);
  const items = rows.slice(0, perPage);
  return {
    items: items.map(view),
    nextPageToken:
      rows.length > perPage ? Buffer.from(items[items.length - 1].name).toString('base64url') : null,
  };
}

/** Deletes a named query of the caller's, and its subscriptions with it. */
export async function removeNamedQuery(ctx: AuthedContext, name: string): Promise<string> {
  const row = await ownQuery(ctx, name);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await deleteNamedQuery(tx, row.id);
    await appendEvent(tx, {
      type: 'epcis.query-deleted',
      subjectType: 'epcis-query',
      subjectId: row.id,
      payload: { name: row.name },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return row.id;
}

/** Runs a named query of the caller's, as the caller sees the repository now. */
export async function runNamedQuery(
  ctx: AuthedContext,
  name: string,
  page: { perPage?: string; nextPageToken?: string },
) {
  const row = await ownQuery(ctx, name);
  return queryEvents(ctx, { ...row.query, ...page });
}

/** The stored parameters of a named query of the caller's, and its id. */
export async function namedQueryParameters(ctx: AuthedContext, name: string) {
  const row = await ownQuery(ctx, name);
  return { id: row.id, query: row.query };
}

export interface SubscriptionView {
  subscriptionID: string;
  createdAt: string;
  dest: string;
  stream?: boolean;
  schedule?: Schedule;
  reportIfEmpty: boolean;
  initialRecordTime: string;
  lastError: string | null;
}

const subscriptionView = (s: SubscriptionRow): SubscriptionView => ({
  subscriptionID: s.id,
  createdAt: s.created_at.toISOString(),
  dest: s.dest,
  ...(s.stream ? { stream: true } : {}),
  ...(s.schedule ? { schedule: s.schedule } : {}),
  reportIfEmpty: s.report_if_empty,
  initialRecordTime: s.initial_record_time.toISOString(),
  lastError: s.last_error,
});

/** Reads a subscription's stream or schedule: one of them, as the binding requires. */
export function readSubscriptionControls(
  input: {
    stream?: boolean | string;
    schedule?: Schedule;
    reportIfEmpty?: boolean | string;
    initialRecordTime?: string;
  },
  errors: FieldError[],
): { stream: boolean; schedule: Schedule | null; reportIfEmpty: boolean; initialRecordTime: Date | null } {
  const stream = input.stream === true || input.stream === 'true';
  const schedule = input.schedule && Object.keys(input.schedule).length ? input.schedule : null;
  if (stream === !!schedule)
    errors.push({
      path: schedule ? 'stream' : 'schedule',
      message:
        'either stream: true, or a schedule (second, minute, hour, dayOfMonth, month, dayOfWeek), not both',
      code: 'custody.epcis-subscription-controls',
    });
  if (schedule) {
    for (const k of Object.keys(schedule))
      if (!(k in SCHEDULE_FIELDS))
        errors.push({
          path: `schedule.${k}`,
          message: 'not a schedule field',
          code: 'custody.epcis-subscription-schedule',
        });
    for (const e of scheduleErrors(schedule))
      errors.push({
        path: `schedule.${e.field}`,
        message: e.message,
        code: 'custody.epcis-subscription-schedule',
      });
  }
  let initialRecordTime: Date | null = null;
  if (input.initialRecordTime !== undefined) {
    initialRecordTime = new Date(input.initialRecordTime);
    if (Number.isNaN(initialRecordTime.getTime()))
      errors.push({
        path: 'initialRecordTime',
        message: 'an ISO 8601 date-time',
        code: 'custody.epcis-query-time',
      });
  }
  return {
    stream,
    schedule,
    reportIfEmpty: input.reportIfEmpty === true || input.reportIfEmpty === 'true',
    initialRecordTime,
  };
}

/**
 * Subscribes a webhook to a named query of the caller's: the events it matches, recorded from the initial
 * record time on, are POSTed to `dest` as the caller sees them, signed with `signatureToken` (one is made
 * and answered once when none is given). The address is checked as alert webhooks' are.
 */
export async function subscribeWebhook(
  ctx: AuthedContext,
  name: string,
  input: {
    dest: string;
    signatureToken?: string;
    stream?: boolean;
    schedule?: Schedule;
    reportIfEmpty?: boolean;
    initialRecordTime?: string;
  },
): Promise<SubscriptionView & { signatureToken: string }> {
  const row = await ownQuery(ctx, name);
  const errors: FieldError[] = [];
  const controls = readSubscriptionControls(input, errors);
  const refusal = await refuseWebhookUrl(ctx, input.dest);
  if (refusal)
    errors.push({ path: 'dest', message: refusal.message, code: refusal.code, params: refusal.params });
  if (errors.length)
    throw invalid(errors, 'the subscription has fields to fix', {
      code: 'custody.epcis-subscription-invalid',
    });
  const now = ctx.clock();
  const secret = input.signatureToken ?? randomBytes(24).toString('base64url');
  const s = {
    id: uuidv7(),
    query_id: row.id,
    organisation_id: ctx.principal.organisationId,
    created_by: ctx.principal.userId,
    dest: input.dest,
    secret,
    stream: controls.stream,
    schedule: controls.schedule,
    report_if_empty: controls.reportIfEmpty,
    initial_record_time: controls.initialRecordTime ?? now,
    next_attempt_at: now,
    created_at: now,
  };
  await ctx.db.transaction(async (tx) => {
    await insertSubscription(tx, s);
    await appendEvent(tx, {
      type: 'epcis.subscription-created',
      subjectType: 'epcis-subscription',
      subjectId: s.id,
      payload: { query: row.name, dest: s.dest, stream: s.stream, schedule: s.schedule },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  ctx.wakeSubscriptions?.();
  return {
    ...subscriptionView({ ...s, after_seq: 0, attempts: 0, last_error: null, last_run_at: null }),
    signatureToken: secret,
  };
}

export async function listSubscriptions(ctx: AuthedContext, name: string): Promise<SubscriptionView[]> {
  const row = await ownQuery(ctx, name);
  return (await listSubscriptionsOf(ctx.db, row.id)).map(subscriptionView);
}

export async function getSubscription(
  ctx: AuthedContext,
  name: string,
  id: string,
): Promise<SubscriptionView> {
  const row = await ownQuery(ctx, name);
  const found = (await listSubscriptionsOf(ctx.db, row.id)).find((s) => s.id === id);
  if (!found) throw notFound('subscription');
  return subscriptionView(found);
}

export async function unsubscribe(ctx: AuthedContext, name: string, id: string): Promise<void> {
  const row = await ownQuery(ctx, name);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    if (!(await deleteSubscription(tx, row.id, id))) throw notFound('subscription');
    await appendEvent(tx, {
      type: 'epcis.subscription-deleted',
      subjectType: 'epcis-subscription',
      subjectId: id,
      payload: { query: row.name },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
}
