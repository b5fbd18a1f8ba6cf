import { z } from 'zod';
import { isoDateTime } from '../views.ts';

export const lotView = z.object({
  id: z.uuid(),
  epc: z.string().describe('The EPC the EPCIS events name the lot by'),
  tag: z.string().nullable(),
  kind: z.enum(['sack', 'batch', 'output']),
  mineral: z.string(),
  siteId: z.uuid().nullable(),
  cooperativeId: z.uuid().nullable(),
  producedAt: z.string(),
  massKg: z.number(),
  gradePct: z.number(),
  containedKg: z.number().describe('mass × grade'),
  holder: z.object({ id: z.uuid(), name: z.string() }),
  consumed: z.boolean().describe('Merged or processed into another lot'),
  nonConformingShare: z
    .number()
    .describe('Share of contained cobalt produced at a red, suspended or level-1-incident site'),
  eventId: z.string(),
});
export type LotView = z.output<typeof lotView>;

/** The answer of an operation: the lots it made or moved, the EPCIS events written, incidents opened. */
export const custodyResultView = z.object({
  lots: z.array(lotView),
  eventIds: z.array(z.string()).describe('The EPCIS events written (GET /epcis/events/{eventID})'),
  incidents: z
    .array(z.string())
    .describe('Fraud/origin incidents opened by rules set to record rather than refuse'),
});
export type CustodyResultView = z.output<typeof custodyResultView>;

export const originView = z.object({
  lot: lotView,
  containedKg: z.number(),
  nonConformingShare: z.number(),
  nonConformingKg: z.number(),
  bySite: z.array(
    z.object({
      siteId: z.uuid(),
      code: z.string(),
      name: z.string(),
      share: z.number(),
      containedKg: z.number(),
      // The site's status, suspension and open level-1 incidents when its sacks were tagged.
      atProduction: z.array(
        z.object({
          status: z.string(),
          suspended: z.boolean(),
          openLevel1: z.array(z.string()),
          share: z.number().describe('Share of the lot produced at this site in this state'),
        }),
      ),
    }),
  ),
  byCooperative: z.array(
    z.object({ organisationId: z.uuid(), name: z.string(), share: z.number(), containedKg: z.number() }),
  ),
});
export type OriginView = z.output<typeof originView>;

export const handOverView = z.object({
  lotId: z.uuid(),
  to: z.object({ id: z.uuid(), name: z.string() }),
  at: z.string(),
  transaction: z.object({ type: z.string(), ref: z.string() }).nullable(),
});
export type HandOverView = z.output<typeof handOverView>;

export const lineageView = z.object({
  nodes: z.array(lotView),
  edges: z.array(z.object({ from: z.uuid(), to: z.uuid(), containedKg: z.number() })),
  handOvers: z
    .array(handOverView)
    .describe('The hand-overs your organisation made of these lots: to whom, when, under which document'),
});
export type LineageView = z.output<typeof lineageView>;

export const downstreamView = z.object({
  siteId: z.uuid(),
  lots: z.array(lotView.extend({ siteShare: z.number(), siteContainedKg: z.number() })),
  organisations: z.array(z.object({ id: z.uuid(), name: z.string(), containedKg: z.number() })),
});
export type DownstreamView = z.output<typeof downstreamView>;

export const conformityChangeView = z.object({
  rejudgementId: z.uuid(),
  at: isoDateTime.describe('When the site’s production was judged again'),
  before: z.number().describe('Non-conforming share before'),
  after: z.number().describe('Non-conforming share after'),
  cause: z
    .record(z.string(), z.unknown())
    .describe(
      'Why, as data: {kind: "incident", incident, site, observedAt, change, at} or {kind: "status", site, status, effective, at}',
    ),
  explanation: z.string().describe('The change in words, e.g. "became non-conforming on … because INC-7 …"'),
});
export type ConformityChangeView = z.output<typeof conformityChangeView>;

/** What a holder has in stock now, and the custody rules its next operation is judged by. */
export const stockView = z.object({
  holder: z.object({ id: z.uuid(), name: z.string() }),
  lots: z.number().int().describe('Lots held now: not merged or processed into another lot'),
  massKg: z.number(),
  containedKg: z.number().describe('Contained cobalt of the lots held, mass × grade'),
  nonConformingKg: z.number().describe('Of which produced at a red, suspended or level-1-incident site'),
  rules: z.object({
    lossTolerancePct: z
      .number()
      .describe('Contained cobalt a transformation may lose (AMANA_CUSTODY_LOSS_TOLERANCE_PCT)'),
    stateBuyerMonopoly: z
      .boolean()
      .describe(
        'Whether a cooperative sells only to the state buyer or its licensees (AMANA_STATE_BUYER_MONOPOLY)',
      ),
  }),
});
export type StockView = z.output<typeof stockView>;
