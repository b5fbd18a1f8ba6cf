/**
 * The EPCIS 2.0 events Amana's custody operations write, so any EPCIS system can read Amana's chain:
 * sacks, batches and outputs are EPCs under urn:amana:lot:, actors and sites are named by URN, and
 * mass and grade travel as instance/lot master data (ilmd) in Amana's namespace.
 */
export const AMANA_NAMESPACE = 'urn:amana:custody:';
export const AMANA_CONTEXT = { amana: AMANA_NAMESPACE };

export const lotEpc = (key: string) => `urn:amana:lot:${key}`;
export const organisationUri = (id: string) => `urn:amana:org:${id}`;
export const siteUri = (code: string) => `urn:amana:site:${code}`;
/** A business transaction reference as the URI EPCIS asks for: kept when it is one, else under urn:amana:bt:. */
export const transactionUri = (type: string, ref: string) =>
  /^[a-z][a-z0-9+.-]*:\S+$/i.test(ref) ? ref : `urn:amana:bt:${type}:${encodeURIComponent(ref)}`;

/** The time zone of the DR Congo's mining provinces (Lubumbashi time). */
const OFFSET = '+02:00';

type Obj = Record<string, unknown>;
const base = (eventId: string, at: Date) => ({
  '@context': [AMANA_CONTEXT],
  eventID: `urn:uuid:${eventId}`,
  eventTime: at.toISOString(),
  eventTimeZoneOffset: OFFSET,
});

/** Tagging a sack at a site: commissioning of a new lot with its mass, grade and cooperative. */
export function taggingEvent(a: {
  eventId: string;
  at: Date;
  epc: string;
  siteCode: string;
  cooperativeId: string;
  massKg: number;
  gradePct: number;
  mineral: string;
}): Obj {
  return {
    type: 'ObjectEvent',
    ...base(a.eventId, a.at),
    epcList: [a.epc],
    action: 'ADD',
    bizStep: 'commissioning',
    disposition: 'active',
    readPoint: { id: siteUri(a.siteCode) },
    bizLocation: { id: siteUri(a.siteCode) },
    sourceList: [{ type: 'owning_party', source: organisationUri(a.cooperativeId) }],
    ilmd: { 'amana:massKg': a.massKg, 'amana:gradePct': a.gradePct, 'amana:mineral': a.mineral },
  };
}

/** A hand-over between actors: shipping by the sender, then receiving by the receiver. */
export function transferEvents(a: {
  eventId: string;
  receiptEventId: string;
  at: Date;
  epcs: string[];
  fromId: string;
  toId: string;
  transaction: { type: string; ref: string } | null;
}): [Obj, Obj] {
  const parties = {
    sourceList: [{ type: 'owning_party', source: organisationUri(a.fromId) }],
    destinationList: [{ type: 'owning_party', destination: organisationUri(a.toId) }],
    ...(a.transaction
      ? {
          bizTransactionList: [
            {
              type: a.transaction.type,
              bizTransaction: transactionUri(a.transaction.type, a.transaction.ref),
            },
          ],
        }
      : {}),
  };
  return [
    {
      type: 'ObjectEvent',
      ...base(a.eventId, a.at),
      epcList: a.epcs,
      action: 'OBSERVE',
      bizStep: 'shipping',
      disposition: 'in_transit',
      ...parties,
    },
    {
      type: 'ObjectEvent',
      ...base(a.receiptEventId, a.at),
      epcList: a.epcs,
      action: 'OBSERVE',
      bizStep: 'receiving',
      disposition: 'in_progress',
      ...parties,
    },
  ];
}

/** Sacks put into a batch (a truck, a depot lot): aggregation under the batch's EPC. */
export function aggregationEvent(a: {
  eventId: string;
  at: Date;
  parent: string;
  children: string[];
  massKg: number;
  gradePct: number;
}): Obj {
  return {
    type: 'AggregationEvent',
    ...base(a.eventId, a.at),
    parentID: a.parent,
    childEPCs: a.children,
    action: 'ADD',
    bizStep: 'packing',
    'amana:massKg': a.massKg,
    'amana:gradePct': a.gradePct,
  };
}

/** Processing: input lots consumed, output lots made with their own mass and grade. */
export function transformationEvent(a: {
  eventId: string;
  at: Date;
  inputs: string[];
  outputs: { epc: string; massKg: number; gradePct: number }[];
  product: string;
}): Obj {
  return {
    type: 'TransformationEvent',
    ...base(a.eventId, a.at),
    inputEPCList: a.inputs,
    outputEPCList: a.outputs.map((o) => o.epc),
    transformationID: `urn:amana:transformation:${a.eventId}`,
    bizStep: 'commissioning',
    disposition: 'active',
    ilmd: {
      'amana:product': a.product,
      'amana:outputs': a.outputs.map((o) => ({
        'amana:epc': o.epc,
        'amana:massKg': o.massKg,
        'amana:gradePct': o.gradePct,
      })),
    },
  };
}
