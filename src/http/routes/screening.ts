import { z } from 'zod';
import { validationCode } from '../../domain/problems/validation-code.ts';
import { HIT_DECISIONS, HIT_STATUSES } from '../../domain/screening/hit-review.ts';
import { LIST_FORMATS, LIST_KINDS } from '../../domain/screening/list-entry.ts';
import { MERGE_RECORD_TYPES } from '../../domain/screening/merge.ts';
import type { ServiceContext } from '../../services/context.ts';
import {
  organisationDuplicates,
  personDuplicates,
  siteDuplicates,
} from '../../services/screening/duplicates.ts';
import { decideHit, getHit, listHits, screeningStatus } from '../../services/screening/hits.ts';
import {
  getEntry,
  getVersion,
  importList,
  listVersions,
  requireImporter,
  versionChanges,
  versionEntries,
} from '../../services/screening/lists.ts';
import { listMerges, mergeRecords, recordHistory } from '../../services/screening/merge.ts';
import {
  duplicateView,
  entryChangeView,
  historyEventView,
  hitDetailView,
  hitView,
  listEntryView,
  listVersionView,
  mergeView,
  screeningStatusView,
} from '../../services/screening/views.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { readUpload } from '../multipart.ts';
import { HttpProblem } from '../problems.ts';
import { idParams, pageOf, pageQuery, problems, versionField } from '../schemas.ts';

const importFields = z.object({
  format: z.enum(LIST_FORMATS).optional(),
  list: z.string().trim().min(1).max(64).optional(),
  name: z.string().trim().min(1).max(200).optional(),
  kind: z.enum(LIST_KINDS).optional(),
});

export function screeningRoutes(app: App, ctx: ServiceContext) {
  const tags = ['screening'];

  app.post(
    '/api/screening/lists/import',
    {
      schema: {
        tags,
        summary:
          'Import a version of a sanctions or PEP list (multipart/form-data: fields format, list, name, kind, then the file): ' +
          'the UN consolidated list as XML, or the generic CSV (reference, kind, name, aliases, birth_dates, nationalities, ' +
          'documents, countries, program, listed_on, comments). Everyone is then screened against it.',
        consumes: ['multipart/form-data'],
        response: { 201: listVersionView, ...problems(400, 401, 403, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const c = authed(request, ctx);
      // Refused before a byte of the file is read.
      requireImporter(c);
      let upload: Awaited<ReturnType<typeof readUpload>>;
      try {
        upload = await readUpload(request, ctx.config.screeningListMaxBytes);
      } catch (error) {
        if (error instanceof HttpProblem && error.slug === 'payload-too-large')
          throw new HttpProblem('payload-too-large', error.message, [], {
            code: 'screening.file-too-large',
            params: { limit: ctx.config.screeningListMaxBytes },
          });
        throw error;
      }
      const fields = importFields.safeParse(upload.fields);
      if (!fields.success)
        throw new HttpProblem(
          'invalid-input',
          'some fields of the form are invalid',
          fields.error.issues.map((i) => ({
            path: i.path.join('.'),
            message: i.message,
            ...validationCode({
              keyword: i.code,
              message: i.message,
              params: i as unknown as Record<string, unknown>,
            }),
          })),
          undefined, // each field's code says it
        );
      const version = await importList(c, {
        filename: upload.filename,
        content: upload.content,
        format: fields.data.format,
        list: { key: fields.data.list, name: fields.data.name, kind: fields.data.kind },
      });
      return reply.status(201).send(version);
    },
  );

  app.get(
    '/api/screening/list-versions',
    {
      schema: {
        tags,
        summary: 'Versions of the lists screened against, newest first',
        querystring: z.object({
          list: z.string().max(64).optional().describe('Only this list, by its key (e.g. un-consolidated)'),
          ...pageQuery,
        }),
        response: { 200: pageOf(listVersionView), ...problems(400, 401, 403) },
      },
    },
    async (request) => listVersions(authed(request, ctx), request.query),
  );

  app.get(
    '/api/screening/list-versions/:id',
    {
      schema: {
        tags,
        summary: 'One list version: its counts, its difference from the previous one and its screening',
        params: idParams,
        response: { 200: listVersionView, ...problems(401, 403, 404) },
      },
    },
    async (request) => getVersion(authed(request, ctx), request.params.id),
  );

  app.get(
    '/api/screening/list-versions/:id/changes',
    {
      schema: {
        tags,
        summary:
          'What a version changed from the one before: entries added, removed and changed, by reference',
        params: idParams,
        querystring: z.object({ change: z.enum(['added', 'removed', 'changed']).optional(), ...pageQuery }),
        response: { 200: pageOf(entryChangeView), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => versionChanges(authed(request, ctx), request.params.id, request.query),
  );

  app.get(
    '/api/screening/list-versions/:id/entries',
    {
      schema: {
        tags,
        summary: "A version's entries by reference",
        params: idParams,
        querystring: z.object({
          q: z.string().max(100).optional().describe('Part of a name, or the beginning of a reference'),
          kind: z.enum(['individual', 'entity']).optional(),
          program: z.string().max(32).optional().describe('A sanctions regime, e.g. DRC'),
          ...pageQuery,
        }),
        response: { 200: pageOf(listEntryView), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => versionEntries(authed(request, ctx), request.params.id, request.query),
  );

  app.get(
    '/api/screening/list-versions/:id/entries/:reference',
    {
      schema: {
        tags,
        summary: 'One entry of a list version, with every field the list gives',
        params: z.object({ id: z.uuid(), reference: z.string().min(1).max(64) }),
        response: { 200: listEntryView, ...problems(401, 403, 404) },
      },
    },
    async (request) => getEntry(authed(request, ctx), request.params.id, request.params.reference),
  );

  app.get(
    '/api/screening/hits',
    {
      schema: {
        tags,
        summary: 'The review queue: hits of a status (open by default), the most alike first',
        querystring: z.object({
          status: z.enum(HIT_STATUSES).default('open'),
          organisationId: z.uuid().optional().describe("An organisation's hits, its own and its people's"),
          subjectId: z.uuid().optional().describe('The hits of one organisation or person itself'),
          ...pageQuery,
        }),
        response: { 200: pageOf(hitView), ...problems(400, 401, 403) },
      },
    },
    async (request) => listHits(authed(request, ctx), request.query),
  );

  app.get(
    '/api/screening/hits/:id',
    {
      schema: {
        tags,
        summary:
          'One hit: the registered actor and the list entry side by side, why they matched, its history',
        params: idParams,
        response: { 200: hitDetailView, ...problems(401, 403, 404) },
      },
    },
    async (request) => getHit(authed(request, ctx), request.params.id),
  );

  app.post(
    '/api/screening/hits/:id/decision',
    {
      schema: {
        tags,
        summary:
          'Confirm or dismiss an open hit, with a reason. A confirmed sanctions hit red-flags the actor and the organisations ' +
          'owning it or owned by it, blocks their KYC verification and their receiving material, and opens a level-1 incident',
        params: idParams,
        body: z.object({
          decision: z.enum(HIT_DECISIONS),
          reason: z.string().trim().min(1).max(2000),
          version: versionField,
        }),
        response: { 200: hitDetailView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => decideHit(authed(request, ctx), request.params.id, request.body),
  );

  app.get(
    '/api/organisations/:id/screening',
    {
      schema: {
        tags,
        summary:
          "An organisation's screening: when last screened, its hits by status, and the confirmed hits concerning it with their paths",
        params: idParams,
        response: { 200: screeningStatusView, ...problems(401, 403, 404) },
      },
    },
    async (request) => screeningStatus(authed(request, ctx), 'organisation', request.params.id),
  );

  app.get(
    '/api/persons/:id/screening',
    {
      schema: {
        tags,
        summary: "A person's screening: when last screened and the hits by status",
        params: idParams,
        response: { 200: screeningStatusView, ...problems(401, 403, 404) },
      },
    },
    async (request) => screeningStatus(authed(request, ctx), 'person', request.params.id),
  );

  const text = (max: number) => z.string().trim().min(1).max(max);
  const duplicates = { 200: z.array(duplicateView), ...problems(400, 401, 403) };

  app.post(
    '/api/organisations/duplicates',
    {
      schema: {
        tags,
        summary:
          'Before registering an organisation: those already registered it may be (the same registration number, or an alike name)',
        body: z.object({
          legalName: text(300),
          tradeNames: z.array(text(300)).max(20).optional(),
          registrationNumbers: z
            .array(z.object({ number: text(64) }))
            .max(10)
            .optional(),
        }),
        response: duplicates,
      },
    },
    async (request) => organisationDuplicates(authed(request, ctx), request.body),
  );

  app.post(
    '/api/persons/duplicates',
    {
      schema: {
        tags,
        summary:
          "Before registering a person: the organisation's people it may be (an alike name, the same birth year when both are known), and anyone holding the same card",
        body: z.object({
          organisationId: z.uuid(),
          fullName: text(200),
          cardNumber: text(64).nullish(),
          birthYear: z.number().int().min(1900).max(2100).nullish(),
        }),
        response: duplicates,
      },
    },
    async (request) => personDuplicates(authed(request, ctx), request.body),
  );

  app.post(
    '/api/sites/duplicates',
    {
      schema: {
        tags,
        summary:
          'Before creating a site: those with the same code, an alike name, or within AMANA_DUPLICATE_SITE_DISTANCE_M of its geometry',
        body: z.object({
          code: z.string().trim().max(32).nullish(),
          name: text(200),
          geometry: z
            .unknown()
            .optional()
            .describe('GeoJSON Point, Polygon or MultiPolygon; an invalid one is ignored'),
        }),
        response: duplicates,
      },
    },
    async (request) => siteDuplicates(authed(request, ctx), request.body),
  );

  app.post(
    '/api/screening/merges',
    {
      schema: {
        tags,
        summary:
          'Merge one organisation, person or site into another of its kind (administrators and analysts): the merged ' +
          'record is kept, marked merged, and read as the survivor; what it holds now (people, licences, ownership, ' +
          'numbers, evidence, sites operated) moves to the survivor; its events, reviews, visits, lots stay its own and ' +
          "are read in the survivor's history; its open hits become the survivor's, which is screened again",
        body: z.object({
          recordType: z.enum(MERGE_RECORD_TYPES),
          mergedId: z.uuid().describe('The duplicate, marked merged'),
          survivorId: z.uuid().describe('The record that stays'),
          reason: text(2000),
        }),
        response: { 201: mergeView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await mergeRecords(authed(request, ctx), request.body)),
  );

  app.get(
    '/api/screening/merges',
    {
      schema: {
        tags,
        summary: 'The merges into a record (and into those merged into it), newest first',
        querystring: z.object({
          recordType: z.enum(MERGE_RECORD_TYPES),
          survivorId: z.uuid(),
          ...pageQuery,
        }),
        response: { 200: pageOf(mergeView), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { recordType, survivorId, ...page } = request.query;
      return listMerges(authed(request, ctx), recordType, survivorId, page);
    },
  );

  for (const [type, path] of [
    ['organisation', '/api/organisations/:id/history'],
    ['person', '/api/persons/:id/history'],
    ['site', '/api/sites/:id/history'],
  ] as const)
    app.get(
      path,
      {
        schema: {
          tags,
          summary: `A ${type}'s history: the events about it and about every record merged into it, newest first, as appended`,
          params: idParams,
          querystring: z.object(pageQuery),
          response: { 200: pageOf(historyEventView), ...problems(400, 401, 403, 404) },
        },
      },
      async (request) => recordHistory(authed(request, ctx), type, request.params.id, request.query),
    );
}
