import { z } from 'zod';
import { sayLabel } from '../../domain/openrosa/xform.ts';
import type { ServiceContext } from '../../services/context.ts';
import { createAppUser, listAppUsers, revokeAppUserToken } from '../../services/openrosa/app-users.ts';
import { currentForms } from '../../services/openrosa/forms.ts';
import { translate } from '../../services/openrosa/labels.ts';
import { applyCorrected, getSubmission, listSubmissions } from '../../services/openrosa/submissions.ts';
import {
  appUserView,
  formView,
  newAppUserView,
  SUBMISSION_STATES,
  submissionDetailView,
  submissionView,
} from '../../services/openrosa/views.ts';
import { xlsFormOf } from '../../services/openrosa/xlsform.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { idParams, pageOf, pageQuery, problems } from '../schemas.ts';

/** The web's side of the OpenRosa server: forms and versions, app users, submissions as received. */
export function openRosaAdminRoutes(app: App, ctx: ServiceContext) {
  const tags = ['openrosa'];

  app.get(
    '/api/openrosa/forms',
    {
      schema: {
        tags,
        summary: 'The forms served to ODK Collect, with their current versions',
        response: { 200: z.array(formView), ...problems(401) },
      },
    },
    async (request) => {
      authed(request, ctx);
      return (await currentForms(ctx)).map((f) => ({
        formId: f.definition.id,
        title: f.title,
        titles: {
          fr: sayLabel(f.definition.title, 'fr', translate),
          en: sayLabel(f.definition.title, 'en', translate),
          sw: sayLabel(f.definition.title, 'sw', translate),
        },
        version: f.version,
        hash: `md5:${f.md5}`,
        fields: f.definition.fields.length,
      }));
    },
  );

  app.get(
    '/api/openrosa/forms/:formId/xlsform',
    {
      schema: {
        tags,
        summary:
          'A form as an XLSForm workbook (survey, choices, settings; labels in fr, en, sw) for KoBoToolbox',
        params: z.object({ formId: z.string().max(200) }),
        response: { ...problems(401, 404) },
      },
    },
    async (request, reply) => {
      const { name, content } = await xlsFormOf(authed(request, ctx), request.params.formId);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(content as never);
    },
  );

  app.get(
    '/api/openrosa/app-users',
    {
      schema: {
        tags,
        summary: 'App users (tokens for ODK Collect), newest first',
        querystring: z.object({ ...pageQuery }),
        response: { 200: pageOf(appUserView), ...problems(400, 401, 403) },
      },
    },
    async (request) => listAppUsers(authed(request, ctx), request.query),
  );

  app.post(
    '/api/openrosa/app-users',
    {
      schema: {
        tags,
        summary: 'Make an app user for a member, limited to sites; its token is shown once',
        body: z.object({
          name: z.string().trim().min(1).max(200),
          userId: z.uuid(),
          organisationId: z.uuid(),
          siteIds: z.array(z.uuid()).min(1).max(1000),
        }),
        response: { 201: newAppUserView, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { view, token } = await createAppUser(authed(request, ctx), request.body);
      return reply.status(201).send({
        ...view,
        token,
        serverUrl: `${request.protocol}://${request.host}/openrosa/key/${token}`,
      });
    },
  );

  app.post(
    '/api/openrosa/app-users/:id/revoke',
    {
      schema: {
        tags,
        summary: "Revoke an app user's token",
        params: idParams,
        response: { 200: appUserView, ...problems(401, 403, 404, 409) },
      },
    },
    async (request) => revokeAppUserToken(authed(request, ctx), request.params.id),
  );

  app.get(
    '/api/openrosa/submissions',
    {
      schema: {
        tags,
        summary: 'Submissions as received, newest first, by state (applied, refused, awaiting attachments)',
        querystring: z.object({ state: z.enum(SUBMISSION_STATES).optional(), ...pageQuery }),
        response: { 200: pageOf(submissionView), ...problems(400, 401, 403) },
      },
    },
    async (request) => listSubmissions(authed(request, ctx), request.query),
  );

  app.get(
    '/api/openrosa/submissions/:id',
    {
      schema: {
        tags,
        summary: 'One submission with the XML it was sent as',
        params: idParams,
        response: { 200: submissionDetailView, ...problems(401, 403, 404) },
      },
    },
    async (request) => getSubmission(authed(request, ctx), request.params.id),
  );

  app.post(
    '/api/openrosa/submissions/:id/apply',
    {
      schema: {
        tags,
        summary: 'Apply a refused submission after correcting its XML (the record is its submitter’s)',
        params: idParams,
        body: z.object({ xml: z.string().min(1).max(1_000_000) }),
        response: { 200: submissionDetailView, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => applyCorrected(authed(request, ctx), request.params.id, request.body.xml),
  );
}
