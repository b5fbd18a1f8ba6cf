import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { canKeepScreening, canReadScreeningLists, type Principal } from '../../domain/access/roles.ts';
import {
  diffCounts,
  diffEntries,
  duplicateReferences,
  entryFingerprint,
} from '../../domain/screening/list-diff.ts';
import type { ListEntry, ListFormat, ListKind } from '../../domain/screening/list-entry.ts';
import { appendEvent } from '../../storage/events.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import {
  countSubjects,
  delistHits,
  type EntryChangeRow,
  entriesOfVersions,
  entriesPage,
  entryChangesPage,
  findEntry,
  findListByKey,
  findVersion,
  insertEntries,
  insertEntryChanges,
  insertHitHistory,
  insertList,
  insertRun,
  insertVersion,
  type ListVersionView as ListVersionRowView,
  latestVersionOf,
  listVersionsPage,
  lockList,
  runsOfVersions,
} from '../../storage/queries/screening.ts';
import { type AuthedContext, actorOf, type ServiceContext } from '../context.ts';
import { cursorKey } from '../cursor.ts';
import { conflict, forbidden, invalid, notFound, ServiceError } from '../errors.ts';
import { readCsvList } from './csv-list.ts';
import { readUnConsolidated } from './un-consolidated-xml.ts';
import type { EntryChangeView, ListEntryView, ListVersionView } from './views.ts';

/** The UN Security Council consolidated list, as every UN XML import is filed. */
export const UN_LIST = {
  key: 'un-consolidated',
  name: 'UN Security Council Consolidated List',
  kind: 'sanctions',
} as const;

/** Who imports: a user with a role that keeps screening, or the command line (no principal: the operator). */
type ImportContext = ServiceContext & { principal: Principal | null };

export interface ListImport {
  filename: string;
  /** The file, as one buffer (an upload) or as chunks read from disk. */
  content: Buffer | AsyncIterable<Buffer>;
  format?: ListFormat;
  /** Which list the file is a version of: required for a CSV, the UN list for UN XML. */
  list?: { key?: string; name?: string; kind?: ListKind };
}

const forbiddenImport = () =>
  forbidden('only administrators and analysts import screening lists', {
    code: 'screening.import-forbidden',
  });

/** Refuses, before any file is read, a caller who may not import lists. */
export function requireImporter(ctx: AuthedContext) {
  if (!canKeepScreening(ctx.principal)) throw forbiddenImport();
}

function requireReader(ctx: AuthedContext) {
  if (!canReadScreeningLists(ctx.principal))
    throw forbidden('your role does not read screening lists', { code: 'screening.lists-hidden' });
}

const tooLarge = (limit: number) =>
  new ServiceError('too_large', `the file is larger than the ${limit} bytes a list may have`, [], {
    code: 'screening.file-too-large',
    params: { limit },
  });

/** The file's chunks, counted and hashed as they pass; more than `limit` bytes stops the reading. */
async function* measured(
  content: Buffer | AsyncIterable<Buffer>,
  limit: number,
  into: { bytes: number; hash: ReturnType<typeof createHash> },
) {
  const chunks = Buffer.isBuffer(content) ? [content] : content;
  for await (const chunk of chunks) {
    into.bytes += chunk.length;
    if (into.bytes > limit) throw tooLarge(limit);
    into.hash.update(chunk);
    yield chunk;
  }
}

/** The format a file is in: as said, else by its name, else by its first character. */
function formatOf(filename: string, first: Buffer | undefined, said: ListFormat | undefined): ListFormat {
  if (said) return said;
  if (/\.xml$/i.test(filename)) return 'un-xml';
  if (/\.csv$/i.test(filename)) return 'csv';
  return first?.toString('utf8', 0, 64).trimStart().startsWith('<') ? 'un-xml' : 'csv';
}

async function readEntries(
  ctx: ServiceContext,
  input: ListImport,
): Promise<{
  format: ListFormat;
  entries: ListEntry[];
  publishedAt: string | null;
  sha256: string;
  bytes: number;
}> {
  const meter = { bytes: 0, hash: createHash('sha256') };
  const stream = measured(input.content, ctx.config.screeningListMaxBytes, meter);
  const first = await stream.next();
  const firstChunk = first.done ? undefined : (first.value as Buffer);
  const format = formatOf(input.filename, firstChunk, input.format);
  async function* rest() {
    if (firstChunk) yield firstChunk;
    yield* stream;
  }
  let entries: ListEntry[];
  let publishedAt: string | null = null;
  if (format === 'un-xml') {
    const read = await readUnConsolidated(rest(), ctx.config.screeningListMaxEntries);
    entries = read.entries;
    publishedAt = read.generatedAt;
  } else {
    const parts: Buffer[] = [];
    for await (const chunk of rest()) parts.push(chunk);
    entries = readCsvList(Buffer.concat(parts).toString('utf8'), ctx.config.screeningListMaxEntries);
  }
  if (!entries.length)
    throw invalid(
      [{ path: 'file', message: 'the list holds no entry', code: 'screening.empty-list' }],
      'the list holds no entry',
      {
        code: 'screening.empty-list',
      },
    );
  const twice = duplicateReferences(entries);
  if (twice.length)
    throw invalid(
      twice.slice(0, 20).map((reference) => ({
        path: `entries.${reference}`,
        message: 'this reference names two entries',
        code: 'screening.duplicate-reference',
        params: { reference },
      })),
      'a reference names two entries of the list',
    );
  return { format, entries, publishedAt, sha256: meter.hash.digest('hex'), bytes: meter.bytes };
}

function listOf(
  format: ListFormat,
  said: ListImport['list'],
): { key: string; name: string | null; kind: ListKind } {
  const key = said?.key?.trim().toLowerCase();
  if (!key) {
    if (format === 'un-xml') return { ...UN_LIST };
    throw invalid(
      [
        {
          path: 'list',
          message: 'say which list this file is a version of',
          code: 'screening.list-required',
        },
      ],
      'say which list this file is a version of',
    );
  }
  if (!/^[a-z0-9][a-z0-9-]{1,63}$/.test(key))
    throw invalid([
      { path: 'list', message: 'letters, digits and hyphens, 2 to 64', code: 'screening.list-key-format' },
    ]);
  const name = said?.name?.trim() || (key === UN_LIST.key ? UN_LIST.name : null);
  return { key, name, kind: said?.kind ?? 'sanctions' };
}

/**
 * Imports a version of a sanctions or PEP list: reads every entry (UN XML streamed, or the generic CSV), stores
 * them with the difference from the list's previous version, marks delisted the hits of entries it removed, and
 * queues the screening of every organisation and person against it for the worker. All or nothing.
 */
export async function importList(ctx: ImportContext, input: ListImport): Promise<ListVersionView> {
  if (ctx.principal && !canKeepScreening(ctx.principal)) throw forbiddenImport();
  const read = await readEntries(ctx, input);
  const said = listOf(read.format, input.list);
  const now = ctx.clock();
  const versionId = uuidv7();
  await ctx.db.transaction(async (tx) => {
    let list = await findListByKey(tx, said.key);
    if (!list) {
      if (!said.name)
        throw invalid([
          { path: 'name', message: 'a new list needs a name', code: 'screening.list-name-required' },
        ]);
      list = { id: uuidv7(), key: said.key, name: said.name, kind: said.kind, created_at: now };
      await insertList(tx, list);
    }
    await lockList(tx, list.id);
    const previous = await latestVersionOf(tx, list.id);
    if (previous?.sha256 === read.sha256)
      throw conflict(`this file is version ${previous.number} of ${list.name} already`, [], {
        code: 'screening.same-as-latest',
        params: { version: previous.number },
      });
    const before = previous ? (await entriesOfVersions(tx, [previous.id])).map((r) => r.record) : [];
    const changes = diffEntries(before, read.entries);
    const counts = diffCounts(changes);
    await insertVersion(tx, {
      id: versionId,
      list_id: list.id,
      number: (previous?.number ?? 0) + 1,
      format: read.format,
      published_at: read.publishedAt,
      filename: input.filename.slice(0, 255),
      sha256: read.sha256,
      size_bytes: read.bytes,
      individuals: read.entries.filter((e) => e.kind === 'individual').length,
      entities: read.entries.filter((e) => e.kind === 'entity').length,
      ...counts,
      previous_version_id: previous?.id ?? null,
      imported_by: ctx.principal?.userId ?? null,
      imported_at: now,
    });
    await insertEntries(
      tx,
      versionId,
      read.entries.map((e) => ({
        reference: e.reference,
        kind: e.kind,
        name: e.name,
        program: e.program,
        listed_on: e.listedOn,
        fingerprint: entryFingerprint(e),
        record: e,
      })),
    );
    await insertEntryChanges(
      tx,
      versionId,
      changes.map((c): EntryChangeRow => ({ ...c })),
    );
    const delisted = await delistHits(
      tx,
      list.id,
      changes.filter((c) => c.change === 'removed').map((c) => c.reference),
      now,
    );
    await insertHitHistory(
      tx,
      delisted.map((h) => ({
        id: uuidv7(),
        hit_id: h.id,
        action: 'delisted' as const,
        score: null,
        reason: `removed from ${list.name} in version ${(previous?.number ?? 0) + 1}`,
        by_user: null,
        at: now,
      })),
    );
    await insertRun(tx, {
      id: uuidv7(),
      version_id: versionId,
      total: await countSubjects(tx),
      created_at: now,
    });
    await appendEvent(tx, {
      type: 'screening.list-imported',
      subjectType: 'screening_list_version',
      subjectId: versionId,
      payload: {
        list: list.key,
        number: (previous?.number ?? 0) + 1,
        format: read.format,
        sha256: read.sha256,
        publishedAt: read.publishedAt,
        changes: counts,
        delistedHits: delisted.map((h) => h.id),
      },
      actor: ctx.principal ? actorOf(ctx.principal) : null,
      at: now,
    });
  });
  // The worker screens everyone against the new version; wake it rather than wait for its next tick.
  ctx.wakeOutbox?.();
  return (await versionViews(ctx, [(await findVersion(ctx.db, versionId))!]))[0];
}

async function versionViews(ctx: ServiceContext, rows: ListVersionRowView[]): Promise<ListVersionView[]> {
  const runs = await runsOfVersions(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const run = runs.filter((x) => x.version_id === r.id).at(-1);
    return {
      id: r.id,
      list: { key: r.list_key, name: r.list_name, kind: r.list_kind },
      number: r.number,
      format: r.format,
      publishedAt: r.published_at,
      filename: r.filename,
      sha256: r.sha256,
      sizeBytes: r.size_bytes,
      counts: { individuals: r.individuals, entities: r.entities },
      changes: { added: r.added, removed: r.removed, changed: r.changed },
      previousVersionId: r.previous_version_id,
      importedBy: r.imported_by,
      importedAt: r.imported_at.toISOString(),
      screening: run
        ? {
            id: run.id,
            status: run.status,
            total: run.total,
            done: run.done,
            hits: run.hits,
            startedAt: run.started_at?.toISOString() ?? null,
            finishedAt: run.finished_at?.toISOString() ?? null,
          }
        : null,
    };
  });
}

/** The versions of the lists (or of one), newest first. */
export async function listVersions(
  ctx: AuthedContext,
  f: { list?: string; limit: number; cursor?: string },
): Promise<Page<ListVersionView>> {
  requireReader(ctx);
  const after = cursorKey(f.cursor, ['instant', 'uuid']) as [string, string] | undefined;
  const rows = await listVersionsPage(ctx.db, f.list ?? null, after, f.limit + 1);
  const page = toPage(
    rows,
    f.limit,
    (r) => [r.at_key, r.id],
    (r) => r,
  );
  return { items: await versionViews(ctx, page.items), nextCursor: page.nextCursor };
}

export async function getVersion(ctx: AuthedContext, id: string): Promise<ListVersionView> {
  requireReader(ctx);
  const row = await findVersion(ctx.db, id);
  if (!row) throw notFound('list version');
  return (await versionViews(ctx, [row]))[0];
}

/** What a version changed from the one before it, by reference; optionally only additions, removals or changes. */
export async function versionChanges(
  ctx: AuthedContext,
  id: string,
  f: { change?: EntryChangeView['change']; limit: number; cursor?: string },
): Promise<Page<EntryChangeView>> {
  requireReader(ctx);
  if (!(await findVersion(ctx.db, id))) throw notFound('list version');
  const after = cursorKey(f.cursor, ['text']);
  const rows = await entryChangesPage(
    ctx.db,
    id,
    f.change ?? null,
    after?.[0] as string | undefined,
    f.limit + 1,
  );
  return toPage(
    rows,
    f.limit,
    (r) => [r.reference],
    (r) => ({ ...r, fields: r.fields as EntryChangeView['fields'] }),
  );
}

/** The entries of a version by reference, optionally those whose name or reference holds some text. */
export async function versionEntries(
  ctx: AuthedContext,
  id: string,
  f: { q?: string; kind?: 'individual' | 'entity'; program?: string; limit: number; cursor?: string },
): Promise<Page<ListEntryView>> {
  requireReader(ctx);
  if (!(await findVersion(ctx.db, id))) throw notFound('list version');
  const after = cursorKey(f.cursor, ['text']);
  const rows = await entriesPage(
    ctx.db,
    id,
    { q: f.q?.trim() || null, kind: f.kind ?? null, program: f.program ?? null },
    after?.[0] as string | undefined,
    f.limit + 1,
  );
  return toPage(
    rows,
    f.limit,
    (r) => [r.reference],
    (r) => r.record,
  );
}

export async function getEntry(
  ctx: AuthedContext,
  versionId: string,
  reference: string,
): Promise<ListEntryView> {
  requireReader(ctx);
  const row = await findEntry(ctx.db, versionId, reference);
  if (!row) throw notFound('list entry');
  return row.record;
}
