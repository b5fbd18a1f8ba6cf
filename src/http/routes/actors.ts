import { z } from 'zod';
import { CHAIN_ROLES } from '../../domain/actors/chain-roles.ts';
import { KYC_STATUSES } from '../../domain/actors/kyc.ts';
import { REGISTRATION_SCHEMES } from '../../domain/actors/registration.ts';
import {
  DOCUMENT_KINDS,
  listDocuments,
  readDocument,
  uploadDocument,
} from '../../services/actors/documents.ts';
import { listKycReviews, reviewKyc } from '../../services/actors/kyc-reviews.ts';
import {
  createLicence,
  getLicence,
  LICENCE_TYPES,
  listLicences,
  updateLicence,
} from '../../services/actors/licences.ts';
import {
  createOrganisation,
  getOrganisation,
  listOrganisations,
  ORGANISATION_SORTS,
  updateOrganisation,
} from '../../services/actors/organisations.ts';
import { addOwner, listOwners, removeOwner } from '../../services/actors/ownership.ts';
import {
  createPerson,
  getPerson,
  listPersons,
  PERSON_KINDS,
  updatePerson,
} from '../../services/actors/persons.ts';
import {
  documentView,
  kycReviewView,
  licenceView,
  organisationView,
  ownershipView,
  personView,
} from '../../services/actors/views.ts';
import type { ServiceContext } from '../../services/context.ts';
import { mergedInto } from '../../services/screening/merge.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { sendDownload } from '../downloads.ts';
import { readUpload } from '../multipart.ts';
import { HttpProblem } from '../problems.ts';
import { idParams, isoDate, pageOf, pageQuery, problems, versionField } from '../schemas.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const zone = z.string().trim().min(1).max(64);

const organisationBody = z.object({
  legalName: text(300),
  tradeNames: z.array(text(300)).max(20).optional(),
  chainRoles: z.array(z.enum(CHAIN_ROLES)).min(1).max(CHAIN_ROLES.length),
  country: z
    .string()
    .refine((c) => /^[A-Za-z]{2}$/.test(c), {
      message: 'an ISO 3166-1 alpha-2 country code, e.g. CD',
      params: { code: 'actors.country-format' },
    })
    .meta({ pattern: '^[A-Za-z]{2}$' }),
  registrationNumbers: z.array(z.object({ scheme: z.enum(REGISTRATION_SCHEMES), number: text(64) })).max(10),
  addresses: z
    .array(
      z.object({
        line: text(300),
        city: text(100).optional(),
        province: text(100).optional(),
        country: z.string().length(2).optional(),
      }),
    )
    .max(10)
    .optional(),
  contact: z
    .object({
      name: text(200).optional(),
      email: z.email().max(254).optional(),
      phone: z
        .string()
        .regex(/^\+?[0-9 ()-]{6,20}$/)
        .optional(),
    })
    .nullish(),
  operatingZones: z.array(zone).max(50).optional(),
});

const personBody = z.object({
  organisationId: z.uuid(),
  fullName: text(200),
  kind: z.enum(PERSON_KINDS),
  position: text(200).nullish(),
  cardNumber: text(64).nullish(),
  birthYear: z.number().int().min(1900).max(2100).nullish(),
  operatingZones: z.array(zone).max(20).optional(),
});

const licenceBody = z.object({
  holderOrganisationId: z.uuid(),
  holderPersonId: z.uuid().nullish(),
  type: z.enum(LICENCE_TYPES),
  number: text(64),
  issuer: text(200),
  zoneCode: zone.nullish(),
  siteId: z.uuid().nullish(),
  validFrom: isoDate,
  validUntil: isoDate.nullish(),
});

export function actorRoutes(app: App, ctx: ServiceContext) {
  const tags = ['actors'];

  app.get(
    '/api/organisations',
    {
      schema: {
        tags,
        summary: 'List organisations with KYC status and red flags',
        querystring: z.object({
          q: z.string().max(100).optional().describe('Part of a name or registration number'),
          chainRole: z.enum(CHAIN_ROLES).optional(),
          kycStatus: z.enum(KYC_STATUSES).optional(),
          country: z.string().length(2).optional(),
          sort: z.enum(ORGANISATION_SORTS).default('name').describe("Order; a leading '-' sorts descending"),
          ...pageQuery,
        }),
        response: { 200: pageOf(organisationView), ...problems(400, 401) },
      },
    },
    async (request) => listOrganisations(authed(request, ctx), request.query),
  );

  app.post(
    '/api/organisations',
    {
      schema: {
        tags,
        summary:
          'Register an organisation (201), or acknowledge a retried registration with the same id (200)',
        body: organisationBody.extend({ id: z.uuid().optional() }),
        response: { 200: organisationView, 201: organisationView, ...problems(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const { organisation, created } = await createOrganisation(authed(request, ctx), request.body);
      return reply.status(created ? 201 : 200).send(organisation);
    },
  );

  app.get(
    '/api/organisations/:id',
    {
      schema: {
        tags,
        summary: 'One organisation; a merged one answers 308 to the organisation it was merged into',
        params: idParams,
        response: { 200: organisationView, ...problems(401, 404) },
      },
    },
    async (request, reply) => {
      const c = authed(request, ctx);
      // A merged record reads as the one it was merged into.
      const survivor = await mergedInto(c, 'organisation', request.params.id);
      if (survivor) return reply.redirect(`/api/organisations/${survivor}`, 308);
      return getOrganisation(c, request.params.id);
    },
  );

  app.put(
    '/api/organisations/:id',
    {
      schema: {
        tags,
        summary: "Replace an organisation's profile",
        params: idParams,
        body: organisationBody.extend({ version: versionField }),
        response: { 200: organisationView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => updateOrganisation(authed(request, ctx), request.params.id, request.body),
  );

  app.get(
    '/api/organisations/:id/owners',
    {
      schema: {
        tags,
        summary: 'Owners of an organisation, with percentages',
        params: idParams,
        response: { 200: z.array(ownershipView), ...problems(401, 403, 404) },
      },
    },
    async (request) => listOwners(authed(request, ctx), request.params.id),
  );

  app.post(
    '/api/organisations/:id/owners',
    {
      schema: {
        tags,
        summary:
          'Record an owner (organisation or person) and its percentage (201); a retry with the same id answers 200',
        params: idParams,
        body: z.object({
          id: z.uuid().optional(),
          ownerOrganisationId: z.uuid().optional(),
          ownerPersonId: z.uuid().optional(),
          percent: z.number().gt(0).max(100).multipleOf(0.01),
        }),
        response: { 200: ownershipView, 201: ownershipView, ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const link = await addOwner(authed(request, ctx), request.params.id, request.body);
      return reply.status(link.created ? 201 : 200).send(link);
    },
  );

  app.delete(
    '/api/organisations/:id/owners/:linkId',
    {
      schema: {
        tags,
        summary: 'Remove an ownership link',
        params: z.object({ id: z.uuid(), linkId: z.uuid() }),
        response: { 204: z.null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await removeOwner(authed(request, ctx), request.params.id, request.params.linkId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/organisations/:id/documents',
    {
      schema: {
        tags,
        summary: "The organisation's evidence documents",
        params: idParams,
        response: { 200: z.array(documentView), ...problems(401, 403, 404) },
      },
    },
    async (request) => listDocuments(authed(request, ctx), request.params.id),
  );

  app.post(
    '/api/organisations/:id/documents',
    {
      schema: {
        tags,
        summary:
          'Upload an evidence document (multipart/form-data: field "kind", then field "file"; PDF, JPEG, PNG or WebP)',
        params: idParams,
        consumes: ['multipart/form-data'],
        response: { 201: documentView, ...problems(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const c = authed(request, ctx);
      const upload = await readUpload(request, ctx.config.uploadLimitBytes);
      const kind = z.enum(DOCUMENT_KINDS).safeParse(upload.fields.kind ?? 'other');
      if (!kind.success) {
        throw new HttpProblem(
          'invalid-input',
          'unknown document kind',
          [
            {
              path: 'kind',
              message: `one of ${DOCUMENT_KINDS.join(', ')}`,
              code: 'common.field.one-of',
              params: { values: DOCUMENT_KINDS.join(', ') },
            },
          ],
          undefined, // the field's code says it
        );
      }
      const doc = await uploadDocument(c, request.params.id, {
        kind: kind.data,
        filename: upload.filename,
        declaredType: upload.mimetype,
        content: upload.content,
      });
      return reply.status(201).send(doc);
    },
  );

  app.get(
    '/api/organisations/:id/documents/:documentId',
    {
      schema: {
        tags,
        summary: 'Download an evidence document',
        params: z.object({ id: z.uuid(), documentId: z.uuid() }),
        response: { ...problems(401, 404) },
      },
    },
    async (request, reply) => {
      const { document, content } = await readDocument(
        authed(request, ctx),
        request.params.id,
        request.params.documentId,
      );
      return sendDownload(reply, document, content);
    },
  );

  app.get(
    '/api/organisations/:id/kyc-reviews',
    {
      schema: {
        tags,
        summary: 'KYC decisions on an organisation, oldest first',
        params: idParams,
        response: { 200: z.array(kycReviewView), ...problems(401, 403, 404) },
      },
    },
    async (request) => listKycReviews(authed(request, ctx), request.params.id),
  );

  app.post(
    '/api/organisations/:id/kyc-reviews',
    {
      schema: {
        tags,
        summary:
          'Record a KYC decision: verified (citing evidence), rejected or back to pending (with a reason)',
        params: idParams,
        body: z.object({
          decision: z.enum(KYC_STATUSES),
          reason: z.string().trim().max(2000).nullish(),
          expiresAt: z.iso.datetime({ offset: true }).nullish(),
          documentIds: z.array(z.uuid()).max(50).optional(),
          version: versionField.describe("The organisation's version you read"),
        }),
        response: { 201: kycReviewView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const review = await reviewKyc(authed(request, ctx), request.params.id, {
        ...request.body,
        expiresAt: request.body.expiresAt ? new Date(request.body.expiresAt) : null,
      });
      return reply.status(201).send(review);
    },
  );

  app.get(
    '/api/persons',
    {
      schema: {
        tags,
        summary: "List people (your organisation's, or all for registry staff)",
        querystring: z.object({
          organisationId: z.uuid().optional(),
          kind: z.enum(PERSON_KINDS).optional(),
          q: z.string().max(100).optional(),
          ...pageQuery,
        }),
        response: { 200: pageOf(personView), ...problems(400, 401, 403) },
      },
    },
    async (request) => listPersons(authed(request, ctx), request.query),
  );

  app.post(
    '/api/persons',
    {
      schema: {
        tags,
        summary: 'Register a person (only the personal data the task needs)',
        body: personBody.extend({ id: z.uuid().optional() }),
        response: { 200: personView, 201: personView, ...problems(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const { person, created } = await createPerson(authed(request, ctx), request.body);
      return reply.status(created ? 201 : 200).send(person);
    },
  );

  app.get(
    '/api/persons/:id',
    {
      schema: {
        tags,
        summary: 'One person; a merged one answers 308 to the person they were merged into',
        params: idParams,
        response: { 200: personView, ...problems(401, 404) },
      },
    },
    async (request, reply) => {
      const c = authed(request, ctx);
      // A merged record reads as the one it was merged into.
      const survivor = await mergedInto(c, 'person', request.params.id);
      if (survivor) return reply.redirect(`/api/persons/${survivor}`, 308);
      return getPerson(c, request.params.id);
    },
  );

  app.put(
    '/api/persons/:id',
    {
      schema: {
        tags,
        summary: 'Replace a person record',
        params: idParams,
        body: personBody.extend({ version: versionField }),
        response: { 200: personView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => updatePerson(authed(request, ctx), request.params.id, request.body),
  );

  app.get(
    '/api/licences',
    {
      schema: {
        tags,
        summary: 'List licences and cards, soonest expiry first',
        querystring: z.object({
          holderOrganisationId: z.uuid().optional(),
          holderPersonId: z.uuid().optional(),
          type: z.enum(LICENCE_TYPES).optional(),
          state: z
            .enum(['valid', 'expired', 'expiring'])
            .optional()
            .describe('expiring: in force and ending within 60 days'),
          ...pageQuery,
        }),
        response: { 200: pageOf(licenceView), ...problems(400, 401, 403) },
      },
    },
    async (request) => listLicences(authed(request, ctx), request.query),
  );

  app.post(
    '/api/licences',
    {
      schema: {
        tags,
        summary: 'Record a licence or card',
        body: licenceBody.extend({ id: z.uuid().optional() }),
        response: { 200: licenceView, 201: licenceView, ...problems(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const { licence, created } = await createLicence(authed(request, ctx), request.body);
      return reply.status(created ? 201 : 200).send(licence);
    },
  );

  app.get(
    '/api/licences/:id',
    {
      schema: {
        tags,
        summary: 'One licence',
        params: idParams,
        response: { 200: licenceView, ...problems(401, 404) },
      },
    },
    async (request) => getLicence(authed(request, ctx), request.params.id),
  );

  app.put(
    '/api/licences/:id',
    {
      schema: {
        tags,
        summary: 'Replace a licence record (e.g. renewal dates)',
        params: idParams,
        body: licenceBody.extend({ version: versionField }),
        response: { 200: licenceView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => updateLicence(authed(request, ctx), request.params.id, request.body),
  );
}
