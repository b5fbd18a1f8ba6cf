import { createHash, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { canTakeDownGrievances } from '../../domain/access/roles.ts';
import type { RiskCategory } from '../../domain/criteria/criteria-set.ts';
import { caseCodeFrom, normaliseCaseCode } from '../../domain/grievances/case-code.ts';
import {
  GRIEVANCE_LANGUAGES,
  type GrievanceLanguage,
  type GrievanceSort,
  type GrievanceStatus,
} from '../../domain/grievances/grievance.ts';
import type { Level } from '../../domain/incidents/lifecycle.ts';
import { appendEvent } from '../../storage/events.ts';
import { siteExists } from '../../storage/queries/custody.ts';
import {
  countGrievanceAttachments,
  findGrievanceAttachment,
  findGrievanceByCaseCode,
  findGrievanceById,
  type GrievanceListRow,
  type GrievanceRow,
  insertGrievance,
  insertGrievanceAttachment,
  listGrievanceAttachments,
  listGrievancesPage,
  listPublicSites,
  type PublicSiteRow,
  recordGrievanceDecision,
  updateGrievanceOutcome,
} from '../../storage/queries/grievances.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import { siteRefs } from '../../storage/queries/sites.ts';
import { type AuthedContext, actorOf, type ServiceContext } from '../context.ts';
import { cursorKey, sortedCursorKey } from '../cursor.ts';
import { conflict, forbidden, invalid, notFound, stale } from '../errors.ts';
import { checkUpload } from '../files.ts';
import { type CreateOperation, createOnce } from '../idempotency.ts';
import { insertIncident } from '../incidents/incidents.ts';
import { CLOCK_LEEWAY_MS, requireAssignedAt } from '../monitoring/assignments.ts';
import { grievanceKey, seal, unseal } from './sealing.ts';
import type { CaseView, GrievanceView } from './views.ts';

export { GRIEVANCE_LANGUAGES, type GrievanceLanguage };

export interface Contact {
  name?: string;
  phone?: string;
  email?: string;
}

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');
/** The most files a reporter may attach to one case. */
const MAX_ATTACHMENTS = 10;

type GrievanceInput = {
  id?: string;
  siteId?: string | null;
  location?: string;
  category?: RiskCategory | null;
  description: string;
  language: GrievanceLanguage;
  contact?: Contact | null;
};
type Receipt = { caseCode: string; secret: string; created: boolean };

/**
 * A reporter's retry. The client id is never the grievance's own id, which officers see: only the reporter's
 * device knows it, so the replay may hand the secret back. The secret is kept sealed, and the fingerprint is
 * keyed, so that the reporter's words and contact cannot be guessed from it.
 */
function submission<C extends ServiceContext>(
  key: Buffer,
  name = 'grievance.submit',
): CreateOperation<Receipt, C> {
  return {
    name,
    fingerprintKey: Buffer.from(hkdfSync('sha256', key, '', 'amana grievance request fingerprint', 32)),
    keep: ({ caseCode, secret }) => ({ caseCode, secret: seal(key, secret) }),
    restore: (kept) => {
      const { caseCode, secret } = kept as { caseCode: string; secret: string };
      return { caseCode, secret: unseal<string>(key, secret) };
    },
  };
}

/** Receives a grievance from anyone; the answer (case code and secret) is the reporter's only way back to it. */
export async function submitGrievance(ctx: ServiceContext, input: GrievanceInput): Promise<Receipt> {
  return createOnce(ctx, submission(grievanceKey(ctx.config)), input, (c) => receiveGrievance(c, input));
}

/** Who took a grievance down on a phone for its reporter, and when the phone says they did. */
interface TakenDown {
  by: AuthedContext['principal'];
  at: Date;
}

/**
 * A grievance a monitor took down on the phone for someone who cannot use one (decision 0043): received and sealed
 * exactly as the public form's, at most once per client id, and marked with who took it down and when. The site,
 * when named, must have been assigned to the monitor at that time; the monitor is given the receipt to hand over.
 */
export async function takeDownGrievance(
  ctx: AuthedContext,
  input: GrievanceInput & { id: string; takenDownAt: string },
): Promise<Receipt> {
  if (!canTakeDownGrievances(ctx.principal))
    throw forbidden('monitors and assessors take grievances down in the field', {
      code: 'grievances.take-down-role',
    });
  const at = new Date(input.takenDownAt);
  if (at.getTime() > ctx.clock().getTime() + CLOCK_LEEWAY_MS)
    throw invalid([
      { path: 'takenDownAt', message: 'the time is in the future', code: 'common.field.in-future' },
    ]);
  return createOnce(ctx, submission(grievanceKey(ctx.config), 'grievance.take-down'), input, async (c) => {
    if (input.siteId && (await siteExists(c.db, input.siteId)))
      await requireAssignedAt(
        c,
        input.siteId,
        at,
        'grievances.site-not-assigned',
        'the grievance was taken down',
      );
    return receiveGrievance(c, input, { by: c.principal, at });
  });
}

async function receiveGrievance(
  ctx: ServiceContext,
  input: GrievanceInput,
  takenDown?: TakenDown,
): Promise<Receipt> {
  if (input.siteId && !(await siteExists(ctx.db, input.siteId))) {
    throw invalid([{ path: 'siteId', message: 'no such site', code: 'grievances.no-such-site' }]);
  }
  if (!input.siteId && !input.location?.trim())
    throw invalid([
      {
        path: 'location',
        message: 'say where it happened: a site or a place',
        code: 'grievances.location-required',
      },
    ]);
  const contact = input.contact && Object.values(input.contact).some((v) => v?.trim()) ? input.contact : null;
  const id = uuidv7();
  const caseCode = caseCodeFrom(randomBytes(8));
  const secret = randomBytes(18).toString('base64url');
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await insertGrievance(tx, {
      id,
      caseCode,
      secretHash: hash(secret),
      siteId: input.siteId ?? null,
      location: input.location?.trim() ?? '',
      category: input.category ?? null,
      description: input.description,
      language: input.language,
      anonymous: !contact,
      contactSealed: contact && seal(grievanceKey(ctx.config), contact),
      takenDownBy: takenDown?.by.userId ?? null,
      takenDownAt: takenDown?.at ?? null,
      at: now,
    });
    // The log records that contact details were left, never what they are.
    await appendEvent(tx, {
      type: 'grievance.received',
      subjectType: 'grievance',
      subjectId: id,
      payload: {
        caseCode,
        siteId: input.siteId ?? null,
        category: input.category ?? null,
        language: input.language,
        anonymous: !contact,
        ...(takenDown ? { takenDownAt: takenDown.at.toISOString() } : {}),
      },
      actor: takenDown ? actorOf(takenDown.by) : null,
      at: now,
    });
  });
  return { caseCode, secret, created: true };
}

async function byCase(ctx: ServiceContext, code: string, secret: string): Promise<GrievanceRow> {
  const normal = normaliseCaseCode(code);
  const row = normal ? await findGrievanceByCaseCode(ctx.db, normal) : undefined;
  const given = Buffer.from(hash(secret));
  // A wrong secret and an unknown code answer alike.
  if (!row || !timingSafeEqual(Buffer.from(row.secret_hash), given)) throw notFound('case');
  return row;
}

/** What the reporter sees of their case: its status and the outcome the officer wrote for them. */
export async function followCase(ctx: ServiceContext, code: string, secret: string): Promise<CaseView> {
  const row = await byCase(ctx, code, secret);
  return {
    caseCode: row.case_code,
    status: row.status,
    receivedAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    outcome: row.public_outcome,
  };
}

export async function addCaseAttachment(
  ctx: ServiceContext,
  code: string,
  secret: string,
  file: { filename: string; declaredType: string; content: Buffer },
) {
  const row = await byCase(ctx, code, secret);
  if (row.status !== 'received')
    throw conflict('this case is decided; it takes no more attachments', [], {
      code: 'grievances.case-decided',
    });
  const checked = checkUpload(file, ctx.config.uploadLimitBytes);
  if ((await countGrievanceAttachments(ctx.db, row.id)) >= MAX_ATTACHMENTS)
    throw conflict(`a case takes at most ${MAX_ATTACHMENTS} attachments`, [], {
      code: 'grievances.too-many-attachments',
      params: { max: MAX_ATTACHMENTS },
    });
  const id = uuidv7();
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await insertGrievanceAttachment(tx, {
      id,
      grievanceId: row.id,
      filename: checked.filename,
      contentType: checked.contentType,
      sizeBytes: checked.sizeBytes,
      sha256: checked.sha256,
      content: checked.content,
      uploadedAt: now,
    });
    await appendEvent(tx, {
      type: 'grievance.attachment_added',
      subjectType: 'grievance',
      subjectId: row.id,
      payload: { attachmentId: id, sha256: checked.sha256 },
      actor: null,
      at: now,
    });
  });
  return { id, contentType: checked.contentType, sizeBytes: checked.sizeBytes };
}

export function requireOfficer(ctx: AuthedContext) {
  if (ctx.principal.role !== 'grievance_officer')
    throw forbidden('grievances are handled by grievance officers', { code: 'grievances.officers-only' });
}

/** The views of some grievances, their attachments read together; contact details only where asked. */
async function views(
  ctx: AuthedContext,
  rows: readonly GrievanceRow[],
  withContact: boolean,
): Promise<GrievanceView[]> {
  const attachments = await listGrievanceAttachments(
    ctx.db,
    rows.map((r) => r.id),
  );
  const sites = new Map(
    (
      await siteRefs(
        ctx.db,
        rows.flatMap((r) => (r.site_id ? [r.site_id] : [])),
      )
    ).map((s) => [s.id, s]),
  );
  return rows.map((row) => ({
    id: row.id,
    caseCode: row.case_code,
    siteId: row.site_id,
    site: (row.site_id && sites.get(row.site_id)) || null,
    location: row.location,
    category: row.category,
    description: row.description,
    language: row.language,
    anonymous: row.anonymous,
    status: row.status,
    decisionReason: row.decision_reason,
    publicOutcome: row.public_outcome,
    incidentId: row.incident_id,
    attachments: attachments
      .filter((a) => a.grievance_id === row.id)
      .map((a) => ({
        id: a.id,
        filename: a.filename,
        contentType: a.content_type,
        sizeBytes: a.size_bytes,
      })),
    takenDown: row.taken_down_by
      ? {
          by: { id: row.taken_down_by, name: row.taken_down_by_name ?? '' },
          at: row.taken_down_at!.toISOString(),
        }
      : null,
    revision: row.revision,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    ...(withContact
      ? { contact: row.contact_sealed ? unseal<Contact>(grievanceKey(ctx.config), row.contact_sealed) : null }
      : {}),
  }));
}

export interface GrievanceFilter {
  status?: GrievanceStatus;
  q?: string;
  sort?: GrievanceSort;
  limit: number;
  cursor?: string;
}

/** The officers' queue, a page at a time: newest first unless asked oldest first, by status and words. */
export async function listGrievances(ctx: AuthedContext, f: GrievanceFilter): Promise<Page<GrievanceView>> {
  requireOfficer(ctx);
  const sort = f.sort ?? '-date';
  const after = sortedCursorKey(f.cursor, sort, 'instant', 'uuid');
  const rows = await listGrievancesPage(
    ctx.db,
    { status: f.status, q: f.q?.trim() || undefined },
    sort === 'date',
    after,
    f.limit + 1,
  );
  const page = toPage(
    rows,
    f.limit,
    (r: GrievanceListRow) => [sort, r.created_key, r.id],
    (r) => r,
  );
  return { items: await views(ctx, page.items, false), nextCursor: page.nextCursor };
}

/** One grievance; with the reporter's contact details only where asked (the officer's single-case view). */
export async function getGrievance(
  ctx: AuthedContext,
  id: string,
  withContact = true,
): Promise<GrievanceView> {
  requireOfficer(ctx);
  const row = await findGrievanceById(ctx.db, id);
  if (!row) throw notFound('grievance');
  return (await views(ctx, [row], withContact))[0];
}

/** One file a reporter attached to a grievance, for the officers who handle it. */
export async function readGrievanceAttachment(ctx: AuthedContext, id: string, attachmentId: string) {
  requireOfficer(ctx);
  const row = await findGrievanceAttachment(ctx.db, id, attachmentId);
  if (!row) throw notFound('evidence');
  return {
    file: { filename: row.filename, contentType: row.content_type },
    content: Buffer.from(row.content),
  };
}

async function decidable(ctx: AuthedContext, id: string, revision: number) {
  requireOfficer(ctx);
  const row = await findGrievanceById(ctx.db, id);
  if (!row) throw notFound('grievance');
  if (row.revision !== revision) throw stale('case', row.revision, `case ${row.case_code}`);
  if (row.status !== 'received')
    throw conflict(`case ${row.case_code} is already ${row.status}`, [], {
      code: 'grievances.already-decided',
      params: { case: row.case_code, status: row.status },
    });
  return row;
}

/** Validates a grievance: it becomes an incident (source grievance), and the reporter is told. */
export async function validateGrievance(
  ctx: AuthedContext,
  id: string,
  input: {
    level: Level;
    category: RiskCategory;
    title: string;
    siteId?: string | null;
    reason: string;
    publicOutcome: string;
    revision: number;
  },
) {
  const row = await decidable(ctx, id, input.revision);
  const siteId = input.siteId ?? row.site_id;
  if (!siteId)
    throw invalid([
      {
        path: 'siteId',
        message: 'name the site the incident concerns',
        code: 'grievances.incident-site-required',
      },
    ]);
  if (!(await siteExists(ctx.db, siteId)))
    throw invalid([{ path: 'siteId', message: 'no such site', code: 'grievances.no-such-site' }]);
  const now = ctx.clock();
  const actor = actorOf(ctx.principal);
  await ctx.db.transaction(async (tx) => {
    const incident = await insertIncident(
      tx,
      ctx,
      {
        siteId,
        level: input.level,
        category: input.category,
        title: input.title,
        description: row.description,
        source: 'grievance',
        grievanceId: row.id,
      },
      actor,
      now,
    );
    await recordGrievanceDecision(tx, {
      id,
      status: 'validated',
      reason: input.reason,
      publicOutcome: input.publicOutcome,
      incidentId: incident.id,
      decidedBy: ctx.principal.userId,
      at: now,
    });
    await appendEvent(tx, {
      type: 'grievance.validated',
      subjectType: 'grievance',
      subjectId: id,
      payload: { incident: incident.code, reason: input.reason },
      actor,
      at: now,
    });
  });
  return getGrievance(ctx, id, false);
}

export async function rejectGrievance(
  ctx: AuthedContext,
  id: string,
  input: { reason: string; publicOutcome: string; revision: number },
) {
  await decidable(ctx, id, input.revision);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await recordGrievanceDecision(tx, {
      id,
      status: 'rejected',
      reason: input.reason,
      publicOutcome: input.publicOutcome,
      incidentId: null,
      decidedBy: ctx.principal.userId,
      at: now,
    });
    await appendEvent(tx, {
      type: 'grievance.rejected',
      subjectType: 'grievance',
      subjectId: id,
      payload: { reason: input.reason },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return getGrievance(ctx, id, false);
}

/** Tells the reporter what came of their case (e.g. when its incident is resolved). */
export async function writeOutcome(
  ctx: AuthedContext,
  id: string,
  input: { publicOutcome: string; close: boolean; revision: number },
) {
  requireOfficer(ctx);
  const row = await findGrievanceById(ctx.db, id);
  if (!row) throw notFound('grievance');
  if (row.revision !== input.revision) throw stale('case', row.revision, `case ${row.case_code}`);
  if (row.status === 'received')
    throw conflict('validate or reject the case first', [], { code: 'grievances.decide-first' });
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await updateGrievanceOutcome(tx, { id, publicOutcome: input.publicOutcome, close: input.close, at: now });
    await appendEvent(tx, {
      type: 'grievance.outcome_written',
      subjectType: 'grievance',
      subjectId: id,
      payload: { close: input.close },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return getGrievance(ctx, id, false);
}

/** The site list a reporter chooses from, a page at a time by code: code, name and province only. */
export async function publicSiteList(
  ctx: ServiceContext,
  f: { q?: string; limit: number; cursor?: string },
): Promise<Page<PublicSiteRow>> {
  const after = cursorKey(f.cursor, ['text'])?.[0] ?? null;
  const rows = await listPublicSites(ctx.db, f.q, after === null ? null : String(after), f.limit + 1);
  return toPage(
    rows,
    f.limit,
    (r) => [r.code],
    (r) => r,
  );
}
