import { canManageAssignments, seesAssignedSitesOnly } from '../../domain/access/roles.ts';
import { inForce } from '../../domain/monitoring/visit-plan.ts';
import { appendEvent } from '../../storage/events.ts';
import {
  type AssignmentRow,
  assignmentsOf,
  endAssignment as closeAssignment,
  findAssignment,
  findMember,
  findSiteCode,
  insertAssignment,
  listAssignmentsPage,
  listFieldStaffPage,
  lockAssignment,
} from '../../storage/queries/monitoring.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import { lockSite } from '../../storage/queries/sites.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { cursorKey } from '../cursor.ts';
import { conflict, type FieldError, forbidden, invalid, notFound, type ProblemCode } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import type { AssignmentView, FieldStaffView } from './views.ts';

/** How far ahead of the server's clock a phone's time may be before it is called in the future. */
export const CLOCK_LEEWAY_MS = 5 * 60_000;

/**
 * Field staff record only at the sites assigned to them at the record's own time (decision 0021): a visit, an
 * assessment carried out, a grievance taken down. `what` says in words what was done then ("the visit was made"), `code` names the problem in the area's words.
 */
export async function requireAssignedAt(
  ctx: AuthedContext,
  siteId: string,
  at: Date,
  code: ProblemCode,
  what: string,
) {
  if (!seesAssignedSitesOnly(ctx.principal)) return;
  const assignments = await assignmentsOf(ctx.db, ctx.principal, siteId);
  if (!assignments.some((a) => inForce({ startsAt: a.starts_at, endsAt: a.ends_at }, at)))
    throw forbidden(`this site was not assigned to you when ${what}`, {
      code,
      params: { visitedAt: at.toISOString() },
    });
}

export interface AssignmentInput {
  id?: string;
  siteId: string;
  userId: string;
  startsAt?: string;
  endsAt?: string | null;
}

const toView = (r: AssignmentRow): AssignmentView => ({
  id: r.id,
  site: { id: r.site_id, code: r.site_code, name: r.site_name },
  user: { id: r.user_id, name: r.user_name, email: r.user_email },
  organisationId: r.organisation_id,
  role: r.role,
  startsAt: r.starts_at.toISOString(),
  endsAt: r.ends_at?.toISOString() ?? null,
  assignedBy: r.assigned_by,
  createdAt: r.created_at.toISOString(),
  endedBy: r.ended_by,
  endedRecordedAt: r.ended_recorded_at?.toISOString() ?? null,
});

function requireManager(ctx: AuthedContext) {
  if (!canManageAssignments(ctx.principal))
    throw forbidden('only administrators and analysts assign monitors and assessors to sites', {
      code: 'monitoring.assignment-role',
    });
}

const endBeforeStart: FieldError = {
  path: 'endsAt',
  message: 'must be after the start',
  code: 'monitoring.assignment-end-before-start',
};

const ASSIGN: CreateOperation<{ assignment: AssignmentView; created: boolean }> = {
  name: 'site.assign',
  exists: rowIn('site_assignments'),
};

/**
 * Assigns a monitor or assessor of the caller's organisation to a site from a start (now unless given) until an
 * optional end; the same person's assignments to one site never overlap. Recorded in the event log.
 */
export async function assignToSite(
  ctx: AuthedContext,
  input: AssignmentInput,
): Promise<{ assignment: AssignmentView; created: boolean }> {
  requireManager(ctx);
  return createOnce(ctx, ASSIGN, input, (c, id) => storeAssignment(c, input, id));
}

async function storeAssignment(ctx: AuthedContext, input: AssignmentInput, id: string) {
  const now = ctx.clock();
  const organisationId = ctx.principal.organisationId;
  const startsAt = input.startsAt ? new Date(input.startsAt) : now;
  const endsAt = input.endsAt ? new Date(input.endsAt) : null;
  const problems: FieldError[] = [];
  if (!(await findSiteCode(ctx.db, input.siteId)))
    problems.push({ path: 'siteId', message: 'no such site', code: 'monitoring.no-such-site' });
  const member = await findMember(ctx.db, input.userId, organisationId);
  if (!member)
    problems.push({
      path: 'userId',
      message: 'not a member of your organisation',
      code: 'monitoring.assignee-not-member',
    });
  else if (member.role !== 'monitor' && member.role !== 'assessor')
    problems.push({
      path: 'userId',
      message: 'only monitors and assessors are assigned to sites',
      code: 'monitoring.assignee-not-field',
      params: { role: member.role },
    });
  if (endsAt && endsAt.getTime() <= startsAt.getTime()) problems.push(endBeforeStart);
  if (problems.length) throw invalid(problems);
  const role = member!.role as 'monitor' | 'assessor';
  await ctx.db.transaction(async (tx) => {
    // One assignment of a site at a time: its row serialises them.
    await lockSite(tx, input.siteId);
    const overlapping = (
      await assignmentsOf(tx, { userId: input.userId, organisationId }, input.siteId)
    ).find(
      (a) =>
        (a.ends_at === null || a.ends_at.getTime() > startsAt.getTime()) &&
        (endsAt === null || endsAt.getTime() > a.starts_at.getTime()),
    );
    if (overlapping)
      throw conflict(
        'this person is already assigned to this site for part of that time',
        [
          {
            path: 'startsAt',
            message: 'overlaps another assignment',
            code: 'monitoring.assignment-overlaps',
          },
        ],
        { code: 'monitoring.assignment-overlaps', params: { assignmentId: overlapping.id } },
      );
    await insertAssignment(tx, {
      id,
      siteId: input.siteId,
      userId: input.userId,
      organisationId,
      role,
      startsAt,
      endsAt,
      assignedBy: ctx.principal.userId,
      createdAt: now,
    });
    await appendEvent(tx, {
      type: 'site_assignment.made',
      subjectType: 'site_assignment',
      subjectId: id,
      payload: {
        siteId: input.siteId,
        userId: input.userId,
        role,
        startsAt: startsAt.toISOString(),
        endsAt: endsAt?.toISOString() ?? null,
      },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return { assignment: toView((await findAssignment(ctx.db, id))!), created: true };
}

/**
 * Ends an assignment at a time (now unless given), after its start; one that has ended, or was ended, cannot end
 * again. Recorded in the event log with who ended it.
 */
export async function endSiteAssignment(
  ctx: AuthedContext,
  id: string,
  input: { endsAt?: string },
): Promise<AssignmentView> {
  requireManager(ctx);
  const now = ctx.clock();
  const endsAt = input.endsAt ? new Date(input.endsAt) : now;
  await ctx.db.transaction(async (tx) => {
    await lockAssignment(tx, id);
    // Another organisation's assignment is not found.
    const row = await findAssignment(tx, id);
    if (!row || row.organisation_id !== ctx.principal.organisationId) throw notFound('assignment');
    if (row.ended_by !== null || (row.ends_at !== null && row.ends_at.getTime() <= now.getTime()))
      throw conflict('this assignment has already ended', [], {
        code: 'monitoring.assignment-ended',
        params: { endsAt: (row.ends_at ?? now).toISOString() },
      });
    if (endsAt.getTime() <= row.starts_at.getTime()) throw invalid([endBeforeStart]);
    await closeAssignment(tx, { id, endsAt, endedBy: ctx.principal.userId, recordedAt: now });
    await appendEvent(tx, {
      type: 'site_assignment.ended',
      subjectType: 'site_assignment',
      subjectId: id,
      payload: { siteId: row.site_id, userId: row.user_id, endsAt: endsAt.toISOString() },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return toView((await findAssignment(ctx.db, id))!);
}

export interface AssignmentFilter {
  userId?: string;
  siteId?: string;
  /** Only those in force now. */
  current?: boolean;
  limit: number;
  cursor?: string;
}

/**
 * An organisation's assignments, latest start first, for its administrators and analysts; a monitor or assessor
 * reads its own. Nobody reads another organisation's.
 */
export async function listAssignments(
  ctx: AuthedContext,
  f: AssignmentFilter,
): Promise<Page<AssignmentView>> {
  const own = seesAssignedSitesOnly(ctx.principal);
  if (!own) requireManager(ctx);
  const after = cursorKey(f.cursor, ['instant', 'uuid']) as [string, string] | undefined;
  const rows = await listAssignmentsPage(
    ctx.db,
    {
      organisationId: ctx.principal.organisationId,
      userId: own ? ctx.principal.userId : f.userId,
      siteId: f.siteId,
      inForceAt: f.current ? ctx.clock() : undefined,
    },
    after,
    f.limit + 1,
  );
  return toPage(rows, f.limit, (r) => [r.starts_key, r.id], toView);
}

/** The monitors and assessors of the caller's organisation, by name: whom its managers may assign. */
export async function listFieldStaff(
  ctx: AuthedContext,
  f: { limit: number; cursor?: string },
): Promise<Page<FieldStaffView>> {
  requireManager(ctx);
  const after = cursorKey(f.cursor, ['text', 'uuid']) as [string, string] | undefined;
  const rows = await listFieldStaffPage(ctx.db, ctx.principal.organisationId, after, f.limit + 1);
  return toPage(
    rows,
    f.limit,
    (r) => [r.name, r.id],
    (r) => r,
  );
}
