import { z } from 'zod';
import { KYC_STATUSES } from '../../domain/actors/kyc.ts';
import { isoDate, isoDateTime } from '../views.ts';
import { PERSON_KINDS } from './persons.ts';

/** The answers of the actors area: organisations, their owners, evidence and KYC history, people, licences. */

export const redFlagView = z.object({
  code: z.enum([
    'licence_expired',
    'licence_outside_zone',
    'site_outside_zone',
    'no_valid_licence',
    'kyc_expired',
    'kyc_rejected',
    'possible_minor',
    'sanctions_hit',
    'pep_match',
  ]),
  message: z.string(),
  licenceId: z.string().optional().describe('Only for the holder organisation and registry staff'),
  licenceNumber: z.string().optional().describe('Only for the holder organisation and registry staff'),
  licenceType: z.string().optional(),
  licenceIssuer: z.string().optional(),
  date: z.string().optional().describe('YYYY-MM-DD: when a licence or KYC expired'),
  zone: z.string().optional(),
  siteCode: z.string().optional().describe('For a site outside every zone: the site'),
  birthYear: z.number().int().optional(),
  relation: z
    .enum(['self', 'person', 'owned_by', 'owns'])
    .optional()
    .describe(
      'For a list match: the actor is listed, one of its people is, a listed actor owns it, or it owns one concerned',
    ),
  listName: z.string().optional(),
  reference: z.string().optional().describe("The list entry's reference, e.g. CDi.035"),
  path: z
    .array(
      z.object({
        kind: z.enum(['organisation', 'person']),
        id: z.uuid(),
        name: z.string(),
        link: z
          .object({ kind: z.enum(['owns', 'owned_by', 'member']), percent: z.number().nullable() })
          .nullable(),
      }),
    )
    .optional()
    .describe(
      'From the listed actor to this one, each step saying how it leads on; only for insiders and registry staff',
    ),
});
export type RedFlagView = z.output<typeof redFlagView>;

const identityField = z.enum(['legalName', 'registrationNumbers', 'chainRoles']);

export const organisationView = z.object({
  id: z.uuid(),
  legalName: z.string(),
  tradeNames: z.array(z.string()),
  chainRoles: z.array(z.string()),
  country: z.string(),
  registrationNumbers: z.array(z.object({ scheme: z.string(), number: z.string() })),
  addresses: z.array(
    z.object({
      line: z.string(),
      city: z.string().optional(),
      province: z.string().optional(),
      country: z.string().optional(),
    }),
  ),
  contact: z
    .object({ name: z.string().optional(), email: z.string().optional(), phone: z.string().optional() })
    .nullable(),
  operatingZones: z.array(z.string()),
  kyc: z.object({
    status: z.enum(KYC_STATUSES),
    reviewedAt: isoDateTime.nullable(),
    reviewedBy: z.string().nullable(),
    expiresAt: isoDateTime.nullable(),
    reopened: z
      .object({
        at: isoDateTime,
        fields: z.array(identityField),
        reason: z.string(),
      })
      .nullable()
      .describe('Set while the KYC is pending because a change of identity re-opened it'),
  }),
  redFlags: z.array(redFlagView),
  version: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type OrganisationView = z.output<typeof organisationView>;

// A person's registered fields keep, in the answer, the limits their registration checks.
const personText = (max: number) => z.string().trim().min(1).max(max);

export const personView = z.object({
  organisationId: z.uuid(),
  fullName: personText(200),
  kind: z.enum(PERSON_KINDS),
  position: z.string().nullable(),
  cardNumber: z.string().nullable(),
  birthYear: z.number().nullable(),
  operatingZones: z.array(z.string().trim().min(1).max(64)).max(20),
  id: z.uuid(),
  redFlags: z.array(redFlagView),
  version: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type PersonView = z.output<typeof personView>;

export const licenceView = z.object({
  id: z.uuid(),
  holderOrganisationId: z.uuid(),
  holderPersonId: z.uuid().nullable(),
  type: z.string(),
  number: z.string(),
  issuer: z.string(),
  zoneCode: z.string().nullable(),
  siteId: z.uuid().nullable(),
  validFrom: z.string(),
  validUntil: z.string().nullable(),
  state: z.enum(['valid', 'expired', 'not_yet_valid']),
  version: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type LicenceView = z.output<typeof licenceView>;

export const documentView = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  kind: z.string(),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.uuid(),
  uploadedAt: isoDateTime,
});
export type DocumentView = z.output<typeof documentView>;

export const kycReviewView = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  fromStatus: z.enum(KYC_STATUSES),
  decision: z.enum(KYC_STATUSES),
  reason: z.string().nullable(),
  expiresAt: isoDateTime.nullable(),
  documentIds: z.array(z.uuid()),
  reviewedBy: z.uuid(),
  reviewedAt: isoDateTime,
  cause: z
    .enum(['decision', 'identity_change'])
    .describe("A reviewer's decision, or the re-opening a change of identity caused"),
  /** For an identity change: each changed field, from what to what. */
  changes: z
    .array(
      z.object({
        field: identityField,
        from: z.union([z.string(), z.array(z.string())]),
        to: z.union([z.string(), z.array(z.string())]),
      }),
    )
    .nullable(),
});
export type KycReviewView = z.output<typeof kycReviewView>;

export const ownershipView = z.object({
  id: z.uuid(),
  ownedOrganisationId: z.uuid(),
  owner: z.object({ kind: z.enum(['organisation', 'person']), id: z.uuid(), name: z.string() }),
  percent: z.number(),
  createdAt: isoDateTime,
});
export type OwnershipView = z.output<typeof ownershipView>;

export const membersView = z.object({
  cooperative: z.object({ id: z.uuid(), name: z.string() }),
  counts: z
    .array(z.object({ countedOn: isoDate, members: z.number().int() }))
    .describe('Members counted over time, earliest first'),
  cards: z.number().int().describe("Miners' cards registered to the cooperative"),
});
export type MembersView = z.output<typeof membersView>;

export const minerCardView = z.object({
  id: z.uuid(),
  cardNumber: z.string(),
  cooperativeId: z.uuid(),
  birthYear: z.number().int().describe('The only personal fact kept: enough to show adulthood'),
  issuedOn: isoDate,
  createdAt: isoDateTime,
});
export type MinerCardView = z.output<typeof minerCardView>;

export const cardCountView = z.object({
  cooperative: z.object({ id: z.uuid(), name: z.string() }),
  cards: z.number().int(),
});
export type CardCountView = z.output<typeof cardCountView>;
