import { z } from 'zod';
import { RATINGS } from '../../domain/assessments/ratings.ts';
import type { ServiceContext } from '../../services/context.ts';
import { setView } from '../../services/criteria/views.ts';
import { fieldChanges } from '../../services/field/changes.ts';
import { applyBatch, type GrievanceReceipt } from '../../services/field/sync.ts';
import { appendUpload, CHUNK_LIMIT_BYTES, startUpload, uploadState } from '../../services/field/uploads.ts';
import { incidentView } from '../../services/incidents/views.ts';
import { assignmentView } from '../../services/monitoring/views.ts';
import { siteView } from '../../services/sites/views.ts';
import { isoDateTime } from '../../services/views.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { toProblem } from '../error-handler.ts';
import { HttpProblem } from '../problems.ts';
import { idParams, problemSchema, problems } from '../schemas.ts';
import { tagBody } from './custody.ts';
import { grievanceBody } from './grievances.ts';
import { incidentReportBody } from './incidents.ts';
import { visitBody } from './monitoring.ts';

/** How many records one sync request carries at most; a phone sends its outbox in batches of this size or less. */
export const SYNC_BATCH_LIMIT = 50;
const CHUNK = 'application/offset+octet-stream';

const fieldRecord = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('visit'), body: visitBody.extend({ id: z.uuid() }) }),
  z.object({ kind: z.literal('incident'), body: incidentReportBody.extend({ id: z.uuid() }) }),
  z.object({ kind: z.literal('tag'), body: tagBody.extend({ id: z.uuid() }) }),
  z.object({
    kind: z.literal('assessment'),
    body: z
      .object({
        id: z.uuid(),
        setId: z.uuid(),
        siteId: z.uuid(),
        kind: z.enum(['baseline', 'periodic']),
        assessedAt: isoDateTime.describe('When the assessor carried it out, by the phone’s clock'),
        notes: z.string().max(5000).optional(),
        ratings: z
          .array(
            z.object({
              code: z.string().trim().min(1).max(16),
              rating: z.enum(RATINGS),
              notes: z.string().max(5000).optional(),
            }),
          )
          .max(500),
      })
      .describe(
        'A checklist filled in on the phone: a draft assessment with its ratings, for the assessor to submit',
      ),
  }),
  z.object({
    kind: z.literal('grievance'),
    body: grievanceBody
      .extend({
        id: z.uuid(),
        takenDownAt: isoDateTime.describe('When the monitor took it down, by the phone’s clock'),
      })
      .describe(
        'A grievance a monitor took down for someone who cannot use a phone; contact details are sealed',
      ),
  }),
]);
const RECORD_KINDS = ['visit', 'incident', 'tag', 'assessment', 'grievance'] as const;

const recordResult = z.object({
  id: z.uuid(),
  kind: z.enum(RECORD_KINDS),
  outcome: z.enum(['applied', 'already-applied', 'refused']),
  problem: problemSchema.optional().describe('Refused: what the server said, with what to fix'),
  receipt: z
    .object({ caseCode: z.string(), secret: z.string() })
    .optional()
    .describe('A grievance taken down: the case code and secret to hand to its reporter'),
});

const uploadView = z.object({
  id: z.uuid(),
  visitId: z.uuid(),
  sizeBytes: z.number().int(),
  offset: z.number().int().describe('How many bytes the server holds: the next chunk starts here'),
  complete: z.boolean(),
});

/** The offline field app's sync: a phone's outbox in, the changes at its sites out, photos in resumable chunks. */
export function fieldRoutes(app: App, ctx: ServiceContext) {
  const tags = ['field'];
  app.addContentTypeParser(
    CHUNK,
    { parseAs: 'buffer', bodyLimit: CHUNK_LIMIT_BYTES + 1024 },
    (_req, body, done) => done(null, body),
  );

  app.post(
    '/api/field/sync',
    {
      schema: {
        tags,
        summary:
          "Apply a phone's outbox in order, each record once however often it is sent: applied, already applied or refused with the problem",
        body: z.object({ records: z.array(fieldRecord).min(1).max(SYNC_BATCH_LIMIT) }),
        response: { 200: z.object({ results: z.array(recordResult) }), ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const outcomes = await applyBatch(authed(request, ctx), request.body.records);
      return {
        results: outcomes.map((o) =>
          o.outcome === 'refused'
            ? { id: o.id, kind: o.kind, outcome: o.outcome, problem: toProblem(o.error, request.url) }
            : o.kind === 'grievance'
              ? { id: o.id, kind: o.kind, outcome: o.outcome, receipt: o.record as GrievanceReceipt }
              : { id: o.id, kind: o.kind, outcome: o.outcome },
        ),
      };
    },
  );

  app.get(
    '/api/field/changes',
    {
      schema: {
        tags,
        summary:
          'What a phone needs since its checkpoint: its sites and their status, its assignments, the incidents at its sites (everything when `full`), and for assessors the criteria sets to assess against',
        querystring: z.object({
          since: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
        }),
        response: {
          200: z.object({
            checkpoint: z.number().int().describe('Send it as `since` next time'),
            full: z.boolean().describe('Everything was sent: replace what the phone holds'),
            sites: z.array(siteView),
            assignments: z.array(assignmentView),
            incidents: z.array(incidentView),
            criteriaSets: z
              .array(setView)
              .describe(
                'For assessors: the latest published version of each site criteria set, with its requirements',
              ),
          }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => fieldChanges(authed(request, ctx), request.query.since),
  );

  app.post(
    '/api/field/uploads',
    {
      schema: {
        tags,
        summary:
          'Declare a photo of a visit that will come in chunks (declaring it again answers how far it got)',
        body: z.object({
          id: z.uuid(),
          visitId: z.uuid(),
          filename: z.string().trim().min(1).max(200),
          contentType: z.enum(['image/jpeg', 'image/png', 'image/webp']),
          sizeBytes: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
          sha256: z.string().regex(/^[0-9a-f]{64}$/, 'the SHA-256 of the photo, in lower-case hex'),
        }),
        response: { 200: uploadView, 201: uploadView, ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const { upload, created } = await startUpload(authed(request, ctx), request.body);
      return reply.status(created ? 201 : 200).send(upload);
    },
  );

  app.get(
    '/api/field/uploads/:id',
    {
      schema: {
        tags,
        summary: 'How far an upload got: the offset to resume from',
        params: idParams,
        response: { 200: uploadView, ...problems(401, 404) },
      },
    },
    async (request) => uploadState(authed(request, ctx), request.params.id),
  );

  app.patch(
    '/api/field/uploads/:id',
    {
      schema: {
        tags,
        summary: `Append a chunk (${CHUNK}, at most ${CHUNK_LIMIT_BYTES} bytes) at the offset in Upload-Offset; the last one makes the photo`,
        params: idParams,
        headers: z.object({ 'upload-offset': z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }),
        consumes: [CHUNK],
        response: { 200: uploadView, ...problems(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body))
        throw new HttpProblem('unsupported-media-type', `send the chunk as ${CHUNK}`, [], {
          code: 'field.chunk-type',
        });
      return appendUpload(
        authed(request, ctx),
        request.params.id,
        request.headers['upload-offset'],
        request.body,
      );
    },
  );
}
