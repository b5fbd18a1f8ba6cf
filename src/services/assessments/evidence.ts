import { v7 as uuidv7 } from 'uuid';
import { appendEvent } from '../../storage/events.ts';
import {
  type EvidenceRow,
  evidenceOf,
  findEvidenceWithContent,
  insertEvidence,
} from '../../storage/queries/assessments.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { type FieldError, invalid, notFound } from '../errors.ts';
import { checkUpload } from '../files.ts';
import { getAssessment, workable } from './assessments.ts';
import type { AssessmentEvidenceView } from './views.ts';

type Row = EvidenceRow;

const view = (r: Row): AssessmentEvidenceView => ({
  id: r.id,
  assessmentId: r.assessment_id,
  requirementCode: r.requirement_code,
  filename: r.filename,
  contentType: r.content_type,
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
  latitude: r.latitude,
  longitude: r.longitude,
  takenAt: r.taken_at?.toISOString() ?? null,
  uploadedBy: r.uploaded_by,
  uploadedAt: r.uploaded_at.toISOString(),
});

export interface EvidenceFields {
  requirementCode?: string;
  latitude?: string;
  longitude?: string;
  takenAt?: string;
}

/**
 * Attaches a photo or document to an assessment, optionally to one requirement, with where and when it was
 * taken. Evidence is part of the rating: only those who may rate the draft add it, and only while ratings may
 * change (a submitted or approved assessment is closed).
 */
export async function addAssessmentEvidence(
  ctx: AuthedContext,
  id: string,
  fields: EvidenceFields,
  file: { filename: string; declaredType: string; content: Buffer },
): Promise<AssessmentEvidenceView> {
  await workable(ctx, id);
  const assessment = await getAssessment(ctx, id);
  const errors: FieldError[] = [];
  const code = fields.requirementCode?.trim().toUpperCase() || null;
  if (code && !assessment.unrated.includes(code) && !assessment.ratings.some((r) => r.code === code)) {
    errors.push({
      path: 'requirementCode',
      message: `${code} is not a requirement of this assessment's set`,
      code: 'assessments.evidence-not-a-requirement',
      params: { requirement: code },
    });
  }
  const number = (raw: string | undefined, path: string, min: number, max: number) => {
    if (raw === undefined || raw === '') return null;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max)
      errors.push({
        path,
        message: `a number from ${min} to ${max}`,
        code: 'common.field.range',
        params: { min, max },
      });
    return n;
  };
  const latitude = number(fields.latitude, 'latitude', -90, 90);
  const longitude = number(fields.longitude, 'longitude', -180, 180);
  if ((latitude === null) !== (longitude === null))
    errors.push({
      path: 'longitude',
      message: 'give both latitude and longitude, or neither',
      code: 'common.field.position-half',
    });
  let takenAt: Date | null = null;
  if (fields.takenAt) {
    takenAt = new Date(fields.takenAt);
    if (Number.isNaN(takenAt.getTime()))
      errors.push({ path: 'takenAt', message: 'an ISO-8601 date-time', code: 'common.field.date-time' });
    else if (takenAt.getTime() > ctx.clock().getTime() + 5 * 60_000)
      errors.push({ path: 'takenAt', message: 'is in the future', code: 'common.field.in-future' });
  }
  if (errors.length) throw invalid(errors);
  const checked = checkUpload(file, ctx.config.uploadLimitBytes);
  const now = ctx.clock();
  const row: Row = {
    id: uuidv7(),
    assessment_id: id,
    requirement_code: code,
    filename: checked.filename,
    content_type: checked.contentType,
    size_bytes: checked.sizeBytes,
    sha256: checked.sha256,
    latitude,
    longitude,
    taken_at: takenAt,
    uploaded_by: ctx.principal.userId,
    uploaded_at: now,
  };
  await ctx.db.transaction(async (tx) => {
    await insertEvidence(tx, row, file.content);
    await appendEvent(tx, {
      type: 'assessment.evidence_added',
      subjectType: 'assessment',
      subjectId: id,
      payload: {
        evidenceId: row.id,
        requirementCode: code,
        sha256: row.sha256,
        latitude,
        longitude,
        takenAt: takenAt?.toISOString() ?? null,
      },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return view(row);
}

export async function listAssessmentEvidence(
  ctx: AuthedContext,
  id: string,
): Promise<AssessmentEvidenceView[]> {
  await getAssessment(ctx, id);
  return (await evidenceOf(ctx.db, id)).map(view);
}

export async function readAssessmentEvidence(ctx: AuthedContext, id: string, evidenceId: string) {
  await getAssessment(ctx, id);
  const row = await findEvidenceWithContent(ctx.db, id, evidenceId);
  if (!row) throw notFound('evidence');
  return { evidence: view(row), content: Buffer.from(row.content) };
}
