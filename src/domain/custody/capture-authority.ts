/**
 * Who may capture what (DOMAIN.md §4, "a custody event is asserted by the party that did it"): an EPCIS
 * event that names Amana's own lots, organisations or sites must be consistent with its capturer.
 * Events about identifiers Amana does not manage are any EPCIS repository's business and pass.
 */
import { vocabularyTerm } from './epcis/event-index.ts';

/** The rules an event captured through /epcis/capture can break, by the name a refusal gives. */
export const CAPTURE_RULES = [
  'receiving-by-receiver',
  'shipping-by-holder',
  'commissioning-by-site-operator',
  'transformation-by-input-holder',
  'custody-by-holder',
  'acts-in-own-name',
  'lot-made-through-custody-api',
  'unregistered-identifier',
  'error-declared-by-capturer',
] as const;
export type CaptureRule = (typeof CAPTURE_RULES)[number];

/** What an event claims to be, for the rules: the four custody acts, or anything else about lots. */
export type ClaimKind = 'receiving' | 'shipping' | 'commissioning' | 'transformation' | 'other';

/** What an event says about Amana's identifiers, taken from the event alone. */
export interface CaptureClaim {
  index: number;
  eventId: string;
  hash: string;
  kind: ClaimKind;
  /** Amana lots the event names as existing objects (urn:amana:lot:…). */
  lots: string[];
  /** Amana lots the event would bring into being (commissioned, or made by a transformation). */
  made: string[];
  /** Codes of the Amana sites named as read point or business location. */
  sites: string[];
  /** What follows urn:amana:org: in the source parties, and in the destination parties. */
  sources: string[];
  destinations: string[];
  /** Whether the event names destination parties outside Amana's namespace. */
  foreignDestinations: boolean;
  /** Identifiers in Amana's namespace that cannot name anything where they stand (urn:amana:org: as an EPC…). */
  strays: string[];
  /** Whether the event declares an earlier event erroneous (EPCIS 2.0 errorDeclaration). */
  declaresError: boolean;
  /** Whether it names any identifier in Amana's namespace (else only its error declaration is checked). */
  touchesAmana: boolean;
}

/** Who captures: the caller's organisation, and whether it is registry staff (roles.ts). */
export interface Capturer {
  organisationId: string;
  staff: boolean;
}

/** What Amana knows about the identifiers the claims name, loaded by the service. */
export interface CaptureFacts {
  /** Registered lots by EPC: who holds them, and who handed each to the capturer (if anyone did). */
  lots: Map<string, { holderId: string; handedToCapturerBy: string[] }>;
  /** Registered sites by code, with the organisations operating them. */
  sites: Map<string, { operators: string[] }>;
  /** Registered organisations by id, with their names (the capturer and lot holders included). */
  organisations: Map<string, string>;
  /** For events declaring an error: the organisation that captured the event declared, when stored. */
  declaredCapturers: Map<number, string>;
}

/** One event refused, with the rule it breaks and what is wrong, in words and as a stable code. */
export interface CaptureViolation {
  index: number;
  eventId: string;
  rule: CaptureRule;
  message: string;
  /** Said from the `custody` catalogue with `params`. */
  code: `custody.${string}`;
  params: Record<string, string>;
}

type Obj = Record<string, unknown>;
const NAMESPACE = /^urn:amana:/i;
const RECEIVING = new Set(['receiving', 'accepting']);

/** An identifier in Amana's namespace as Amana writes it (the NID is case-insensitive), else null. */
export function amanaIdentifier(value: string): string | null {
  const v = value.trim();
  return NAMESPACE.test(v) ? `urn:amana:${v.slice('urn:amana:'.length)}` : null;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
const ids = (list: unknown, key: string): string[] =>
  Array.isArray(list)
    ? list.flatMap((p) =>
        p && typeof p === 'object' && typeof (p as Obj)[key] === 'string' ? [(p as Obj)[key] as string] : [],
      )
    : [];
const idOf = (v: unknown): string[] =>
  v && typeof v === 'object' && typeof (v as Obj).id === 'string' ? [(v as Obj).id as string] : [];

/** Sorts the Amana identifiers of one field: those of the kind expected there, and strays. */
function split(values: string[], kind: 'lot' | 'org' | 'site', strays: string[]): string[] {
  const out: string[] = [];
  for (const raw of values) {
    const id = amanaIdentifier(raw);
    if (!id) continue;
    if (id.startsWith(`urn:amana:${kind}:`) && id.length > `urn:amana:${kind}:`.length)
      out.push(
        kind === 'lot'
          ? id
          : kind === 'org'
            ? id.slice('urn:amana:org:'.length).toLowerCase()
            : id.slice('urn:amana:site:'.length),
      );
    else strays.push(id);
  }
  return [...new Set(out)];
}

/** What kind of custody act an event is, from its type, business step, action and parties. */
function kindOf(event: Obj, hasDestinations: boolean): ClaimKind {
  if (event.type === 'TransformationEvent') return 'transformation';
  const step = typeof event.bizStep === 'string' ? vocabularyTerm(event.bizStep, 'BizStep') : null;
  if (step === 'shipping') return 'shipping';
  // Naming where the goods go, other than by shipping them, is a claim to have received them there.
  if ((step && RECEIVING.has(step)) || hasDestinations) return 'receiving';
  if (step === 'commissioning' || (event.type === 'ObjectEvent' && event.action === 'ADD'))
    return 'commissioning';
  return 'other';
}

/**
 * What an event claims about Amana's lots, organisations and sites; null when it names none of them
 * and declares no error, i.e. when it is any EPCIS repository's business.
 */
export function captureClaim(
  event: Obj,
  index: number,
  identity: { eventId: string; hash: string },
): CaptureClaim | null {
  const strays: string[] = [];
  const destinationsRaw = ids(event.destinationList, 'destination');
  const kind = kindOf(event, destinationsRaw.length > 0);
  const named = split(
    [
      ...strings(event.epcList),
      ...strings(event.childEPCs),
      ...strings(event.parentID),
      ...strings(event.inputEPCList),
    ],
    'lot',
    strays,
  );
  const outputs = split(strings(event.outputEPCList), 'lot', strays);
  const made = kind === 'commissioning' ? named : outputs;
  const lots = kind === 'commissioning' ? [] : named;
  const sites = split([...idOf(event.readPoint), ...idOf(event.bizLocation)], 'site', strays);
  const sources = split(ids(event.sourceList, 'source'), 'org', strays);
  const destinations = split(destinationsRaw, 'org', strays);
  const declaresError = event.errorDeclaration !== undefined;
  const touches =
    lots.length + made.length + sites.length + sources.length + destinations.length + strays.length > 0;
  if (!touches && !declaresError) return null;
  return {
    index,
    eventId: identity.eventId,
    hash: identity.hash,
    kind,
    lots,
    made,
    sites,
    sources,
    destinations,
    foreignDestinations: destinationsRaw.some((d) => !amanaIdentifier(d)),
    strays: [...new Set(strays)],
    declaresError,
    touchesAmana: touches,
  };
}

/** Every rule the claimed events break, given what Amana knows and who captures them. */
export function captureViolations(
  claims: readonly CaptureClaim[],
  facts: CaptureFacts,
  capturer: Capturer,
): CaptureViolation[] {
  const me = capturer.organisationId;
  const name = (id: string) => facts.organisations.get(id) ?? id;
  const out: CaptureViolation[] = [];
  for (const c of claims) {
    const refuse = (rule: CaptureRule, message: string, coded: Pick<CaptureViolation, 'code' | 'params'>) =>
      out.push({ index: c.index, eventId: c.eventId, rule, message, ...coded });
    for (const s of c.strays)
      refuse('unregistered-identifier', `${s} names nothing Amana registered where it stands`, {
        code: 'custody.capture-stray',
        params: { identifier: s },
      });
    for (const lot of c.lots)
      if (!facts.lots.has(lot))
        refuse(
          'unregistered-identifier',
          `${lot} is not a lot Amana registered (Amana's lots are made through its custody API)`,
          { code: 'custody.capture-unknown-lot', params: { lot } },
        );
    for (const code of c.sites)
      if (!facts.sites.has(code))
        refuse('unregistered-identifier', `urn:amana:site:${code} is not a site Amana registered`, {
          code: 'custody.capture-unknown-site',
          params: { site: `urn:amana:site:${code}` },
        });
    for (const id of new Set([...c.sources, ...c.destinations]))
      if (!facts.organisations.has(id))
        refuse('unregistered-identifier', `urn:amana:org:${id} is not an organisation Amana registered`, {
          code: 'custody.capture-unknown-organisation',
          params: { organisation: `urn:amana:org:${id}` },
        });
    for (const lot of c.made)
      if (facts.lots.has(lot))
        refuse('lot-made-through-custody-api', `${lot} already exists: a tag is used once`, {
          code: 'custody.capture-lot-exists',
          params: { lot },
        });
      else
        refuse(
          'lot-made-through-custody-api',
          `${lot} would be a new lot: Amana's lots are made through its custody API (POST /api/custody/tags, /aggregations, /transformations), which checks tags, holders and mass balance`,
          { code: 'custody.capture-new-lot', params: { lot } },
        );
    const held = c.lots.flatMap((lot) => {
      const f = facts.lots.get(lot);
      return f ? [{ lot, ...f }] : [];
    });
    const sources = c.sources.filter((s) => facts.organisations.has(s) && s !== me);
    type Code = Pick<CaptureViolation, 'code'>;
    const notHeld = (rule: CaptureRule, act: string, { code }: Code) => {
      for (const l of held)
        if (l.holderId !== me)
          refuse(rule, `${l.lot} is held by ${name(l.holderId)}, not by ${name(me)}: ${act}`, {
            code,
            params: { lot: l.lot, holder: name(l.holderId), capturer: name(me) },
          });
    };
    const inOwnName = (rule: CaptureRule, act: string, { code }: Code) => {
      for (const s of sources)
        refuse(rule, `names ${name(s)} as a source party: ${act}`, { code, params: { party: name(s) } });
    };
    switch (c.touchesAmana ? c.kind : null) {
      case 'receiving': {
        const act = 'a receiving is captured by the receiver, of lots handed to it';
        if ((c.destinations.length > 0 || c.foreignDestinations) && !c.destinations.includes(me)) {
          const receivers = c.destinations
            .filter((d) => facts.organisations.has(d))
            .map(name)
            .join(', ');
          refuse(
            'receiving-by-receiver',
            `names ${receivers || 'another party'} as the receiver, not ${name(me)}: ${act}`,
            receivers
              ? { code: 'custody.capture-receiver-other', params: { receivers, capturer: name(me) } }
              : { code: 'custody.capture-receiver-foreign', params: { capturer: name(me) } },
          );
        }
        for (const l of held)
          if (l.holderId !== me && l.handedToCapturerBy.length === 0)
            refuse(
              'receiving-by-receiver',
              `${l.lot} was never handed to ${name(me)} (held by ${name(l.holderId)}): ${act}`,
              {
                code: 'custody.capture-never-handed',
                params: { lot: l.lot, capturer: name(me), holder: name(l.holderId) },
              },
            );
        // Who shipped is the receiver's to say only for lots that really reached it from that party.
        const shippers = new Set(held.flatMap((l) => l.handedToCapturerBy));
        if (held.length)
          for (const s of sources)
            if (!shippers.has(s))
              refuse(
                'receiving-by-receiver',
                `names ${name(s)} as the shipper, but none of these lots reached ${name(me)} from it`,
                {
                  code: 'custody.capture-shipper-unrelated',
                  params: { shipper: name(s), capturer: name(me) },
                },
              );
        break;
      }
      case 'shipping':
        notHeld('shipping-by-holder', 'a shipping is captured by the holder of the lots', {
          code: 'custody.capture-shipping-not-held',
        });
        inOwnName('shipping-by-holder', 'a shipping is captured by the shipper, in its own name', {
          code: 'custody.capture-shipping-own-name',
        });
        break;
      case 'commissioning': {
        const act =
          "a commissioning at a site is captured by an operator of the site or by the programme's staff";
        for (const code of c.sites) {
          const site = facts.sites.get(code);
          if (site && !capturer.staff && !site.operators.includes(me))
            refuse('commissioning-by-site-operator', `${name(me)} does not operate site ${code}: ${act}`, {
              code: 'custody.capture-not-operator',
              params: { capturer: name(me), site: code },
            });
        }
        const known = c.sites.flatMap((code) => facts.sites.get(code) ?? []);
        for (const s of c.sources.filter((x) => facts.organisations.has(x)))
          if (known.length ? !known.every((site) => site.operators.includes(s)) : s !== me)
            if (known.length)
              refuse(
                'commissioning-by-site-operator',
                `names ${name(s)} as a source party, which does not operate ${c.sites.join(', ')}: ${act}`,
                {
                  code: 'custody.capture-source-not-operator',
                  params: { party: name(s), sites: c.sites.join(', ') },
                },
              );
            else
              refuse(
                'commissioning-by-site-operator',
                `names ${name(s)} as a source party: a commissioning away from Amana's sites is captured in the capturer's own name`,
                { code: 'custody.capture-source-away', params: { party: name(s) } },
              );
        break;
      }
      case 'transformation':
        notHeld(
          'transformation-by-input-holder',
          'a transformation is captured by the holder of its inputs',
          { code: 'custody.capture-transformation-not-held' },
        );
        inOwnName('transformation-by-input-holder', 'a transformation is captured in its maker’s own name', {
          code: 'custody.capture-transformation-own-name',
        });
        break;
      case 'other':
        notHeld('custody-by-holder', 'an event about a lot is captured by its holder', {
          code: 'custody.capture-not-held',
        });
        inOwnName('acts-in-own-name', 'an organisation captures its own acts', {
          code: 'custody.capture-own-acts',
        });
        break;
    }
    const declared = c.declaresError ? facts.declaredCapturers.get(c.index) : undefined;
    if (declared && declared !== me)
      refuse(
        'error-declared-by-capturer',
        `declares an error in an event captured by ${name(declared)}: only its capturer declares it erroneous`,
        { code: 'custody.capture-error-declared', params: { capturer: name(declared) } },
      );
  }
  return out;
}
