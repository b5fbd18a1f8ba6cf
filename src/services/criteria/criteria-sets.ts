import { v7 as uuidv7 } from 'uuid';
import { canManageCriteria } from '../../domain/access/roles.ts';
import { checkRequirements, type Requirement } from '../../domain/criteria/criteria-set.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent, type EventActor } from '../../storage/events.ts';
import {
  findLatestSetVersion,
  findSet,
  hasDraftOf,
  insertSetRow,
  listSetRowsPage,
  markSetPublished,
  requirementsOf,
  type SetListFilter,
  type SetRow,
  setVersionExists,
  toRequirement,
  updateSetText,
  writeRequirements,
} from '../../storage/queries/criteria.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { cursorKey } from '../cursor.ts';
import { conflict, forbidden, invalid, notFound, stale } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import type { SetInput } from './set-input.ts';
import type { SetSummaryView, SetView } from './views.ts';

/** A set as the service reads it back: its requirements in the domain's terms. */
type LoadedSet = Omit<SetView, 'requirements'> & { requirements: Requirement[] };

const summary = (r: SetRow, count: number): SetSummaryView => ({
  id: r.id,
  key: r.key,
  version: r.version,
  name: r.name,
  description: r.description,
  kind: r.kind,
  status: r.status,
  publishedAt: r.published_at?.toISOString() ?? null,
  requirementCount: count,
  revision: r.revision,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export async function loadSet(q: Queryable, id: string): Promise<LoadedSet> {
  const row = await findSet(q, id);
  if (!row) throw notFound('criteria set');
  const requirements = (await requirementsOf(q, id)).map(toRequirement);
  return { ...summary(row, requirements.length), requirements };
}

function requireManager(ctx: AuthedContext) {
  if (!canManageCriteria(ctx.principal))
    throw forbidden('only administrators and analysts manage criteria sets', {
      code: 'assessments.set-manage-role',
    });
}

function checkSet(input: Pick<SetInput, 'kind' | 'requirements'>) {
  const problems = checkRequirements(input.kind, input.requirements);
  if (problems.length) throw invalid(problems);
}

/** Creates a draft set (version 1 of a new key, or the next version of an existing key) inside a transaction. */
export async function insertSet(
  tx: Queryable,
  input: SetInput,
  actor: EventActor | null,
  now: Date,
  version?: number,
  id: string = uuidv7(),
): Promise<string> {
  const latest = await findLatestSetVersion(tx, input.key);
  const next = version ?? (latest?.version ?? 0) + 1;
  if (latest && latest.kind !== input.kind) {
    throw invalid([
      latest.kind === 'mechanism'
        ? {
            path: 'kind',
            message: `the set ${input.key} is a ${latest.kind} set`,
            code: 'assessments.set-is-mechanism',
            params: { set: input.key },
          }
        : {
            path: 'kind',
            message: `the set ${input.key} is a ${latest.kind} set`,
            code: 'assessments.set-is-site',
            params: { set: input.key },
          },
    ]);
  }
  if (await setVersionExists(tx, input.key, next)) {
    const coded = {
      code: 'assessments.set-version-exists',
      params: { set: input.key, version: next },
    } as const;
    throw conflict(
      `${input.key} version ${next} already exists`,
      [{ path: 'key', message: 'this version exists', ...coded }],
      coded,
    );
  }
  await insertSetRow(tx, {
    id,
    key: input.key,
    version: next,
    name: input.name,
    description: input.description,
    kind: input.kind,
    at: now,
  });
  await writeRequirements(tx, id, input.requirements, uuidv7);
  await appendEvent(tx, {
    type: 'criteria_set.drafted',
    subjectType: 'criteria_set',
    subjectId: id,
    payload: { key: input.key, version: next, name: input.name, requirements: input.requirements.length },
    actor,
    at: now,
  });
  return id;
}

/** Publishes a draft inside a transaction: from then on it never changes. */
export async function publishSetIn(tx: Queryable, id: string, actor: EventActor | null, now: Date) {
  await markSetPublished(tx, id, now, actor?.userId ?? null);
  await appendEvent(tx, {
    type: 'criteria_set.published',
    subjectType: 'criteria_set',
    subjectId: id,
    payload: {},
    actor,
    at: now,
  });
}

/** A whole number the database's integer column can hold. */
/** Set versions by key, newest version first within a key, one page at a time. */
export async function listSets(
  ctx: AuthedContext,
  f: SetListFilter & { limit: number; cursor?: string },
): Promise<Page<SetSummaryView>> {
  const rows = await listSetRowsPage(
    ctx.db,
    f,
    cursorKey(f.cursor, ['text', 'int']) as [string, number] | undefined,
    f.limit + 1,
  );
  return toPage(
    rows,
    f.limit,
    (r) => [r.key, r.version],
    (r) => summary(r, r.count),
  );
}

export const getSet = (ctx: AuthedContext, id: string) => loadSet(ctx.db, id);

const DRAFT: CreateOperation<{ set: SetView; created: boolean }> = {
  name: 'criteria_set.draft',
  exists: rowIn('criteria_sets'),
};

/** Creates a draft set; a retried creation with the same id answers what the first did. */
export async function createSet(ctx: AuthedContext, input: SetInput & { id?: string }) {
  requireManager(ctx);
  checkSet(input);
  return createOnce(ctx, DRAFT, input, async (c, id) => {
    await c.db.transaction((tx) => insertSet(tx, input, actorOf(c.principal), c.clock(), undefined, id));
    return { set: await loadSet(c.db, id), created: true };
  });
}

async function draftForEdit(ctx: AuthedContext, id: string, revision: number) {
  requireManager(ctx);
  const row = await findSet(ctx.db, id);
  if (!row) throw notFound('criteria set');
  if (row.status === 'published') {
    throw conflict(
      `${row.key} version ${row.version} is published and cannot change; create a new version`,
      [],
      { code: 'assessments.set-published', params: { set: row.key, version: row.version } },
    );
  }
  if (row.revision !== revision) throw stale('criteria set', row.revision);
  return row;
}

/** Replaces a draft's name, description and requirements. */
export async function updateSet(
  ctx: AuthedContext,
  id: string,
  input: Omit<SetInput, 'key' | 'kind'> & { revision: number },
) {
  const row = await draftForEdit(ctx, id, input.revision);
  checkSet({ kind: row.kind, requirements: input.requirements });
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const updated = await updateSetText(tx, {
      id,
      revision: input.revision,
      name: input.name,
      description: input.description,
      at: now,
    });
    if (!updated) throw stale('criteria set', row.revision + 1);
    await writeRequirements(tx, id, input.requirements, uuidv7);
    await appendEvent(tx, {
      type: 'criteria_set.edited',
      subjectType: 'criteria_set',
      subjectId: id,
      payload: { name: input.name, requirements: input.requirements.length },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return loadSet(ctx.db, id);
}

/** Adds or replaces one requirement of a draft, by code. */
export async function putRequirement(
  ctx: AuthedContext,
  id: string,
  code: string,
  requirement: Requirement,
  revision: number,
) {
  if (requirement.code !== code)
    throw invalid([
      {
        path: 'code',
        message: `the body's code must be ${code}`,
        code: 'assessments.requirement-code-mismatch',
        params: { requirement: code },
      },
    ]);
  const current = await loadSet(ctx.db, id);
  const requirements = current.requirements.some((r) => r.code === code)
    ? current.requirements.map((r) => (r.code === code ? requirement : r))
    : [...current.requirements, requirement];
  return updateSet(ctx, id, { name: current.name, description: current.description, requirements, revision });
}

export async function deleteRequirement(ctx: AuthedContext, id: string, code: string, revision: number) {
  const current = await loadSet(ctx.db, id);
  if (!current.requirements.some((r) => r.code === code))
    throw notFound('requirement', `requirement ${code}`);
  const requirements = current.requirements.filter((r) => r.code !== code);
  return updateSet(ctx, id, { name: current.name, description: current.description, requirements, revision });
}

export async function publishSet(ctx: AuthedContext, id: string, revision: number): Promise<SetView> {
  const row = await draftForEdit(ctx, id, revision);
  checkSet({ kind: row.kind, requirements: (await requirementsOf(ctx.db, id)).map(toRequirement) });
  await ctx.db.transaction((tx) => publishSetIn(tx, id, actorOf(ctx.principal), ctx.clock()));
  return loadSet(ctx.db, id);
}

/** Starts the next version of a set as a draft copy of the given one. */
export async function newVersion(ctx: AuthedContext, id: string): Promise<SetView> {
  requireManager(ctx);
  const from = await loadSet(ctx.db, id);
  if (await hasDraftOf(ctx.db, from.key))
    throw conflict(`${from.key} already has a draft version; edit that one`, [], {
      code: 'assessments.set-has-draft',
      params: { set: from.key },
    });
  const newId = await ctx.db.transaction((tx) =>
    insertSet(
      tx,
      {
        key: from.key,
        name: from.name,
        description: from.description,
        kind: from.kind,
        requirements: from.requirements,
      },
      actorOf(ctx.principal),
      ctx.clock(),
    ),
  );
  return loadSet(ctx.db, newId);
}
