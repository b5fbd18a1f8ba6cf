import { canonicalDigitalLink } from './digital-link.ts';

/** The EPCIS 2.0 event types. */
export const EVENT_TYPES = [
  'ObjectEvent',
  'AggregationEvent',
  'TransactionEvent',
  'TransformationEvent',
  'AssociationEvent',
] as const;

/** CBV vocabularies by the prefix their web URIs carry (BizStep-shipping) and their 1.x URN name. */
const VOCABULARIES = { BizStep: 'bizstep', Disp: 'disp', BTT: 'btt', SDT: 'sdt', ER: 'er' } as const;
export type Vocabulary = keyof typeof VOCABULARIES;

/**
 * The bare CBV term of a vocabulary value in any of its spellings (shipping, cbv:BizStep-shipping,
 * https://ref.gs1.org/cbv/BizStep-shipping, urn:epcglobal:cbv:bizstep:shipping); other URIs unchanged.
 */
export function vocabularyTerm(value: string, vocabulary: Vocabulary): string {
  const v = value.trim();
  const web = new RegExp(`^(?:https://ref\\.gs1\\.org/cbv/|cbv:)${vocabulary}-(.+)$`).exec(v);
  if (web) return web[1];
  const urn = new RegExp(`^urn:epcglobal:cbv:${VOCABULARIES[vocabulary]}:(.+)$`).exec(v);
  if (urn) return urn[1];
  return v;
}

/** An identifier as stored and queried: GS1 keys in canonical Digital Link form, anything else as written. */
export const identifier = (value: string) => canonicalDigitalLink(value.trim()) ?? value.trim();

/** The fields of an event that queries filter on, normalised so any spelling of a value matches. */
export interface EventIndex {
  eventType: string;
  eventTime: Date;
  action: string | null;
  bizStep: string | null;
  disposition: string | null;
  readPoint: string | null;
  bizLocation: string | null;
  parentId: string | null;
  epcs: string[];
  inputEpcs: string[];
  outputEpcs: string[];
  epcClasses: string[];
  inputClasses: string[];
  outputClasses: string[];
  /** "type value" for each business transaction, type as a bare CBV term ("" when none). */
  bizTransactions: string[];
}

type Obj = Record<string, unknown>;
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const classes = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.flatMap((q) =>
        q && typeof q === 'object' && typeof (q as Obj).epcClass === 'string'
          ? [identifier((q as Obj).epcClass as string)]
          : [],
      )
    : [];
const idOf = (v: unknown) =>
  v && typeof v === 'object' && typeof (v as Obj).id === 'string'
    ? identifier((v as Obj).id as string)
    : null;

/** What a query can filter an event by, taken from the event as captured. */
export function indexEvent(event: Obj): EventIndex {
  const text = (k: string) => (typeof event[k] === 'string' ? (event[k] as string) : null);
  return {
    eventType: String(event.type),
    eventTime: new Date(String(event.eventTime)),
    action: text('action'),
    bizStep: text('bizStep') && vocabularyTerm(text('bizStep') as string, 'BizStep'),
    disposition: text('disposition') && vocabularyTerm(text('disposition') as string, 'Disp'),
    readPoint: idOf(event.readPoint),
    bizLocation: idOf(event.bizLocation),
    parentId: text('parentID') && identifier(text('parentID') as string),
    epcs: [...strings(event.epcList), ...strings(event.childEPCs)].map(identifier),
    inputEpcs: strings(event.inputEPCList).map(identifier),
    outputEpcs: strings(event.outputEPCList).map(identifier),
    epcClasses: [...classes(event.quantityList), ...classes(event.childQuantityList)],
    inputClasses: classes(event.inputQuantityList),
    outputClasses: classes(event.outputQuantityList),
    bizTransactions: Array.isArray(event.bizTransactionList)
      ? (event.bizTransactionList as Obj[]).map(
          (b) =>
            `${typeof b.type === 'string' ? vocabularyTerm(b.type, 'BTT') : ''} ${String(b.bizTransaction).trim()}`,
        )
      : [],
  };
}
