import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DIGEST_REALM, readDigestHeader } from '../../domain/openrosa/digest.ts';
import { mediaFiles } from '../../domain/openrosa/forms.ts';
import { formListXml, manifestXml, responseXml } from '../../domain/openrosa/openrosa-xml.ts';
import type { ServiceContext } from '../../services/context.ts';
import { passwordCaller, resolveAppUser } from '../../services/openrosa/app-users.ts';
import type { OpenRosaContext } from '../../services/openrosa/caller.ts';
import { digestCaller, newDigestChallenge } from '../../services/openrosa/digest.ts';
import { formFor, formsFor, mediaFile, requireFormUser } from '../../services/openrosa/forms.ts';
import { readerLanguage, sayProblem } from '../../services/openrosa/labels.ts';
import { type ReceivedFile, receiveSubmission } from '../../services/openrosa/submissions.ts';
import type { App } from '../app-types.ts';
import { toProblem } from '../error-handler.ts';
import { HttpProblem } from '../problems.ts';
import { loginThrottle } from '../rate-limit.ts';

const XML = 'text/xml; charset=utf-8';
/** The realm ODK Collect shows when it asks for the password. */
const BASIC_CHALLENGE = `Basic realm="${DIGEST_REALM}", charset="UTF-8"`;

declare module 'fastify' {
  interface FastifyRequest {
    openRosa: OpenRosaContext | null;
    /** Whether a refused Digest response was right but its nonce had expired (the challenge says stale=true). */
    digestStale: boolean;
  }
}

const unauthenticated = (
  code: 'openrosa.sign-in' | 'openrosa.bad-credentials' | 'openrosa.token-refused' | 'openrosa.digest-stale',
  detail: string,
) => new HttpProblem('unauthenticated', detail, [], { code });

/** The credentials of HTTP Basic: e-mail and password, or null when the header is not Basic. */
function basicCredentials(request: FastifyRequest): { email: string; password: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]{1,2048})$/i.exec(request.headers.authorization ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { email: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The username of a Digest header, for the sign-in throttle; empty when the header is not Digest. */
function digestUsername(request: FastifyRequest): string {
  const header = request.headers.authorization ?? '';
  if (!/^Digest\s/i.test(header)) return '';
  const c = readDigestHeader(header);
  return 'refused' in c ? '' : c.username;
}

/**
 * Says any refusal as an OpenRosa response: the message in the client's language (Accept-Language), each field of
 * the form it names, and the status of the problem; with every 401 that a password can answer, a Digest challenge
 * with a new nonce and then the Basic one (Collect answers the first scheme it knows).
 */
async function openRosaErrors(
  ctx: ServiceContext,
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const p = toProblem(error, request.url.split('?')[0]);
  if (p.status >= 500) request.log.error({ err: error }, 'openrosa request failed');
  const lng = readerLanguage(request.headers['accept-language']);
  const fields = (p.errors ?? [])
    .filter((e) => e.code !== p.code)
    .map((e) => `${e.path}: ${sayProblem(e.code, lng, e.params)}`);
  const message = [sayProblem(p.code, lng, p.params), ...fields].join('\n');
  if (p.status === 401 && !(request.params as { token?: string }).token)
    reply.header('www-authenticate', [await newDigestChallenge(ctx, request.digestStale), BASIC_CHALLENGE]);
  return reply.status(p.status).type(XML).send(responseXml('error', message));
}

/** The address of a path on this server, as the client reached it. */
const absolute = (request: FastifyRequest, path: string) => `${request.protocol}://${request.host}${path}`;

/**
 * The OpenRosa 1.0 server ODK Collect, KoBoCollect and Enketo speak to (decision 0033): the Form List API,
 * form and media download, the manifest, and the Form Submission API. Each route answers at `/openrosa/…` for
 * a member signing in with HTTP Basic and at `/openrosa/key/<token>/…` for an app user, as ODK Central does.
 */
export async function openRosaRoutes(app: App, ctx: ServiceContext) {
  await app.register(async (scope: FastifyInstance) => {
    scope.decorateRequest('openRosa', null);
    scope.decorateRequest('digestStale', false);
    scope.setErrorHandler((error: FastifyError, request, reply) =>
      openRosaErrors(ctx, error, request, reply),
    );
    const throttle = loginThrottle(
      scope as unknown as App,
      ctx,
      (request) => basicCredentials(request)?.email ?? digestUsername(request),
    );
    scope.addHook('onRequest', async (request, reply) => {
      reply.header('x-openrosa-version', '1.0');
      // The language messages are said in (the OpenRosa request API recommends it).
      reply.header('content-language', readerLanguage(request.headers['accept-language']));
      reply.header('cache-control', 'no-store');
    });
    scope.addHook('preHandler', async (request, reply) => {
      const deviceId =
        typeof (request.query as { deviceID?: unknown }).deviceID === 'string'
          ? (request.query as { deviceID: string }).deviceID.slice(0, 128)
          : undefined;
      const token = (request.params as { token?: string }).token;
      if (token !== undefined) {
        request.openRosa = await resolveAppUser(ctx, token, deviceId);
        if (!request.openRosa)
          throw unauthenticated('openrosa.token-refused', 'this app user token is unknown or revoked');
        return;
      }
      const authorization = request.headers.authorization ?? '';
      if (/^Digest\s/i.test(authorization)) {
        await throttle.attempt(request, reply);
        const digest = await digestCaller(
          ctx,
          authorization,
          { method: request.method, url: request.url },
          deviceId,
        );
        if ('caller' in digest) {
          request.openRosa = digest.caller;
          await throttle.succeeded(request, digest.caller.principal.email);
          return;
        }
        request.digestStale = digest.stale;
        request.log.info({ reason: digest.reason }, 'openrosa digest refused');
        throw digest.stale
          ? unauthenticated('openrosa.digest-stale', 'the nonce has expired; answer the new challenge')
          : unauthenticated('openrosa.bad-credentials', 'the e-mail or the password is wrong');
      }
      const credentials = basicCredentials(request);
      if (!credentials)
        throw unauthenticated(
          'openrosa.sign-in',
          'sign in with your e-mail and password (HTTP Digest or Basic)',
        );
      await throttle.attempt(request, reply);
      request.openRosa = await passwordCaller(ctx, credentials.email, credentials.password, deviceId);
      if (!request.openRosa)
        throw unauthenticated('openrosa.bad-credentials', 'the e-mail or the password is wrong');
      await throttle.succeeded(request, credentials.email);
    });
    const caller = (request: FastifyRequest) => request.openRosa as OpenRosaContext;
    /** The path of this server the caller's URLs start with: with the app user's token when it came with one. */
    const base = (request: FastifyRequest) => {
      const token = (request.params as { token?: string }).token;
      return token === undefined ? '/openrosa' : `/openrosa/key/${encodeURIComponent(token)}`;
    };
    const hidden = { schema: { hide: true } };

    for (const prefix of ['/openrosa', '/openrosa/key/:token']) {
      scope.get(`${prefix}/formList`, hidden, async (request, reply) => {
        const c = caller(request);
        await requireFormUser(c);
        const only = (request.query as { formID?: unknown }).formID;
        const forms = (await formsFor(c)).filter((f) => typeof only !== 'string' || f.definition.id === only);
        const at = base(request);
        return reply.type(XML).send(
          formListXml(
            forms.map((f) => ({
              formId: f.definition.id,
              name: f.title,
              version: f.version,
              hash: `md5:${f.md5}`,
              downloadUrl: absolute(request, `${at}/forms/${f.definition.id}/form.xml`),
              manifestUrl: absolute(request, `${at}/forms/${f.definition.id}/manifest`),
            })),
          ),
        );
      });

      scope.get(`${prefix}/forms/:formId/form.xml`, hidden, async (request, reply) => {
        const form = await formFor(caller(request), (request.params as { formId: string }).formId);
        return reply.type(XML).send(form.xml);
      });

      scope.get(`${prefix}/forms/:formId/manifest`, hidden, async (request, reply) => {
        const c = caller(request);
        const form = await formFor(c, (request.params as { formId: string }).formId);
        const files = await Promise.all(
          mediaFiles(form.definition).map(async (filename) => ({
            filename,
            hash: `md5:${(await mediaFile(c, form.definition, filename)).md5}`,
            downloadUrl: absolute(request, `${base(request)}/forms/${form.definition.id}/media/${filename}`),
          })),
        );
        return reply.type(XML).send(manifestXml(files));
      });

      scope.get(`${prefix}/forms/:formId/media/:filename`, hidden, async (request, reply) => {
        const c = caller(request);
        const params = request.params as { formId: string; filename: string };
        const form = await formFor(c, params.formId);
        const { csv } = await mediaFile(c, form.definition, params.filename);
        return reply.type('text/csv; charset=utf-8').send(csv);
      });

      scope.head(`${prefix}/submission`, hidden, async (request, reply) => {
        await requireFormUser(caller(request));
        return reply
          .status(204)
          .header('x-openrosa-accept-content-length', String(ctx.config.openrosaMaxBytes))
          .send();
      });

      scope.post(`${prefix}/submission`, hidden, async (request, reply) => {
        const c = caller(request);
        await requireFormUser(c);
        const { xml, files } = await readSubmission(request, ctx.config.openrosaMaxBytes);
        const receipt = await receiveSubmission(c, xml, files);
        const lng = readerLanguage(request.headers['accept-language']);
        return reply
          .status(receipt.status)
          .header('x-openrosa-accept-content-length', String(ctx.config.openrosaMaxBytes))
          .header('location', absolute(request, `${base(request)}/submission`))
          .type(XML)
          .send(
            responseXml(
              'submit_success',
              sayProblem(`openrosa.${receipt.message}`, lng, {
                files: receipt.submission.expectedFiles.length - receipt.submission.files.length,
              }),
            ),
          );
      });
    }
  });
}

const tooLarge = (limit: number) =>
  new HttpProblem('payload-too-large', `the submission is larger than ${limit} bytes`, [], {
    code: 'openrosa.too-large',
    params: { limit },
  });

/** Reads a submission POST: `xml_submission_file` and the attachments beside it, within the size limit. */
async function readSubmission(
  request: FastifyRequest,
  limit: number,
): Promise<{ xml: string; files: ReceivedFile[] }> {
  if (Number(request.headers['content-length'] ?? 0) > limit) throw tooLarge(limit);
  if (!request.isMultipart())
    throw new HttpProblem('unsupported-media-type', 'send the submission as multipart/form-data', [], {
      code: 'openrosa.multipart-required',
    });
  let xml: string | null = null;
  const files: ReceivedFile[] = [];
  let total = 0;
  try {
    for await (const part of request.parts({
      limits: { fileSize: limit, files: 100, fields: 20, parts: 120 },
    })) {
      if (part.type !== 'file') continue;
      const content = await part.toBuffer();
      total += content.length;
      if (total > limit) throw tooLarge(limit);
      if (part.fieldname === 'xml_submission_file') xml = content.toString('utf8');
      else files.push({ filename: part.filename, contentType: part.mimetype, content });
    }
  } catch (error) {
    if (error instanceof HttpProblem) throw error;
    if ((error as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(limit);
    throw new HttpProblem(
      'malformed-request',
      `the multipart body could not be read: ${(error as Error).message}`,
      [],
      {
        code: 'openrosa.multipart-unreadable',
      },
    );
  }
  if (xml === null)
    throw new HttpProblem(
      'malformed-request',
      'the submission has no xml_submission_file part',
      [{ path: 'xml_submission_file', message: 'required', code: 'openrosa.no-xml' }],
      { code: 'openrosa.no-xml' },
    );
  return { xml, files };
}
