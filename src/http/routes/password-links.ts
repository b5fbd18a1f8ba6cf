import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ROLES } from '../../domain/access/roles.ts';
import {
  inviteUser,
  requestPasswordReset,
  sendPasswordLink,
  setPasswordWithLink,
} from '../../services/access/password-links.ts';
import { userView } from '../../services/access/views.ts';
import type { ServiceContext } from '../../services/context.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { perAddress } from '../rate-limit.ts';
import { idParams, problems } from '../schemas.ts';

const linkSentView = z.object({
  expiresAt: z.iso.datetime({ offset: true }),
  mailed: z.boolean().describe('Whether the e-mail left for the SMTP server; when not, send the link again'),
  mailError: z.string().nullable(),
});

const tags = ['access'];

export function passwordLinkRoutes(app: App, ctx: ServiceContext) {
  // A link names where users reach Amana: the configured address, else (for an administrator's own request) the
  // address the administrator used. A public request never chooses it, so nobody can send a link to their site.
  const adminBase = (request: FastifyRequest) =>
    ctx.config.publicUrl ?? `${request.protocol}://${request.host}`;
  const publicBase = () => ctx.config.publicUrl ?? `http://localhost:${ctx.config.port}`;

  app.post(
    '/api/invitations',
    {
      schema: {
        tags,
        summary:
          'Invite someone (administrators): creates the user without a password, with their roles, and e-mails a link to choose one',
        body: z.object({
          id: z.uuid().optional(),
          email: z.email().max(254),
          name: z.string().trim().min(1).max(200),
          locale: z.enum(['fr', 'en', 'sw']).optional(),
          memberships: z
            .array(z.object({ organisationId: z.uuid(), role: z.enum(ROLES) }))
            .min(1)
            .max(20),
        }),
        response: {
          200: z.object({ user: userView, invitation: linkSentView.nullable() }),
          201: z.object({ user: userView, invitation: linkSentView.nullable() }),
          ...problems(400, 401, 403, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const { user, created, invitation } = await inviteUser(
        authed(request, ctx),
        request.body,
        adminBase(request),
      );
      return reply.status(created ? 201 : 200).send({ user, invitation });
    },
  );

  app.post(
    '/api/users/:id/password-link',
    {
      schema: {
        tags,
        summary:
          'E-mail a user a new link to set their password (administrators); earlier links stop working',
        params: idParams,
        response: { 201: linkSentView, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await sendPasswordLink(authed(request, ctx), request.params.id, adminBase(request))),
  );

  app.post(
    '/api/password-reset',
    {
      config: perAddress('password-reset', 'password reset requests', ctx.config.loginRate.address),
      schema: {
        tags,
        summary:
          'Forgot your password: a link to choose a new one is e-mailed to this address if it has an account; the answer is the same either way',
        body: z.object({ email: z.string().trim().min(3).max(254) }),
        response: { 202: z.null(), ...problems(400, 429) },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(ctx, request.body.email, publicBase());
      return reply.status(202).send(null);
    },
  );

  app.post(
    '/api/password-link',
    {
      config: perAddress('password-link', 'password link attempts', ctx.config.loginRate.address),
      schema: {
        tags,
        summary:
          "Choose a password with the link an e-mail carried (its secret, after the '#'); then sign in. The user's sessions and tokens end",
        body: z.object({
          token: z.string().min(1).max(200),
          password: z.string().max(200),
        }),
        response: { 200: z.object({ email: z.string() }), ...problems(400, 429) },
      },
    },
    async (request) => setPasswordWithLink(ctx, request.body),
  );
}
