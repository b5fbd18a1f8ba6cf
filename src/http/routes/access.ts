import { z } from 'zod';
import { ROLES } from '../../domain/access/roles.ts';
import { login, logout, switchOrganisation } from '../../services/access/sessions.ts';
import { createToken, listTokens, revokeToken } from '../../services/access/tokens.ts';
import {
  changeOwnPassword,
  createUser,
  getUser,
  listUsers,
  me,
  updateUser,
} from '../../services/access/users.ts';
import {
  type MeView,
  meView,
  newTokenView,
  passwordChangeView,
  sessionView,
  tokenView,
  userView,
} from '../../services/access/views.ts';
import type { ServiceContext } from '../../services/context.ts';
import type { App } from '../app-types.ts';
import { authed, SESSION_COOKIE } from '../auth.ts';
import { HttpProblem } from '../problems.ts';
import { loginThrottle, perAddress } from '../rate-limit.ts';
import { idParams, pageOf, pageQuery, problems, versionField } from '../schemas.ts';

const role = z.enum(ROLES);
const membership = z.object({ organisationId: z.uuid(), role });
const locale = z.enum(['fr', 'en', 'sw']);

export function accessRoutes(app: App, ctx: ServiceContext) {
  const meOf = async (c: ReturnType<typeof authed>): Promise<MeView> => ({
    ...(await me(c)),
    current: { organisationId: c.principal.organisationId, role: c.principal.role, via: c.principal.via },
  });
  const throttle = loginThrottle(app, ctx);

  app.post(
    '/api/session',
    {
      schema: {
        tags: ['access'],
        summary: 'Sign in with e-mail and password; sets an HttpOnly session cookie',
        body: z.object({
          email: z.string().trim().min(3).max(254),
          password: z.string().min(1).max(200),
          organisationId: z.uuid().optional(),
        }),
        response: { 200: sessionView, ...problems(400, 403, 429) },
      },
    },
    async (request, reply) => {
      await throttle.attempt(request, reply);
      const session = await login(ctx, request.body);
      await throttle.succeeded(request, request.body.email);
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: ctx.config.secureCookies,
        expires: session.expiresAt,
      });
      return {
        ...(await meOf({ ...ctx, principal: session.principal })),
        expiresAt: session.expiresAt.toISOString(),
      };
    },
  );

  app.delete(
    '/api/session',
    { schema: { tags: ['access'], summary: 'Sign out', response: { 204: z.null() } } },
    async (request, reply) => {
      if (request.sessionToken) await logout(ctx, request.sessionToken);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/session/organisation',
    {
      schema: {
        tags: ['access'],
        summary: 'Act for another of your organisations',
        body: z.object({ organisationId: z.uuid() }),
        response: { 200: meView, ...problems(400, 401) },
      },
    },
    async (request) => {
      const c = authed(request, ctx);
      if (!request.sessionToken || c.principal.via !== 'session') {
        throw new HttpProblem(
          'malformed-request',
          'an API token is bound to one organisation; create one for the other',
          [],
          { code: 'access.token-one-organisation' },
        );
      }
      const principal = await switchOrganisation(
        ctx,
        request.sessionToken,
        c.principal,
        request.body.organisationId,
      );
      return meOf({ ...c, principal });
    },
  );

  app.get(
    '/api/me',
    {
      schema: {
        tags: ['access'],
        summary: 'Who is signed in, for which organisation and role',
        response: { 200: meView, ...problems(401) },
      },
    },
    async (request) => meOf(authed(request, ctx)),
  );

  app.post(
    '/api/me/password',
    {
      // A stolen session must not be able to guess the current password without end.
      config: perAddress('password-change', 'password changes', ctx.config.loginRate.address),
      schema: {
        tags: ['access'],
        summary:
          'Change your password, giving the current one; your other sessions end and your other API tokens are revoked',
        body: z.object({
          currentPassword: z.string().min(1).max(200),
          newPassword: z.string().max(200),
        }),
        response: {
          200: passwordChangeView,
          ...problems(400, 401, 409, 429),
        },
      },
    },
    async (request) => {
      const c = authed(request, ctx);
      // The credential this request came with is the one that stays signed in.
      const secret =
        c.principal.via === 'session'
          ? request.sessionToken
          : /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      return changeOwnPassword(c, request.body, { kind: c.principal.via, secret: secret ?? '' });
    },
  );

  app.get(
    '/api/users',
    {
      schema: {
        tags: ['access'],
        summary: 'List users (administrators)',
        querystring: z.object({
          q: z.string().max(100).optional(),
          role: role.optional(),
          organisationId: z.uuid().optional(),
          ...pageQuery,
        }),
        response: { 200: pageOf(userView), ...problems(400, 401, 403) },
      },
    },
    async (request) => listUsers(authed(request, ctx), request.query),
  );

  app.post(
    '/api/users',
    {
      schema: {
        tags: ['access'],
        summary: 'Create a user with their memberships (administrators)',
        body: z.object({
          id: z.uuid().optional(),
          email: z.email().max(254),
          name: z.string().trim().min(1).max(200),
          password: z.string().max(200).optional(),
          locale: locale.optional(),
          memberships: z.array(membership).min(1).max(20),
        }),
        response: { 200: userView, 201: userView, ...problems(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const { user, created } = await createUser(authed(request, ctx), request.body);
      return reply.status(created ? 201 : 200).send(user);
    },
  );

  app.get(
    '/api/users/:id',
    {
      schema: {
        tags: ['access'],
        summary: 'One user',
        params: idParams,
        response: { 200: userView, ...problems(401, 403, 404) },
      },
    },
    async (request) => getUser(authed(request, ctx), request.params.id),
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['access'],
        summary:
          'Change a user (yourself: name and locale; administrators: also roles, access and passwords)',
        params: idParams,
        body: z.object({
          version: versionField,
          name: z.string().trim().min(1).max(200).optional(),
          locale: locale.optional(),
          password: z
            .string()
            .max(200)
            .optional()
            .describe("Administrators: set another user's password (ends their sessions and tokens)"),
          disabled: z.boolean().optional(),
          memberships: z.array(membership).min(1).max(20).optional(),
        }),
        response: { 200: userView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => updateUser(authed(request, ctx), request.params.id, request.body),
  );

  app.get(
    '/api/tokens',
    {
      schema: {
        tags: ['access'],
        summary: "List API tokens (yours; administrators: anyone's)",
        querystring: z.object({ userId: z.uuid().optional(), ...pageQuery }),
        response: { 200: pageOf(tokenView), ...problems(400, 401) },
      },
    },
    async (request) => listTokens(authed(request, ctx), request.query),
  );

  app.post(
    '/api/tokens',
    {
      schema: {
        tags: ['access'],
        summary: 'Create an API token; the secret is shown once, in this answer',
        body: z.object({
          name: z.string().trim().min(1).max(100),
          userId: z.uuid().optional(),
          organisationId: z.uuid().optional(),
          expiresAt: z.iso.datetime({ offset: true }).optional(),
        }),
        response: { 201: newTokenView, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { token, view } = await createToken(authed(request, ctx), {
        ...request.body,
        expiresAt: request.body.expiresAt ? new Date(request.body.expiresAt) : null,
      });
      return reply.status(201).send({ ...view, token });
    },
  );

  app.delete(
    '/api/tokens/:id',
    {
      schema: {
        tags: ['access'],
        summary: 'Revoke an API token',
        params: idParams,
        response: { 200: tokenView, ...problems(401, 404) },
      },
    },
    async (request) => revokeToken(authed(request, ctx), request.params.id),
  );
}
