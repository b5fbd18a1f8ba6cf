import { v7 as uuidv7 } from 'uuid';
import { canReportIncidents, incidentScope } from '../../domain/access/roles.ts';
import { appendEvent } from '../../storage/events.ts';
import {
  type EvidenceRow,
  findEvidence,
  insertEvidence,
  listEvidence,
} from '../../storage/queries/incidents.ts';
import { reachedThroughChain } from '../alerts/exposure.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { conflict, type FieldError, forbidden, invalid, notFound } from '../errors.ts';
import { checkUpload } from '../files.ts';
import { type IncidentRow, visibleIncident } from './incidents.ts';
import type { IncidentEvidenceView } from './views.ts';

const view = (r: EvidenceRow): IncidentEvidenceView => ({
  id: r.id,
  filename: r.filename,
  contentType: r.content_type,
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
  latitude: r.latitude,
  longitude: r.longitude,
  takenAt: r.taken_at?.toISOString() ?? null,
  uploadedAt: r.uploaded_at.toISOString(),
});

/** Adds a photo or document to an incident, with where and when it was taken. */
export async function addIncidentEvidence(
  ctx: AuthedContext,
  id: string,
  fields: { latitude?: string; longitude?: string; takenAt?: string },
  file: { filename: string; declaredType: string; content: Buffer },
): Promise<IncidentEvidenceView> {
  if (!canReportIncidents(ctx.principal))
    throw forbidden('your role does not add evidence to incidents', { code: 'incidents.evidence-role' });
  const incident = await visibleIncident(ctx, id);
  if (incident.state === 'resolved')
    throw conflict(`incident ${incident.code} is resolved; its evidence is closed`, [], {
      code: 'incidents.evidence-closed',
      params: { incident: incident.code },
    });
  const errors: FieldError[] = [];
  const num = (raw: string | undefined, path: string, limit: number) => {
    if (!raw) return null;
    const n = Number(raw);
    if (!Number.isFinite(n) || Math.abs(n) > limit)
      errors.push({
        path,
        message: `a number from -${limit} to ${limit}`,
        code: 'common.field.range',
        params: { min: -limit, max: limit },
      });
    return n;
  };
  const latitude = num(fields.latitude, 'latitude', 90);
  const longitude = num(fields.longitude, 'longitude', 180);
  const takenAt = fields.takenAt ? new Date(fields.takenAt) : null;
  if (takenAt && Number.isNaN(takenAt.getTime()))
    errors.push({ path: 'takenAt', message: 'an ISO-8601 date-time', code: 'common.field.date-time' });
  if (errors.length) throw invalid(errors);
  const checked = checkUpload(file, ctx.config.uploadLimitBytes);
  const now = ctx.clock();
  const row: EvidenceRow = {
    id: uuidv7(),
    filename: checked.filename,
    content_type: checked.contentType,
    size_bytes: checked.sizeBytes,
    sha256: checked.sha256,
    latitude,
    longitude,
    taken_at: takenAt,
    uploaded_at: now,
  };
  await ctx.db.transaction(async (tx) => {
    await insertEvidence(tx, row, id, ctx.principal.userId, file.content);
    await appendEvent(tx, {
      type: 'incident.evidence_added',
      subjectType: 'incident',
      subjectId: id,
      payload: { evidenceId: row.id, sha256: row.sha256 },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return view(row);
}

/**
 * The incident whose evidence files the principal may read. Registry staff, grievance officers and the site's
 * operators read them as they read the incident. A buyer or downstream company sees an incident because it
 * follows the site or a supplier, or because the site's ore reached it; only the second is a due-diligence
 * need for the photos and documents (which may show people and where they were taken), so following brings
 * alerts, not evidence (docs/decisions/0009-record-integrity.md).
 */
async function evidenceIncident(ctx: AuthedContext, id: string): Promise<IncidentRow> {
  const incident = await visibleIncident(ctx, id);
  if (incidentScope(ctx.principal) !== 'exposed') return incident;
  const reached = await reachedThroughChain(ctx.db, ctx.principal.organisationId, incident.site_id);
  if (!reached)
    throw forbidden(
      `the evidence of incident ${incident.code} is for those whose chain received ore from its site; following the site brings its alerts only`,
      { code: 'incidents.evidence-not-in-chain', params: { incident: incident.code } },
    );
  return incident;
}

export async function listIncidentEvidence(ctx: AuthedContext, id: string): Promise<IncidentEvidenceView[]> {
  await evidenceIncident(ctx, id);
  return (await listEvidence(ctx.db, id)).map(view);
}

export async function readIncidentEvidence(ctx: AuthedContext, id: string, evidenceId: string) {
  await evidenceIncident(ctx, id);
  const row = await findEvidence(ctx.db, id, evidenceId);
  if (!row) throw notFound('evidence');
  return { evidence: view(row), content: Buffer.from(row.content) };
}
