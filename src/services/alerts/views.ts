import { z } from 'zod';
import { INCIDENT_STATES } from '../../domain/incidents/lifecycle.ts';
import { isoDateTime } from '../views.ts';

export const subscriptionView = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  siteId: z.uuid().nullable(),
  supplierId: z.uuid().nullable(),
  target: z
    .object({ code: z.string().nullable(), name: z.string() })
    .describe("What is followed: the site's code and name, or the supplier's legal name"),
  emails: z.array(z.string()),
  createdAt: isoDateTime,
});
export type SubscriptionView = z.output<typeof subscriptionView>;

export const webhookView = z.object({
  id: z.uuid(),
  url: z.string(),
  enabled: z.boolean(),
  createdAt: isoDateTime,
});
export type WebhookView = z.output<typeof webhookView>;

/** A webhook as its registration answers it: the signing secret is shown this once. */
export const newWebhookView = webhookView.extend({ secret: z.string() });
export type NewWebhookView = z.output<typeof newWebhookView>;

export const deliveryView = z.object({
  id: z.uuid(),
  alertId: z.uuid().nullable().describe('The alert delivered; null for a test call of a webhook'),
  test: z.boolean().describe('A test call sent from the webhooks page, not an alert'),
  channel: z.string(),
  target: z.string(),
  status: z.string(),
  attempts: z.number().int(),
  nextAttemptAt: isoDateTime,
  deliveredAt: isoDateTime.nullable(),
  lastError: z.string().nullable(),
});
export type DeliveryView = z.output<typeof deliveryView>;

/** The body of an alert about an incident's transition. */
export const incidentAlertBody = z.object({
  incident: z.object({
    id: z.uuid(),
    code: z.string(),
    level: z.number(),
    category: z.string(),
    title: z.string(),
    state: z.enum(INCIDENT_STATES),
  }),
  site: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  transition: z.object({ to: z.enum(INCIDENT_STATES), reason: z.string(), at: isoDateTime }),
});
export type AlertBody = z.output<typeof incidentAlertBody>;

/** An alert about lots whose conformity changed when their site's production was judged again. */
export const conformityAlertBody = z.object({
  conformity: z.object({
    rejudgementId: z.uuid(),
    cause: z.record(z.string(), z.unknown()).describe('Why the site’s production was judged again, as data'),
    explanation: z.string(),
  }),
  site: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  lots: z.array(
    z.object({
      id: z.uuid(),
      tag: z.string().nullable(),
      epc: z.string(),
      kind: z.string(),
      before: z.number().describe('Non-conforming share before'),
      after: z.number().describe('Non-conforming share after'),
      explanation: z.string(),
    }),
  ),
  lotCount: z.number().int().describe('Lots of yours that changed (the list holds at most 100)'),
});
export type ConformityAlertBody = z.output<typeof conformityAlertBody>;

export const alertView = z.object({
  id: z.uuid(),
  incidentId: z.uuid().nullable().describe('Null for an alert about lots whose conformity changed'),
  kind: z.string().describe('incident.<state>, or lot.conformity_changed'),
  title: z.string(),
  body: z.union([incidentAlertBody, conformityAlertBody]),
  readAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
});
export type AlertView = z.output<typeof alertView>;
