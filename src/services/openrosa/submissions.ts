import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { decryptSubmission, readEncryptedManifest } from '../../domain/openrosa/encrypted-submission.ts';
import { formFieldOf, mapSubmission } from '../../domain/openrosa/map-submission.ts';
import { expectedFiles, type ParsedInstance, parseInstance } from '../../domain/openrosa/submission-xml.ts';
import { appendEvent } from '../../storage/events.ts';
import { findGrievanceByCaseCode } from '../../storage/queries/grievances.ts';
import {
  findAppUser,
  findSubmission,
  findSubmissionByInstance,
  insertAttachment,
  insertSubmission,
  listAttachmentContents,
  listSubmissionsPage,
  markApplied,
  markRefused,
  type SubmissionRow,
  type SubmissionState,
} from '../../storage/queries/openrosa.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import { createAssessment, rateRequirements } from '../assessments/assessments.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { cursorKey } from '../cursor.ts';
import { tagSack } from '../custody/operations.ts';
import { conflict, type FieldError, forbidden, invalid, notFound, ServiceError } from '../errors.ts';
import { checkUpload, IMAGE_TYPES } from '../files.ts';
import { submitGrievance } from '../grievances/grievances.ts';
import { addIncidentEvidence } from '../incidents/evidence.ts';
import { reportIncident } from '../incidents/incidents.ts';
import { addVisitPhoto, recordVisit } from '../monitoring/visits.ts';
import { memberCaller } from './app-users.ts';
import type { OpenRosaContext } from './caller.ts';
import { installationKeys } from './encryption-key.ts';
import { mayFill, type ServedForm, sitesFor, submittedForm } from './forms.ts';
import type { SubmissionDetailView, SubmissionView } from './views.ts';

/** A file part of a submission POST besides the XML. */
export interface ReceivedFile {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** What a submission POST did: made a new submission (201), added attachments (201), or nothing new (202). */
export interface Receipt {
  status: 201 | 202;
  submission: SubmissionView;
  /** What the client is told: applied, waiting for attachments, or already received. */
  message: 'applied' | 'waiting' | 'duplicate';
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The record id an instanceID gives (`uuid:…`), so that the record and the submission share their identity. */
const recordIdOf = (instanceId: string) => {
  const id = instanceId.replace(/^uuid:/i, '');
  return UUID.test(id) ? id.toLowerCase() : undefined;
};

const toView = (r: SubmissionRow): SubmissionView => ({
  id: r.id,
  instanceId: r.instance_id,
  formId: r.form_id,
  formVersion: r.form_version,
  submittedBy: r.submitted_by,
  submitterEmail: r.submitter_email,
  appUserId: r.app_user_id,
  deviceId: r.device_id,
  receivedAt: r.received_at.toISOString(),
  state: r.state,
  expectedFiles: r.expected_files,
  files: r.files,
  refusalCode: r.refusal_code,
  refusalErrors: r.refusal_errors,
  recordType: r.record_type,
  recordId: r.record_id,
  appliedAt: r.applied_at?.toISOString() ?? null,
});

/** A refusal as the client is told it: the stored codes, with each field the form names. */
const refusalError = (r: SubmissionRow) =>
  new ServiceError('invalid', 'this submission was refused', r.refusal_errors as FieldError[], {
    code: (r.refusal_code ?? 'openrosa.refused') as `openrosa.${string}`,
  });

/** Keeps a submission that cannot even be matched to an instance (unreadable, another form), then refuses it. */
async function keepRefused(
  ctx: OpenRosaContext,
  xml: string,
  parsed: Partial<ParsedInstance>,
  error: ServiceError,
  instanceId: string | null,
): Promise<never> {
  const now = ctx.clock();
  const id = uuidv7();
  await ctx.db.transaction(async (tx) => {
    await insertSubmission(tx, {
      id,
      instance_id: instanceId,
      form_id: parsed.formId ?? null,
      form_version: parsed.version ?? null,
      submitted_by: ctx.principal.userId,
      organisation_id: ctx.principal.organisationId,
      app_user_id: ctx.appUser?.id ?? null,
      device_id: ctx.principal.deviceId ?? null,
      xml,
      xml_sha256: sha256(xml),
      received_at: now,
      state: 'refused',
      expected_files: [],
      refusal_code: error.code ?? null,
      refusal_errors: error.errors,
    });
    await appendEvent(tx, {
      type: 'openrosa.submission_refused',
      subjectType: 'submission',
      subjectId: id,
      payload: { formId: parsed.formId ?? null, instanceId, code: error.code ?? null },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  throw error;
}

/** Stores the attachments of a submission that its XML names and that have not arrived yet; how many were new. */
async function storeFiles(ctx: OpenRosaContext, row: SubmissionRow, files: ReceivedFile[]): Promise<number> {
  let added = 0;
  const now = ctx.clock();
  for (const f of files) {
    if (!row.expected_files.includes(f.filename) || row.files.some((x) => x.filename === f.filename))
      continue;
    if (
      await insertAttachment(ctx.db, {
        submissionId: row.id,
        filename: f.filename,
        contentType: f.contentType,
        sizeBytes: f.content.length,
        sha256: sha256(f.content),
        content: f.content,
        receivedAt: now,
      })
    )
      added++;
  }
  return added;
}

/**
 * Receives one OpenRosa submission POST: the XML is kept as sent before anything else, then the attachments
 * it names; once the last one has arrived it becomes an Amana record through the visit or incident service.
 * A submission that cannot be mapped is kept as refused, and the refusal thrown names the form's field.
 */
export async function receiveSubmission(
  ctx: OpenRosaContext,
  xml: string,
  files: ReceivedFile[],
): Promise<Receipt> {
  const parsed = parseInstance(xml);
  if ('reason' in parsed)
    return keepRefused(
      ctx,
      xml,
      {},
      invalid(
        [{ path: parsed.field, message: parsed.detail, code: `openrosa.${parsed.reason}` }],
        parsed.detail,
        {
          code: `openrosa.${parsed.reason}`,
        },
      ),
      null,
    );
  const deviceCtx: OpenRosaContext = {
    ...ctx,
    principal: {
      ...ctx.principal,
      deviceId: parsed.values.deviceid?.slice(0, 128) || ctx.principal.deviceId,
    },
  };
  const existing = await findSubmissionByInstance(ctx.db, parsed.instanceId);
  if (existing) return resubmitted(deviceCtx, existing, xml, parsed, files);
  const { form, current } = await submittedForm(ctx, parsed.formId, parsed.version);
  const named = form ?? current;
  if (!named || !mayFill(ctx, named))
    return keepRefused(
      deviceCtx,
      xml,
      parsed,
      new ServiceError(
        'not_found',
        `no form ${parsed.formId} for you`,
        [{ path: 'id', message: 'no such form', code: 'openrosa.unknown-form' }],
        {
          code: 'openrosa.unknown-form',
          params: { form: parsed.formId.slice(0, 100) },
        },
      ),
      parsed.instanceId,
    );
  if (!form)
    return keepRefused(
      deviceCtx,
      xml,
      parsed,
      conflict(
        `form ${named.definition.id} is now at version ${named.version}, not ${parsed.version}`,
        [{ path: 'version', message: 'is not the current version', code: 'openrosa.form-version' }],
        {
          code: 'openrosa.form-version',
          params: { sent: parsed.version.slice(0, 100), current: named.version },
        },
      ),
      parsed.instanceId,
    );
  // An encrypted form's submission is ODK's manifest: its files are the encrypted media and instance.
  const manifest = form.definition.publicKey ? readEncryptedManifest(xml) : null;
  if (form.definition.publicKey && (!manifest || 'problem' in manifest))
    return keepRefused(
      deviceCtx,
      xml,
      parsed,
      invalid(
        [
          {
            path: 'xml_submission_file',
            message: manifest ? manifest.problem : 'this form is sent encrypted',
            code: 'openrosa.not-encrypted',
          },
        ],
        'this form is sent encrypted',
        { code: 'openrosa.not-encrypted' },
      ),
      parsed.instanceId,
    );
  const now = ctx.clock();
  const id = uuidv7();
  const expected =
    manifest && !('problem' in manifest)
      ? [...manifest.media, manifest.encryptedXmlFile]
      : expectedFiles(form.definition, parsed.values);
  const inserted = await ctx.db.transaction(async (tx) => {
    const made = await insertSubmission(tx, {
      id,
      instance_id: parsed.instanceId,
      form_id: form.definition.id,
      form_version: parsed.version,
      submitted_by: ctx.principal.userId,
      organisation_id: ctx.principal.organisationId,
      app_user_id: ctx.appUser?.id ?? null,
      device_id: deviceCtx.principal.deviceId ?? null,
      xml,
      xml_sha256: sha256(xml),
      received_at: now,
      state: 'awaiting_attachments',
      expected_files: expected,
      refusal_code: null,
      refusal_errors: [],
    });
    if (made)
      await appendEvent(tx, {
        type: 'openrosa.submission_received',
        subjectType: 'submission',
        subjectId: id,
        payload: {
          formId: form.definition.id,
          version: parsed.version,
          instanceId: parsed.instanceId,
          expected,
        },
        actor: actorOf(deviceCtx.principal),
        at: now,
      });
    return made;
  });
  const row = await findSubmissionByInstance(ctx.db, parsed.instanceId);
  if (!row) throw notFound('submission');
  // Another request with the same instance came first: this one is its retry.
  if (!inserted) return resubmitted(deviceCtx, row, xml, parsed, files);
  await storeFiles(deviceCtx, row, files);
  return complete(deviceCtx, id, form, parsed, 201);
}

async function resubmitted(
  ctx: OpenRosaContext,
  row: SubmissionRow,
  xml: string,
  parsed: ParsedInstance,
  files: ReceivedFile[],
): Promise<Receipt> {
  if (row.xml_sha256 !== sha256(xml))
    return keepRefused(
      ctx,
      xml,
      parsed,
      conflict(
        'another submission was already received under this instanceID',
        [{ path: 'meta/instanceID', message: 'already used', code: 'openrosa.instance-conflict' }],
        { code: 'openrosa.instance-conflict' },
      ),
      null,
    );
  if (row.state === 'refused') throw refusalError(row);
  const added = await storeFiles(ctx, row, files);
  const status = added > 0 ? 201 : 202;
  if (row.state === 'applied') {
    const again = await findSubmission(ctx.db, row.id);
    return { status, submission: toView(again ?? row), message: 'duplicate' };
  }
  const { form } = await submittedForm(ctx, row.form_id ?? '', row.form_version ?? '');
  if (!form) throw notFound('form');
  return complete(ctx, row.id, form, parsed, status);
}

/** Applies a submission whose attachments have all arrived; otherwise answers that it waits for them. */
async function complete(
  ctx: OpenRosaContext,
  id: string,
  form: ServedForm,
  parsed: ParsedInstance,
  status: 201 | 202,
): Promise<Receipt> {
  const row = await findSubmission(ctx.db, id);
  if (!row) throw notFound('submission');
  const missing = row.expected_files.filter((f) => !row.files.some((x) => x.filename === f));
  if (missing.length) return { status, submission: toView(row), message: 'waiting' };
  await apply(ctx, row, form, parsed.values, { by: ctx, correctedXml: null });
  const applied = await findSubmission(ctx.db, id);
  return { status, submission: toView(applied ?? row), message: 'applied' };
}

/** Refuses a submission on the record, by the form's field names, and throws the refusal. */
async function refuse(
  ctx: AuthedContext,
  row: SubmissionRow,
  error: ServiceError,
  correctedXml: string | null,
): Promise<never> {
  const errors = error.errors.map((e) => ({ ...e, path: formFieldOf(e.path) }));
  const code = error.code ?? 'openrosa.refused';
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await markRefused(tx, row.id, { code, errors, correctedXml });
    await appendEvent(tx, {
      type: 'openrosa.submission_refused',
      subjectType: 'submission',
      subjectId: row.id,
      payload: { formId: row.form_id, instanceId: row.instance_id, code, fields: errors.map((e) => e.path) },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  throw new ServiceError(error.kind, error.message, errors, {
    code: code as `${string}.${string}`,
    params: error.params,
  });
}

/**
 * Makes the Amana record a submission says, as its submitter, through the same service as the API: the visit
 * service (rules fire) or the incident service; then its photos. `by` is who applies it (the submitter, or an
 * analyst applying a correction), recorded on the submission.
 */
async function apply(
  ctx: OpenRosaContext,
  row: SubmissionRow,
  form: ServedForm,
  sent: Record<string, string>,
  how: { by: AuthedContext; correctedXml: string | null },
): Promise<void> {
  const encrypted = Boolean(form.definition.publicKey) && how.correctedXml === null;
  const values = encrypted ? await decrypted(ctx, row, how) : sent;
  const sites = new Set((await sitesFor(ctx)).map((s) => s.id));
  const mapped = mapSubmission(form.definition, values, sites);
  if ('problems' in mapped)
    return refuse(
      how.by,
      row,
      invalid(mapped.problems, 'the submission cannot become a record', { code: 'openrosa.refused' }),
      how.correctedXml,
    );
  // An encrypted submission's attachments are its encrypted files, not photos.
  const files = form.definition.publicKey ? [] : await listAttachmentContents(ctx.db, row.id);
  const photos = files.map((f) => ({
    filename: f.filename,
    declaredType: f.content_type,
    content: f.content,
  }));
  let recordId: string;
  try {
    for (const p of photos) {
      try {
        checkUpload(p, ctx.config.uploadLimitBytes, IMAGE_TYPES);
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        throw new ServiceError(
          error.kind,
          error.message,
          [
            {
              path: 'photo',
              message: error.message,
              code: error.code ?? 'common.file-type',
              params: error.params,
            },
          ],
          {
            code: error.code ?? 'common.file-type',
            params: error.params,
          },
        );
      }
    }
    const id = row.instance_id ? recordIdOf(row.instance_id) : undefined;
    if (mapped.kind === 'visit') {
      const { visit } = await recordVisit(ctx, { id, ...mapped.visit });
      recordId = visit.id;
      for (const p of photos)
        if (!visit.photos.some((x) => x.filename === p.filename)) await addVisitPhoto(ctx, visit.id, p);
    } else if (mapped.kind === 'assessment') {
      const set = form.definition.criteriaSet;
      if (!set) throw notFound('criteria set');
      const { ratings, ...opening } = mapped.assessment;
      const { assessment } = await createAssessment(ctx, { id, setId: set.id, ...opening });
      recordId = assessment.id;
      await rateRequirements(ctx, assessment.id, ratings);
    } else if (mapped.kind === 'grievance') {
      // Received as the public form receives it: the contact sealed, the case code the reporter's way back.
      const receipt = await submitGrievance(ctx, { id, ...mapped.grievance });
      const grievance = await findGrievanceByCaseCode(ctx.db, receipt.caseCode);
      if (!grievance) throw notFound('grievance');
      recordId = grievance.id;
    } else if (mapped.kind === 'lot') {
      const result = await tagSack(ctx, { id, ...mapped.tag });
      recordId = result.lots[0].id;
    } else {
      const { incident } = await reportIncident(ctx, { id, ...mapped.incident });
      recordId = incident.id;
      for (const p of photos)
        await addIncidentEvidence(ctx, incident.id, { takenAt: mapped.incident.observedAt }, p);
    }
  } catch (error) {
    if (error instanceof ServiceError) return refuse(how.by, row, error, how.correctedXml);
    throw error;
  }
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await markApplied(tx, row.id, {
      recordType: form.definition.record,
      recordId,
      at: now,
      by: how.by.principal.userId,
      correctedXml: how.correctedXml,
    });
    await appendEvent(tx, {
      type: 'openrosa.submission_applied',
      subjectType: 'submission',
      subjectId: row.id,
      payload: {
        formId: row.form_id,
        instanceId: row.instance_id,
        recordType: form.definition.record,
        recordId,
      },
      actor: actorOf(how.by.principal),
      at: now,
    });
  });
}

/** The fields of an encrypted submission, opened with the installation's key; refused when it cannot be opened. */
async function decrypted(
  ctx: OpenRosaContext,
  row: SubmissionRow,
  how: { by: AuthedContext; correctedXml: string | null },
): Promise<Record<string, string>> {
  const manifest = readEncryptedManifest(row.xml);
  const files = await listAttachmentContents(ctx.db, row.id);
  const opened =
    manifest && !('problem' in manifest)
      ? decryptSubmission(
          (await installationKeys(ctx)).privateKey,
          manifest,
          new Map(files.map((f) => [f.filename, Buffer.from(f.content)])),
        )
      : { problem: 'key' as const };
  const inner = 'problem' in opened ? null : parseInstance(opened.xml);
  if (!inner || 'reason' in inner || inner.instanceId !== row.instance_id)
    return refuse(
      how.by,
      row,
      invalid(
        [
          {
            path: 'xml_submission_file',
            message:
              'problem' in opened
                ? `cannot be decrypted (${opened.problem})`
                : 'the decrypted instance is not this one',
            code: 'openrosa.undecryptable',
          },
        ],
        'the encrypted submission cannot be opened',
        { code: 'openrosa.undecryptable' },
      ),
      how.correctedXml,
    );
  return inner.values;
}

function requireAnalyst(ctx: AuthedContext) {
  if (!['admin', 'analyst'].includes(ctx.principal.role))
    throw forbidden('submissions as received are for analysts and administrators', {
      code: 'openrosa.analysts-only',
    });
}

/** Submissions, newest first, by state. */
export async function listSubmissions(
  ctx: AuthedContext,
  f: { state?: SubmissionState; limit: number; cursor?: string },
): Promise<Page<SubmissionView>> {
  requireAnalyst(ctx);
  const after = cursorKey(f.cursor, ['uuid']) as [string] | undefined;
  const rows = await listSubmissionsPage(ctx.db, { state: f.state }, after?.[0] ?? null, f.limit + 1);
  return toPage(rows, f.limit, (r) => [r.id], toView);
}

/** One submission with its raw XML. */
export async function getSubmission(ctx: AuthedContext, id: string): Promise<SubmissionDetailView> {
  requireAnalyst(ctx);
  const row = await findSubmission(ctx.db, id);
  if (!row) throw notFound('submission');
  return { ...toView(row), xml: row.xml, correctedXml: row.corrected_xml };
}

/**
 * Applies a refused submission after an analyst corrected its XML: the record is made as its submitter (within
 * the sites the submitter could pick), the analyst is recorded as who applied it, and both XMLs are kept.
 */
export async function applyCorrected(
  ctx: AuthedContext,
  id: string,
  correctedXml: string,
): Promise<SubmissionDetailView> {
  requireAnalyst(ctx);
  const row = await findSubmission(ctx.db, id);
  if (!row) throw notFound('submission');
  if (row.state !== 'refused')
    throw conflict('only a refused submission is corrected and applied', [], {
      code: 'openrosa.not-refused',
      params: { state: row.state },
    });
  const parsed = parseInstance(correctedXml);
  if ('reason' in parsed)
    throw invalid([{ path: 'xml', message: parsed.detail, code: `openrosa.${parsed.reason}` }]);
  const named = await submittedForm(ctx, parsed.formId, parsed.version);
  const form = named.form ?? named.current;
  if (!form)
    throw invalid([{ path: 'xml', message: 'no such form', code: 'openrosa.unknown-form' }], 'no such form', {
      code: 'openrosa.unknown-form',
      params: { form: parsed.formId.slice(0, 100) },
    });
  if (row.instance_id && parsed.instanceId !== row.instance_id)
    throw invalid([
      { path: 'xml', message: 'keep the instanceID of the submission', code: 'openrosa.instance-changed' },
    ]);
  const submitter = await memberCaller(
    ctx,
    row.submitted_by,
    row.device_id ?? undefined,
    row.organisation_id,
  );
  if (!submitter) throw forbidden('the submitter is no longer a member', { code: 'openrosa.submitter-gone' });
  const appUser = row.app_user_id ? await findAppUser(ctx.db, row.app_user_id) : undefined;
  const as: OpenRosaContext = {
    ...submitter,
    appUser: appUser ? { id: appUser.id, siteIds: appUser.site_ids } : null,
  };
  await apply(as, row, form, parsed.values, { by: ctx, correctedXml });
  return getSubmission(ctx, id);
}
