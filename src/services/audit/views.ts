import { z } from 'zod';
import { isoDate, isoDateTime } from '../views.ts';

const person = z.object({ id: z.uuid(), name: z.string() });

/** An auditor's access: scope, period, who granted it and when, and who ended it and when. */
export const auditGrantView = z.object({
  id: z.uuid(),
  auditor: person.extend({ email: z.string() }),
  siteIds: z.array(z.uuid()),
  organisationIds: z.array(z.uuid()),
  periodFrom: isoDate.describe('First day of the record the auditor may read'),
  periodTo: isoDate.describe('Last day of the record the auditor may read, inclusive'),
  logPacks: z.boolean().describe('Whether the auditor may download verification packs of the period'),
  purpose: z.string(),
  grantedBy: person,
  grantedAt: isoDateTime,
  ended: z.object({ by: person, at: isoDateTime, reason: z.string() }).nullable(),
});
export type AuditGrantView = z.output<typeof auditGrantView>;

/** One read an auditor made, as the event log holds it. */
export const auditReadView = z.object({
  seq: z.number().int().describe("The event's number in the log"),
  at: isoDateTime,
  grantId: z.uuid().nullable().describe('null for a call made while the auditor held no access'),
  auditor: z.object({ id: z.uuid(), name: z.string().nullable() }),
  route: z.string().describe('Method and route pattern'),
  path: z.string().describe('The path asked for, query included'),
  outcome: z.enum(['allowed', 'refused']),
  code: z.string().nullable().describe('The problem code of a refusal'),
});
export type AuditReadView = z.output<typeof auditReadView>;

export const auditSiteView = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  province: z.string(),
  status: z.enum(['blue', 'green', 'yellow', 'red']).describe('Status now'),
  statusSince: isoDateTime,
});
export type AuditSiteView = z.output<typeof auditSiteView>;

const statusChange = z.object({
  status: z.enum(['blue', 'green', 'yellow', 'red']),
  reason: z.string(),
  effectiveAt: isoDateTime,
});

/** A site in the auditor's scope, with its status through the days read. */
export const auditSiteDetailView = auditSiteView.extend({
  operators: z.array(z.object({ id: z.uuid(), name: z.string() })),
  since: isoDate,
  until: isoDate,
  statusAtStart: statusChange.nullable().describe('The status in force when the days read begin'),
  statusChanges: z.array(statusChange),
});
export type AuditSiteDetailView = z.output<typeof auditSiteDetailView>;

/** One record of the event log about a subject in scope: what a verification pack would hold for it. */
export const auditRecordView = z.object({
  seq: z.number().int(),
  id: z.uuid(),
  occurredAt: isoDateTime,
  userId: z.uuid().nullable(),
  organisationId: z.uuid().nullable(),
  type: z.string(),
  subjectType: z.string(),
  subjectId: z.string(),
  payload: z.unknown(),
  hash: z.string().describe('SHA-256 chained to the record before it'),
});
export type AuditRecordView = z.output<typeof auditRecordView>;

/** What the signed-in auditor may read now: its grant in force, or null. */
export const auditAccessView = z.object({ grant: auditGrantView.nullable() });
export type AuditAccessView = z.output<typeof auditAccessView>;
