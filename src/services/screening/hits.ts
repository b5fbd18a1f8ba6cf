import { v7 as uuidv7 } from 'uuid';
import { canKeepScreening, canSeeScreeningHits } from '../../domain/access/roles.ts';
import type { Exposure } from '../../domain/screening/exposure.ts';
import { decisionProblem, type HitDecision, type HitStatus } from '../../domain/screening/hit-review.ts';
import { appendEvent } from '../../storage/events.ts';
import { findOrganisation, findPerson, registrationNumbersOf } from '../../storage/queries/actors.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import {
  decideHitRow,
  findEntry,
  findHit,
  type HitListRow,
  hitCountsOf,
  hitCountsOfSubject,
  hitHistory,
  hitsPage,
  insertHitHistory,
  screenedSubject,
  setHitIncident,
} from '../../storage/queries/screening.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { cursorKey } from '../cursor.ts';
import { conflict, forbidden, invalid, notFound, stale } from '../errors.ts';
import { insertIncident } from '../incidents/incidents.ts';
import { allExposures, exposureView } from './exposure.ts';
import type { HitDetailView, HitView, ScreeningStatusView } from './views.ts';

function requireSeer(ctx: AuthedContext) {
  if (!canSeeScreeningHits(ctx.principal))
    throw forbidden('only administrators, analysts and the regulator see screening hits', {
      code: 'screening.hits-hidden',
    });
}

const hitView = (r: HitListRow): HitView => ({
  id: r.id,
  status: r.status,
  score: r.score,
  subject: {
    type: r.subject_type,
    id: r.subject_id,
    name: r.subject_name,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
  },
  list: { key: r.list_key, name: r.list_name, kind: r.list_kind },
  reference: r.reference,
  entryName: r.entry_name,
  entryKind: r.entry_kind,
  program: r.program,
  versionId: r.version_id,
  reasons: r.reasons,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at?.toISOString() ?? null,
  reason: r.decision_reason,
  incidentId: r.incident_id,
  version: r.version,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

/** The review queue: hits of a status (open by default), the most alike first, then the oldest. */
export async function listHits(
  ctx: AuthedContext,
  f: { status?: HitStatus; organisationId?: string; subjectId?: string; limit: number; cursor?: string },
): Promise<Page<HitView>> {
  requireSeer(ctx);
  const after = cursorKey(f.cursor, ['numeric', 'instant', 'uuid']) as [number, string, string] | undefined;
  const rows = await hitsPage(
    ctx.db,
    { status: f.status ?? 'open', organisationId: f.organisationId ?? null, subjectId: f.subjectId ?? null },
    after,
    f.limit + 1,
  );
  return toPage(rows, f.limit, (r) => [String(r.score), r.created_key, r.id], hitView);
}

/** One hit with the two records side by side (the registered actor and the list entry), why they matched and its history. */
export async function getHit(ctx: AuthedContext, id: string): Promise<HitDetailView> {
  requireSeer(ctx);
  const row = await findHit(ctx.db, id);
  if (!row) throw notFound('screening hit');
  const [entry, history] = await Promise.all([
    findEntry(ctx.db, row.version_id, row.reference),
    hitHistory(ctx.db, [id]),
  ]);
  let subjectRecord: HitDetailView['subjectRecord'];
  if (row.subject_type === 'organisation') {
    const org = (await findOrganisation(ctx.db, row.subject_id))!;
    subjectRecord = {
      type: 'organisation',
      name: org.legal_name,
      otherNames: org.trade_names,
      country: org.country,
      identifiers: (await registrationNumbersOf(ctx.db, [org.id])).map(
        (n) => `${n.scheme.toUpperCase()} ${n.number}`,
      ),
      birthYear: null,
      kind: null,
      position: null,
    };
  } else {
    const person = (await findPerson(ctx.db, row.subject_id))!;
    subjectRecord = {
      type: 'person',
      name: person.full_name,
      otherNames: [],
      country: null,
      identifiers: person.card_number ? [person.card_number] : [],
      birthYear: person.birth_year,
      kind: person.kind,
      position: person.position,
    };
  }
  return {
    ...hitView(row),
    subjectRecord,
    entry: entry?.record ?? null,
    history: history.map((h) => ({
      action: h.action,
      score: h.score,
      reason: h.reason,
      by: h.by_user,
      at: h.at.toISOString(),
    })),
  };
}

const RELATION_WORDS: Record<Exposure['relation'], string> = {
  self: 'listed',
  person: 'a person of it is listed',
  owned_by: 'owned by the listed actor',
  owns: 'owns an organisation concerned',
};

/**
 * Confirms or dismisses an open hit, with a reason, recorded with who and when. A confirmed sanctions hit opens a
 * level-1 incident naming every organisation it concerns; its red flags, the refusal of its KYC verification and
 * custody's refusal to hand it material follow from the confirmed hit itself. A dismissed pair is not raised again
 * until the actor's names or identifiers, or the list entry, change.
 */
export async function decideHit(
  ctx: AuthedContext,
  id: string,
  input: { decision: HitDecision; reason: string; version: number },
): Promise<HitDetailView> {
  requireSeer(ctx);
  if (!canKeepScreening(ctx.principal))
    throw forbidden('only administrators and analysts confirm or dismiss hits', {
      code: 'screening.review-forbidden',
    });
  const row = await findHit(ctx.db, id);
  if (!row) throw notFound('screening hit');
  const problem = decisionProblem(row.status, input.reason);
  if (problem === 'decided')
    throw conflict(`this hit is ${row.status} already`, [], {
      code: 'screening.hit-decided',
      params: { status: row.status },
    });
  if (problem === 'reason')
    throw invalid([{ path: 'reason', message: 'say why', code: 'screening.reason-required' }]);
  if (row.version !== input.version) throw stale('screening hit', row.version);
  const now = ctx.clock();
  const reason = input.reason.trim();
  await ctx.db.transaction(async (tx) => {
    if (
      !(await decideHitRow(tx, id, input.version, {
        status: input.decision,
        by: ctx.principal.userId,
        at: now,
        reason,
      }))
    )
      throw stale('screening hit', row.version + 1);
    let incidentId: string | null = null;
    if (input.decision === 'confirmed' && row.list_kind === 'sanctions') {
      // Now that the hit counts among the confirmed: every organisation it concerns, through people and ownership.
      const concerned = [...(await allExposures(tx)).values()].flat().filter((x) => x.hitId === id);
      const incident = await insertIncident(
        tx,
        ctx,
        {
          siteId: null,
          level: 1,
          category: row.program === 'DRC' ? 'armed_groups' : 'money_laundering',
          title: `Sanctions: ${row.organisation_name} — ${row.list_name} ${row.reference}`,
          description:
            `Screening matched ${row.subject_type === 'person' ? 'a person of ' : ''}${row.organisation_name} with ` +
            `${row.entry_name ?? row.reference} (${row.reference}${row.program ? `, ${row.program} regime` : ''}) on ` +
            `${row.list_name}; confirmed on review: ${reason}. Organisations concerned: ` +
            concerned.map((x) => `${x.path.at(-1)!.name} (${RELATION_WORDS[x.relation]})`).join('; '),
          source: 'analyst',
          organisationIds: [row.organisation_id, ...concerned.map((x) => x.organisationId)],
        },
        actorOf(ctx.principal),
        now,
      );
      incidentId = incident.id;
      await setHitIncident(tx, id, incidentId);
    }
    await insertHitHistory(tx, [
      {
        id: uuidv7(),
        hit_id: id,
        action: input.decision,
        score: row.score,
        reason,
        by_user: ctx.principal.userId,
        at: now,
      },
    ]);
    await appendEvent(tx, {
      type: input.decision === 'confirmed' ? 'screening.hit-confirmed' : 'screening.hit-dismissed',
      subjectType: 'screening_hit',
      subjectId: id,
      payload: {
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        organisationId: row.organisation_id,
        list: row.list_key,
        reference: row.reference,
        score: row.score,
        reason,
        incidentId,
      },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return getHit(ctx, id);
}

/**
 * An organisation's or person's screening: when it was last screened, how many hits of each status concern it,
 * and the confirmed hits that concern it through its people or its ownership, with their paths.
 */
export async function screeningStatus(
  ctx: AuthedContext,
  type: 'organisation' | 'person',
  id: string,
): Promise<ScreeningStatusView> {
  requireSeer(ctx);
  const org = type === 'organisation' ? await findOrganisation(ctx.db, id) : undefined;
  const person = type === 'person' ? await findPerson(ctx.db, id) : undefined;
  if (!org && !person) throw notFound(type);
  const screened = await screenedSubject(ctx.db, type, id);
  const hits = { open: 0, confirmed: 0, dismissed: 0, delisted: 0 };
  // An organisation's own hits and its people's; a person's own.
  const counts = org ? await hitCountsOf(ctx.db, [id]) : await hitCountsOfSubject(ctx.db, type, id);
  // A hit closed by a merge is counted where the survivor holds the same pair.
  for (const c of counts) if (c.status !== 'merged') hits[c.status] += c.n;
  const exposures = org ? ((await allExposures(ctx.db)).get(id) ?? []).map(exposureView) : [];
  return {
    subjectType: type,
    subjectId: id,
    screenedAt: screened?.screened_at.toISOString() ?? null,
    hits,
    exposures,
    blocked: exposures.some((x) => x.blocking),
  };
}
