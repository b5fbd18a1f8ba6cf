import { z } from 'zod';
import { SET_KINDS } from '../../domain/criteria/criteria-set.ts';
import type { ServiceContext } from '../../services/context.ts';
import {
  createSet,
  deleteRequirement,
  getSet,
  listSets,
  newVersion,
  publishSet,
  putRequirement,
  updateSet,
} from '../../services/criteria/criteria-sets.ts';
import { importSet, setDocument, setToXlsx } from '../../services/criteria/set-exchange.ts';
import { requirementSchema, setInputSchema } from '../../services/criteria/set-input.ts';
import { SET_STATUSES, setSummaryView, setView } from '../../services/criteria/views.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { idParams, pageOf, pageQuery, problems } from '../schemas.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const revision = z.object({ revision: z.number().int().min(1) });

export function criteriaRoutes(app: App, ctx: ServiceContext) {
  const tags = ['criteria'];
  app.addContentTypeParser(XLSX, { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 }, (_req, body, done) =>
    done(null, body),
  );

  app.get(
    '/api/criteria-sets',
    {
      schema: {
        tags,
        summary: 'List criteria sets, every version, by key and newest version first',
        querystring: z.object({
          kind: z.enum(SET_KINDS).optional(),
          status: z.enum(SET_STATUSES).optional(),
          key: z.string().max(64).optional(),
          ...pageQuery,
        }),
        response: { 200: pageOf(setSummaryView), ...problems(400, 401) },
      },
    },
    async (request) => listSets(authed(request, ctx), request.query),
  );

  app.post(
    '/api/criteria-sets',
    {
      schema: {
        tags,
        summary:
          'Create a draft set: version 1 of a new key, or the next version of an existing key (201); a retry with the same id answers 200',
        body: setInputSchema.extend({ id: z.uuid().optional() }),
        response: { 200: setView, 201: setView, ...problems(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const { set, created } = await createSet(authed(request, ctx), request.body);
      return reply.status(created ? 201 : 200).send(set);
    },
  );

  app.post(
    '/api/criteria-sets/import',
    {
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        tags,
        summary: `Import a set as a new draft: the JSON of the export (application/json) or its workbook (${XLSX})`,
        response: { 201: setView, ...problems(400, 401, 403, 409, 415) },
      },
    },
    async (request, reply) => {
      const c = authed(request, ctx);
      const isXlsx = Buffer.isBuffer(request.body);
      const content = isXlsx ? (request.body as Buffer) : Buffer.from(JSON.stringify(request.body ?? null));
      return reply.status(201).send(await importSet(c, { content, format: isXlsx ? 'xlsx' : 'json' }));
    },
  );

  app.get(
    '/api/criteria-sets/:id',
    {
      schema: {
        tags,
        summary: 'One set version with its requirements',
        params: idParams,
        response: { 200: setView, ...problems(401, 404) },
      },
    },
    async (request) => getSet(authed(request, ctx), request.params.id),
  );

  app.put(
    '/api/criteria-sets/:id',
    {
      schema: {
        tags,
        summary: "Replace a draft's name, description and requirements (a published set never changes: 409)",
        params: idParams,
        body: setInputSchema
          .pick({ name: true, description: true, requirements: true })
          .extend(revision.shape),
        response: { 200: setView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => updateSet(authed(request, ctx), request.params.id, request.body),
  );

  app.put(
    '/api/criteria-sets/:id/requirements/:code',
    {
      schema: {
        tags,
        summary: 'Add or replace one requirement of a draft',
        params: z.object({ id: z.uuid(), code: z.string().max(16) }),
        body: z.object({ requirement: requirementSchema, revision: z.number().int().min(1) }),
        response: { 200: setView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      putRequirement(
        authed(request, ctx),
        request.params.id,
        request.params.code.toUpperCase(),
        request.body.requirement,
        request.body.revision,
      ),
  );

  app.delete(
    '/api/criteria-sets/:id/requirements/:code',
    {
      schema: {
        tags,
        summary: 'Remove one requirement from a draft',
        params: z.object({ id: z.uuid(), code: z.string().max(16) }),
        querystring: z.object({ revision: z.coerce.number().int().min(1) }),
        response: { 200: setView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      deleteRequirement(
        authed(request, ctx),
        request.params.id,
        request.params.code.toUpperCase(),
        request.query.revision,
      ),
  );

  app.post(
    '/api/criteria-sets/:id/publish',
    {
      schema: {
        tags,
        summary: 'Publish a draft: from then on it is immutable',
        params: idParams,
        body: revision,
        response: { 200: setView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => publishSet(authed(request, ctx), request.params.id, request.body.revision),
  );

  app.post(
    '/api/criteria-sets/:id/versions',
    {
      schema: {
        tags,
        summary: 'Start the next version as a draft copy of this one',
        params: idParams,
        response: { 201: setView, ...problems(401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await newVersion(authed(request, ctx), request.params.id)),
  );

  app.get(
    '/api/criteria-sets/:id/export',
    {
      schema: {
        tags,
        summary: 'Export a set as JSON or as an xlsx workbook (one row per requirement)',
        params: idParams,
        querystring: z.object({ format: z.enum(['json', 'xlsx']).default('json') }),
        response: { ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const set = await getSet(authed(request, ctx), request.params.id);
      const name = `${set.key}-v${set.version}`;
      if (request.query.format === 'xlsx') {
        return reply
          .type(XLSX)
          .header('content-disposition', `attachment; filename="${name}.xlsx"`)
          .send((await setToXlsx(set)) as never);
      }
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.json"`)
        .send(JSON.stringify(setDocument(set), null, 2) as never);
    },
  );
}
