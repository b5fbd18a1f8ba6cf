import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { epcisExceptionType } from '../domain/custody/epcis/rest-negotiation.ts';
import { validationCode } from '../domain/problems/validation-code.ts';
import { type Coded, ServiceError } from '../services/errors.ts';
import { HttpProblem, type ProblemDocument, type ProblemSlug, problem } from './problems.ts';

const SERVICE_KINDS: Record<ServiceError['kind'], ProblemSlug> = {
  invalid: 'invalid-input',
  not_found: 'not-found',
  forbidden: 'forbidden',
  conflict: 'conflict',
  stale: 'stale-update',
  too_large: 'payload-too-large',
  unsupported_media: 'unsupported-media-type',
  unavailable: 'unavailable',
  rule: 'custody-rule',
  id_reused: 'id-reused',
};

const STATUS_SLUGS: Record<number, ProblemSlug> = {
  400: 'malformed-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  406: 'not-acceptable',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  429: 'too-many-requests',
};

/** What Fastify's own refusals of a request mean, where more can be said than their status. */
const FASTIFY_CODES = new Map<unknown, Coded>([
  ['FST_ERR_CTP_EMPTY_JSON_BODY', { code: 'common.body-empty' }],
  ['FST_ERR_CTP_INVALID_CONTENT_LENGTH', { code: 'common.body-length' }],
]);

/** Turns any error into a problem document; only a genuine bug becomes a 500. */
export function toProblem(error: unknown, instance: string): ProblemDocument {
  if (error instanceof ServiceError)
    return problem(
      SERVICE_KINDS[error.kind],
      error.message,
      error.errors,
      instance,
      error.code ? { code: error.code, params: error.params } : undefined,
    );
  if (error instanceof HttpProblem)
    return problem(error.slug, error.message, error.errors, instance, error.coded);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((v) => {
      const where = error.validationContext === 'body' ? [] : [error.validationContext ?? 'request'];
      const path = [...where, ...v.instancePath.split('/').filter(Boolean)].join('.');
      return { path, message: v.message ?? 'invalid', ...validationCode(v) };
    });
    return problem(
      'invalid-input',
      `fix the ${errors.length === 1 ? 'field' : 'fields'} listed in errors`,
      errors,
      instance,
    );
  }
  const pgCode = (error as { code?: unknown }).code;
  if (typeof pgCode === 'string' && /^[0-9A-Z]{5}$/.test(pgCode)) {
    // A database refusal that validation did not foresee: still the caller's input, never a 500.
    if (pgCode.startsWith('22'))
      return problem('invalid-input', 'a value is out of range or malformed', [], instance, {
        code: 'common.out-of-range',
      });
    if (pgCode === '23505')
      return problem('conflict', 'a record with the same key already exists', [], instance, {
        code: 'common.duplicate',
      });
    if (pgCode === '23503')
      return problem('conflict', 'the request refers to a record that does not exist', [], instance, {
        code: 'common.missing-reference',
      });
    if (pgCode === '40001' || pgCode === '40P01')
      return problem('conflict', 'a concurrent change won; try again', [], instance, {
        code: 'common.concurrent-change',
      });
  }
  const status = (error as FastifyError).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return problem(
      STATUS_SLUGS[status] ?? 'malformed-request',
      (error as Error).message,
      [],
      instance,
      FASTIFY_CODES.get((error as FastifyError).code),
    );
  }
  return problem('internal', undefined, [], instance);
}

/** Where on the EPCIS binding a request stands, for the binding's exception types; null elsewhere. */
function epcisPlace(method: string, path: string): 'capture' | 'query' | 'named-query' | null {
  if (path !== '/epcis' && !path.startsWith('/epcis/')) return null;
  if (path.startsWith('/epcis/capture') || (method === 'POST' && path === '/epcis/events')) return 'capture';
  if (path.startsWith('/epcis/queries')) return 'named-query';
  return 'query';
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const path = request.url.split('?')[0];
  const doc = toProblem(error, path);
  // On the EPCIS binding the type is the binding's exception (epcisException:…); the code stays Amana's.
  const place = epcisPlace(request.method, path);
  const type = place ? epcisExceptionType(doc.status, place) : null;
  if (type) doc.type = type;
  if (doc.status >= 500) request.log.error({ err: error }, 'unhandled error');
  return reply.status(doc.status).type('application/problem+json').send(doc);
}
