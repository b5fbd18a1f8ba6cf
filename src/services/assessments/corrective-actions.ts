import { assessmentScope, canWritePrivate } from '../../domain/access/roles.ts';
import { deadlineWindow } from '../../domain/assessments/corrective-actions.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent } from '../../storage/events.ts';
import {
  type CorrectiveActionKey,
  type CorrectiveActionRow,
  findCorrectiveAction,
  findCorrectiveActions,
  insertActionNote,
  notesOfActions,
} from '../../storage/queries/assessments.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { cursorKey } from '../cursor.ts';
import { forbidden, notFound } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import type { CorrectiveActionView } from './views.ts';

type Row = CorrectiveActionRow;

async function views(q: Queryable, rows: Row[]): Promise<CorrectiveActionView[]> {
  const notes = await notesOfActions(
    q,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    siteId: r.site_id,
    site: r.site,
    organisationId: r.organisation_id,
    requirement: {
      code: r.requirement_code,
      textEn: r.requirement_text_en,
      textFr: r.requirement_text_fr,
      tier: r.tier,
    },
    openedByAssessment: r.opened_by_assessment,
    ownerOrganisationId: r.owner_organisation_id,
    deadline: r.deadline,
    status: r.status,
    closedByAssessment: r.closed_by_assessment,
    closedAt: r.closed_at?.toISOString() ?? null,
    notes: notes
      .filter((n) => n.action_id === r.id)
      .map((n) => ({ id: n.id, note: n.note, authorId: n.author_id, createdAt: n.created_at.toISOString() })),
    createdAt: r.created_at.toISOString(),
  }));
}

/** A page of the corrective actions the caller may see: open ones first, then by deadline. */
export async function listCorrectiveActions(
  ctx: AuthedContext,
  f: {
    siteId?: string;
    organisationId?: string;
    status?: 'open' | 'closed';
    /** Open ones past their deadline, or due within the next 30 days (the home page's figures). */
    due?: 'overdue' | 'soon';
    limit: number;
    cursor?: string;
  },
): Promise<Page<CorrectiveActionView>> {
  const scope = assessmentScope(ctx.principal);
  if (scope === 'none')
    throw forbidden('your role does not see corrective actions', {
      code: 'assessments.role-cannot-see-actions',
    });
  const own = scope === 'own' ? ctx.principal.organisationId : null;
  const after = cursorKey(f.cursor, [['open', 'closed'], 'day', 'uuid']) as CorrectiveActionKey | undefined;
  const due = f.due && { kind: f.due, ...deadlineWindow(ctx.clock()) };
  const rows = await findCorrectiveActions(ctx.db, { ...f, visibleTo: own, due }, after, f.limit + 1);
  const page = toPage(
    rows,
    f.limit,
    (r) => [r.status, r.deadline, r.id],
    (r) => r,
  );
  return { items: await views(ctx.db, page.items), nextCursor: page.nextCursor };
}

async function visibleAction(ctx: AuthedContext, id: string): Promise<Row> {
  const row = await findCorrectiveAction(ctx.db, id);
  const scope = assessmentScope(ctx.principal);
  const mine =
    row &&
    (row.owner_organisation_id === ctx.principal.organisationId ||
      row.organisation_id === ctx.principal.organisationId);
  if (!row || scope === 'none' || (scope === 'own' && !mine)) throw notFound('corrective action');
  return row;
}

export async function getCorrectiveAction(ctx: AuthedContext, id: string) {
  return (await views(ctx.db, [await visibleAction(ctx, id)]))[0];
}

const NOTE: CreateOperation<CorrectiveActionView & { created: boolean }> = {
  name: 'corrective_action.note',
  exists: rowIn('corrective_action_notes'),
};

/** Adds a progress note: by the owning organisation, an analyst or an administrator. */
export async function addActionNote(ctx: AuthedContext, id: string, note: string, noteClientId?: string) {
  const row = await visibleAction(ctx, id);
  if (!canWritePrivate(ctx.principal, row.owner_organisation_id ?? row.organisation_id ?? '')) {
    throw forbidden('only the owning organisation, analysts and administrators write progress notes', {
      code: 'assessments.note-role',
    });
  }
  return createOnce(ctx, NOTE, { id: noteClientId, actionId: id, note }, (c, noteId) =>
    storeNote(c, id, note, noteId),
  );
}

async function storeNote(ctx: AuthedContext, id: string, note: string, noteId: string) {
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await insertActionNote(tx, {
      id: noteId,
      actionId: id,
      note,
      authorId: ctx.principal.userId,
      createdAt: now,
    });
    await appendEvent(tx, {
      type: 'corrective_action.noted',
      subjectType: 'corrective_action',
      subjectId: id,
      payload: { noteId, note },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return { ...(await getCorrectiveAction(ctx, id)), created: true };
}
