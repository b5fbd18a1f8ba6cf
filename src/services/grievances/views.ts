import { z } from 'zod';
import { GRIEVANCE_LANGUAGES, GRIEVANCE_STATUSES } from '../../domain/grievances/grievance.ts';
import { isoDateTime } from '../views.ts';

/** What a reporter reads of a case on the case page. */
export const caseView = z.object({
  caseCode: z.string(),
  status: z.enum(GRIEVANCE_STATUSES),
  receivedAt: isoDateTime,
  updatedAt: isoDateTime,
  outcome: z.string().nullable(),
});
export type CaseView = z.output<typeof caseView>;

/** What a grievance officer reads of a grievance; `contact` only in the answer of one grievance. */
export const grievanceView = z.object({
  id: z.uuid(),
  caseCode: z.string(),
  siteId: z.uuid().nullable(),
  site: z
    .object({ id: z.uuid(), code: z.string(), name: z.string(), province: z.string() })
    .nullable()
    .describe('The registered site the reporter chose, or the officer placed it at'),
  location: z.string(),
  category: z.string().nullable(),
  description: z.string(),
  language: z.enum(GRIEVANCE_LANGUAGES),
  anonymous: z.boolean(),
  status: z.enum(GRIEVANCE_STATUSES),
  decisionReason: z.string().nullable(),
  publicOutcome: z.string().nullable(),
  incidentId: z.uuid().nullable(),
  attachments: z.array(
    z.object({ id: z.uuid(), filename: z.string(), contentType: z.string(), sizeBytes: z.number() }),
  ),
  takenDown: z
    .object({ by: z.object({ id: z.uuid(), name: z.string() }), at: isoDateTime })
    .nullable()
    .describe(
      'Taken down on a phone by a monitor for a reporter who cannot use one: who, and the phone’s time',
    ),
  revision: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  contact: z
    .object({ name: z.string().optional(), phone: z.string().optional(), email: z.string().optional() })
    .nullable()
    .optional()
    // The reporter's identity never leaves in an export (DOMAIN: grievances).
    .meta({ export: false }),
});
export type GrievanceView = z.output<typeof grievanceView>;

/** The reporter's receipt: the case code and the secret that opens the case page. */
export const receiptView = z.object({
  caseCode: z.string(),
  secret: z.string().describe('Keep it: with the case code it opens the case page'),
});

/** An attachment a reporter added to a case. */
export const caseAttachmentView = z.object({ id: z.uuid(), contentType: z.string(), sizeBytes: z.number() });

/** A registered site as the public grievance form offers it. */
export const publicSiteView = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  province: z.string(),
});
