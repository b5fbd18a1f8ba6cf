import { v7 as uuidv7 } from 'uuid';
import { canCaptureCustody, canReadAllPrivate } from '../../domain/access/roles.ts';
import {
  aggregationEvent,
  lotEpc,
  taggingEvent,
  transferEvents,
  transformationEvent,
} from '../../domain/custody/custody-events.ts';
import { checkHolding, checkMassBalance, checkTagUnused } from '../../domain/custody/custody-rules.ts';
import { type CustodyViolation, containedKg, type LotQuantity } from '../../domain/custody/lot.ts';
import { blend, type OriginComposition, originAtSite } from '../../domain/custody/origin.ts';
import { checkSiteVolume, siteMonthlyCapacityKg } from '../../domain/custody/plausibility.ts';
import { type TransferFacts, transferViolations } from '../../domain/custody/transfer-rules.ts';
import { describePath } from '../../domain/screening/exposure.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent } from '../../storage/events.ts';
import {
  type CustodyPartyRow,
  findCustodyParty,
  findTaggingSite,
  holdsStateBuyerLicence,
  insertLotInput,
  insertLot as insertLotRow,
  insertTransfer,
  licencesHeldBy,
  lotZones,
  markLotConsumed,
  operatesSite,
  organisationNames,
  receivedBetween,
  sackMassByMonth,
  siteCapacityFacts,
  tagInUse,
  updateLotHolder,
} from '../../storage/queries/custody.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { forbidden, invalid } from '../errors.ts';
import { type CreateOperation, createOnce } from '../idempotency.ts';
import { sanctionsBlock } from '../screening/exposure.ts';
import { type LotRow, lockLots, lotViews } from './lots.ts';
import { alreadyRecorded, applyRules, lockKeys, recordEpcis } from './record.ts';
import { siteLockKey, siteStateAtProduction } from './reevaluate.ts';
import type { CustodyResultView } from './views.ts';

/** Registry staff may record custody for any actor; others only for their own organisation. */
function requireActor(ctx: AuthedContext, organisationId: string, what: string) {
  if (!canCaptureCustody(ctx.principal))
    throw forbidden('your role does not record custody', { code: 'custody.role-cannot-record' });
  if (!canReadAllPrivate(ctx.principal) && ctx.principal.organisationId !== organisationId)
    throw forbidden(`only the organisation concerned may record this ${what}`, {
      code: 'custody.not-your-operation',
    });
}

const month = (d: Date) => d.toISOString().slice(0, 7);
/** A phone's clock may run this far ahead of the server's before its tagging time counts as in the future. */
const CLOCK_SKEW_MS = 5 * 60_000;
const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** The answer of an operation, and whether this request made it (201) or a retry found it (200). */
type CustodyResult = CustodyResultView & { created: boolean };

// An operation's client id is its EPCIS eventID: one already captured, with no kept request, is refused.
const operation = (name: string): CreateOperation<CustodyResult> => ({ name, exists: alreadyRecorded });
const TAG = operation('custody.tag');
const TRANSFER = operation('custody.transfer');
const AGGREGATE = operation('custody.aggregate');
const TRANSFORM = operation('custody.transform');

async function logOperation(
  tx: Queryable,
  ctx: AuthedContext,
  operationId: string,
  type: string,
  payload: { lotIds: string[]; eventIds: string[]; incidents: string[] },
) {
  await appendEvent(tx, {
    type,
    subjectType: 'custody_operation',
    subjectId: operationId,
    payload,
    actor: actorOf(ctx.principal),
    at: ctx.clock(),
  });
}

/** Inserts a lot made by an operation. */
async function insertLot(
  tx: Queryable,
  lot: {
    id: string;
    epc: string;
    tag: string | null;
    kind: LotRow['kind'];
    mineral: string;
    siteId: string | null;
    cooperativeId: string | null;
    producedAt: Date;
    quantity: LotQuantity;
    holderId: string;
    origin: OriginComposition;
    siteState: LotRow['site_state'];
    eventId: string;
  },
  now: Date,
) {
  await insertLotRow(tx, {
    id: lot.id,
    epc: lot.epc,
    tag: lot.tag,
    kind: lot.kind,
    mineral: lot.mineral,
    siteId: lot.siteId,
    cooperativeId: lot.cooperativeId,
    producedAt: lot.producedAt,
    massKg: lot.quantity.massKg,
    gradePct: lot.quantity.gradePct,
    holderId: lot.holderId,
    origin: lot.origin,
    siteState: lot.siteState,
    eventId: lot.eventId,
    createdAt: now,
  });
}

export interface TagInput {
  id?: string;
  tag: string;
  siteId: string;
  cooperativeId: string;
  massKg: number;
  gradePct: number;
  mineral?: string;
  taggedAt?: string;
}

/**
 * Tags a sack at a site for a cooperative: a new lot whose origin is the site, non-conforming when the
 * site was red, suspended or under an open level-1 incident at the tagging's time (its EPCIS eventTime).
 */
export async function tagSack(ctx: AuthedContext, input: TagInput): Promise<CustodyResult> {
  requireActor(ctx, input.cooperativeId, 'tagging');
  return createOnce(ctx, TAG, input, (c, operationId) => recordTagging(c, input, operationId));
}

async function recordTagging(
  ctx: AuthedContext,
  input: TagInput,
  operationId: string,
): Promise<CustodyResult> {
  const at = input.taggedAt ? new Date(input.taggedAt) : ctx.clock();
  if (at.getTime() > ctx.clock().getTime() + CLOCK_SKEW_MS)
    throw invalid([
      {
        path: 'taggedAt',
        message: 'a sack cannot be tagged in the future',
        code: 'custody.tagged-in-future',
      },
    ]);
  const site = await findTaggingSite(ctx.db, input.siteId);
  if (!site) throw invalid([{ path: 'siteId', message: 'no such site', code: 'custody.no-such-site' }]);
  const operates = await operatesSite(ctx.db, site.id, input.cooperativeId);
  if (!operates)
    throw invalid([
      {
        path: 'cooperativeId',
        message: 'this cooperative does not operate the site',
        code: 'custody.cooperative-not-operator',
        params: { site: site.code },
      },
    ]);
  const tag = input.tag.trim().toUpperCase();
  const epc = lotEpc(tag);
  const outcome = await ctx.db.transaction(async (tx) => {
    await lockKeys(tx, [`tag:${tag}`, siteLockKey(site.id)]);
    const tagUsed = await tagInUse(tx, tag, epc);
    const months = await sackMassByMonth(
      tx,
      site.id,
      new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - 6, 1)),
    );
    const thisMonth = (months.find((r) => r.m === month(at))?.kg ?? 0) + input.massKg;
    const past = months.filter((r) => r.m < month(at)).map((r) => r.kg);
    // Judged at the tagging's own time, however late the phone sends it.
    const siteState = await siteStateAtProduction(tx, site.id, at);
    const incidents = await applyRules(
      tx,
      ctx,
      [
        checkTagUnused(tag, tagUsed),
        checkSiteVolume(
          { code: site.code, capacityKgMonth: site.capacity_kg_month, workforce: site.workforce },
          month(at),
          thisMonth,
          past,
        ),
      ],
      { siteId: site.id, organisationIds: [input.cooperativeId], what: `tagging of ${tag}` },
    );
    const lotId = uuidv7();
    const mineral = input.mineral ?? 'cobalt';
    const eventIds = await recordEpcis(tx, ctx, [
      taggingEvent({
        eventId: operationId,
        at,
        epc,
        siteCode: site.code,
        cooperativeId: input.cooperativeId,
        massKg: input.massKg,
        gradePct: input.gradePct,
        mineral,
      }),
    ]);
    await insertLot(
      tx,
      {
        id: lotId,
        epc,
        tag,
        kind: 'sack',
        mineral,
        siteId: site.id,
        cooperativeId: input.cooperativeId,
        producedAt: at,
        quantity: { massKg: input.massKg, gradePct: input.gradePct },
        holderId: input.cooperativeId,
        origin: originAtSite(site.id, input.cooperativeId, siteState),
        siteState,
        eventId: eventIds[0],
      },
      ctx.clock(),
    );
    await logOperation(tx, ctx, operationId, 'custody.tagged', { lotIds: [lotId], eventIds, incidents });
    return { created: true, lots: await lotViews(tx, [lotId]), eventIds, incidents };
  });
  return outcome;
}

/** The lots an operation names, which must all exist, be unused and be held by one organisation. */
async function heldLots(tx: Queryable, ids: readonly string[], path: string): Promise<LotRow[]> {
  const unique = [...new Set(ids)];
  if (unique.length !== ids.length)
    throw invalid([{ path, message: 'a lot is named twice', code: 'custody.lot-twice' }]);
  const lots = await lockLots(tx, unique);
  const missing = unique.map((id, i) => ({ id, i })).filter(({ id }) => !lots.some((l) => l.id === id));
  if (missing.length)
    throw invalid(
      missing.map(({ i }) => ({ path: `${path}.${i}`, message: 'no such lot', code: 'custody.no-such-lot' })),
    );
  const used = lots.map((l, i) => ({ l, i })).filter(({ l }) => l.consumed_at);
  if (used.length)
    throw invalid(
      used.map(({ l, i }) => ({
        path: `${path}.${i}`,
        message: `lot ${l.tag ?? l.epc} was already merged or processed into another lot`,
        code: 'custody.lot-consumed',
        params: { lot: l.tag ?? l.epc },
      })),
    );
  return lots;
}

/** Violations of the stock ledger: lots shipped or used by an organisation that does not hold them. */
async function stockViolations(
  tx: Queryable,
  actor: { id: string; name: string },
  lots: LotRow[],
): Promise<CustodyViolation[]> {
  const notHeld = lots.filter((l) => l.holder_id !== actor.id);
  const holders = await organisationNames(
    tx,
    notHeld.map((l) => l.holder_id),
  );
  const violation = checkHolding(
    actor.name,
    notHeld.map((l) => ({
      label: l.tag ?? l.epc,
      holder: holders.find((h) => h.id === l.holder_id)?.legal_name ?? l.holder_id,
    })),
  );
  return violation ? [violation] : [];
}

const organisation = async (q: Queryable, id: string, path: string) => {
  const row = await findCustodyParty(q, id);
  if (!row) throw invalid([{ path, message: 'no such organisation', code: 'custody.no-such-organisation' }]);
  return row;
};

export interface TransferInput {
  id?: string;
  lotIds: string[];
  toOrganisationId: string;
  transaction?: { type: string; ref: string } | null;
  shippedAt?: string;
}

/**
 * Hands lots over to another actor (shipping and receiving events): the sender must hold them, the
 * receiver must be verified and, in the DR Congo, licensed for the zone the ore comes from.
 */
export async function transferLots(ctx: AuthedContext, input: TransferInput): Promise<CustodyResult> {
  return createOnce(ctx, TRANSFER, input, (c, operationId) => recordTransfer(c, input, operationId));
}

/** What the hand-over of `lots` to `receiver` at `at` is judged on (src/domain/custody/transfer-rules.ts). */
async function transferFacts(
  tx: Queryable,
  receiver: CustodyPartyRow,
  lots: readonly LotRow[],
  at: Date,
  monopoly: { enforced: boolean; sender: CustodyPartyRow },
): Promise<TransferFacts> {
  const isIntermediary = receiver.chain_roles.some((r) => r === 'trader' || r === 'depot');
  const monthStart = new Date(`${month(at)}-01T00:00:00Z`);
  const nextMonth = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  const received = isIntermediary ? await receivedBetween(tx, receiver.id, monthStart, nextMonth) : null;
  const sourceSites = [
    ...new Set([...(received?.sites ?? []), ...lots.flatMap((l) => Object.keys(l.origin.bySite))]),
  ];
  return {
    receiver: {
      name: receiver.legal_name,
      kycStatus: receiver.kyc_status,
      kycExpiresAt: receiver.kyc_expires_at?.toISOString() ?? null,
      licences: await licencesHeldBy(tx, receiver.id),
      country: receiver.country,
      isIntermediary,
      sanctioned: await (async () => {
        const block = await sanctionsBlock(tx, receiver.id);
        return block
          ? { listName: block.list.name, reference: block.reference, path: describePath(block.path) }
          : null;
      })(),
    },
    zones: await lotZones(
      tx,
      lots.map((l) => l.id),
    ),
    at: at.toISOString(),
    monthKg: (received?.kg ?? 0) + lots.reduce((sum, l) => sum + l.mass_kg, 0),
    sourceCapacitiesKg: isIntermediary
      ? (await siteCapacityFacts(tx, sourceSites)).map((site) => siteMonthlyCapacityKg(site))
      : [],
    monopoly: monopoly.enforced
      ? {
          senderIsCooperative: monopoly.sender.chain_roles.includes('cooperative'),
          receiverIsStateBuyer: receiver.chain_roles.includes('state_buyer'),
          receiverLicensed: await holdsStateBuyerLicence(tx, receiver.id, at.toISOString().slice(0, 10)),
        }
      : undefined,
  };
}

async function recordTransfer(
  ctx: AuthedContext,
  input: TransferInput,
  operationId: string,
): Promise<CustodyResult> {
  const at = input.shippedAt ? new Date(input.shippedAt) : ctx.clock();
  const receiver = await organisation(ctx.db, input.toOrganisationId, 'toOrganisationId');
  const outcome = await ctx.db.transaction(async (tx) => {
    const lots = await heldLots(tx, input.lotIds, 'lotIds');
    const fromId = canReadAllPrivate(ctx.principal) ? lots[0].holder_id : ctx.principal.organisationId;
    requireActor(ctx, fromId, 'transfer');
    const sender = await organisation(tx, fromId, 'lotIds');
    if (receiver.id === sender.id)
      throw invalid([
        {
          path: 'toOrganisationId',
          message: 'the lots are already held by this organisation',
          code: 'custody.already-held',
        },
      ]);
    const facts = await transferFacts(tx, receiver, lots, at, {
      enforced: ctx.config.stateBuyerMonopoly,
      sender,
    });
    const incidents = await applyRules(
      tx,
      ctx,
      [
        ...(await stockViolations(tx, { id: sender.id, name: sender.legal_name }, lots)),
        ...transferViolations(facts),
      ],
      {
        siteId: lots[0].site_id,
        organisationIds: [sender.id, receiver.id],
        what: `transfer to ${receiver.legal_name}`,
      },
    );
    const receiptId = uuidv7();
    const eventIds = await recordEpcis(
      tx,
      ctx,
      transferEvents({
        eventId: operationId,
        receiptEventId: receiptId,
        at,
        epcs: lots.map((l) => l.epc),
        fromId: sender.id,
        toId: receiver.id,
        transaction: input.transaction ?? null,
      }),
    );
    for (const l of lots) {
      await updateLotHolder(tx, l.id, receiver.id);
      await insertTransfer(tx, {
        id: uuidv7(),
        lotId: l.id,
        fromId: sender.id,
        toId: receiver.id,
        transactionType: input.transaction?.type ?? null,
        transactionRef: input.transaction?.ref ?? null,
        shippedAt: at,
        eventId: eventIds[0],
      });
    }
    const lotIds = lots.map((l) => l.id);
    await logOperation(tx, ctx, operationId, 'custody.transferred', { lotIds, eventIds, incidents });
    return { created: true, lots: await lotViews(tx, lotIds), eventIds, incidents };
  });
  return outcome;
}

/** The quantity of lots taken together: their mass, and the grade that keeps their contained cobalt. */
function pooled(lots: readonly LotRow[]): LotQuantity {
  const massKg = lots.reduce((s, l) => s + l.mass_kg, 0);
  const cobalt = lots.reduce((s, l) => s + containedKg({ massKg: l.mass_kg, gradePct: l.grade_pct }), 0);
  // Six decimals of grade keep a batch's contained cobalt to the gram.
  return { massKg: round3(massKg), gradePct: massKg ? Math.round((cobalt / massKg) * 1e8) / 1e6 : 0 };
}

const blendOf = (lots: readonly LotRow[]) =>
  blend(lots.map((l) => ({ quantity: { massKg: l.mass_kg, gradePct: l.grade_pct }, origin: l.origin })));

async function consume(tx: Queryable, outputs: readonly string[], inputs: readonly LotRow[], at: Date) {
  for (const l of inputs) {
    await markLotConsumed(tx, l.id, at);
    for (const out of outputs)
      await insertLotInput(tx, {
        lotId: out,
        inputId: l.id,
        containedKg: containedKg({ massKg: l.mass_kg, gradePct: l.grade_pct }),
      });
  }
}

export interface AggregateInput {
  id?: string;
  lotIds: string[];
  batchTag?: string;
  at?: string;
}

/** Puts lots together into a batch: a new lot whose origin blends theirs by contained cobalt. */
export async function aggregateLots(ctx: AuthedContext, input: AggregateInput): Promise<CustodyResult> {
  return createOnce(ctx, AGGREGATE, input, (c, operationId) => recordAggregation(c, input, operationId));
}

async function recordAggregation(
  ctx: AuthedContext,
  input: AggregateInput,
  operationId: string,
): Promise<CustodyResult> {
  const at = input.at ? new Date(input.at) : ctx.clock();
  const outcome = await ctx.db.transaction(async (tx) => {
    await lockKeys(tx, input.batchTag ? [`tag:${input.batchTag.trim().toUpperCase()}`] : []);
    const lots = await heldLots(tx, input.lotIds, 'lotIds');
    if (lots.length < 2)
      throw invalid([
        { path: 'lotIds', message: 'a batch is made of at least two lots', code: 'custody.batch-too-small' },
      ]);
    const holderId = canReadAllPrivate(ctx.principal) ? lots[0].holder_id : ctx.principal.organisationId;
    requireActor(ctx, holderId, 'batch');
    const holder = await organisation(tx, holderId, 'lotIds');
    const incidents = await applyRules(
      tx,
      ctx,
      await stockViolations(tx, { id: holder.id, name: holder.legal_name }, lots),
      {
        siteId: null,
        organisationIds: [holder.id],
        what: 'batch',
      },
    );
    const tag = input.batchTag?.trim().toUpperCase() || null;
    if (tag && (await tagInUse(tx, tag)))
      throw invalid([
        {
          path: 'batchTag',
          message: `tag ${tag} is already used`,
          code: 'custody.tag-used',
          params: { tag },
        },
      ]);
    const lotId = uuidv7();
    const epc = lotEpc(tag ?? lotId);
    const quantity = pooled(lots);
    const eventIds = await recordEpcis(tx, ctx, [
      aggregationEvent({
        eventId: operationId,
        at,
        parent: epc,
        children: lots.map((l) => l.epc),
        ...quantity,
      }),
    ]);
    await insertLot(
      tx,
      {
        id: lotId,
        epc,
        tag,
        kind: 'batch',
        mineral: lots[0].mineral,
        siteId: null,
        cooperativeId: null,
        producedAt: at,
        quantity,
        holderId: holder.id,
        origin: blendOf(lots),
        siteState: null,
        eventId: eventIds[0],
      },
      ctx.clock(),
    );
    await consume(tx, [lotId], lots, at);
    await logOperation(tx, ctx, operationId, 'custody.aggregated', { lotIds: [lotId], eventIds, incidents });
    return { created: true, lots: await lotViews(tx, [lotId]), eventIds, incidents };
  });
  return outcome;
}

export interface TransformInput {
  id?: string;
  inputLotIds: string[];
  outputs: { tag?: string; massKg: number; gradePct: number }[];
  product: string;
  at?: string;
}

/**
 * Processes lots into others (or splits one): contained cobalt is conserved within the tolerance,
 * and every output carries the blended origin, non-conforming share included, of all the inputs.
 */
export async function transformLots(ctx: AuthedContext, input: TransformInput): Promise<CustodyResult> {
  return createOnce(ctx, TRANSFORM, input, (c, operationId) => recordTransformation(c, input, operationId));
}

async function recordTransformation(
  ctx: AuthedContext,
  input: TransformInput,
  operationId: string,
): Promise<CustodyResult> {
  const at = input.at ? new Date(input.at) : ctx.clock();
  const outcome = await ctx.db.transaction(async (tx) => {
    const outputTags = input.outputs.flatMap((o) => (o.tag ? [`tag:${o.tag.trim().toUpperCase()}`] : []));
    await lockKeys(tx, outputTags);
    const lots = await heldLots(tx, input.inputLotIds, 'inputLotIds');
    const holderId = canReadAllPrivate(ctx.principal) ? lots[0].holder_id : ctx.principal.organisationId;
    requireActor(ctx, holderId, 'processing');
    const holder = await organisation(tx, holderId, 'inputLotIds');
    const tags = input.outputs.map((o) => o.tag?.trim().toUpperCase() || null);
    for (const [i, tag] of tags.entries())
      if (tag && ((await tagInUse(tx, tag)) || tags.indexOf(tag) !== i))
        throw invalid([
          {
            path: `outputs.${i}.tag`,
            message: `tag ${tag} is already used`,
            code: 'custody.tag-used',
            params: { tag },
          },
        ]);
    const incidents = await applyRules(
      tx,
      ctx,
      [
        ...(await stockViolations(tx, { id: holder.id, name: holder.legal_name }, lots)),
        checkMassBalance(
          lots.map((l) => ({ massKg: l.mass_kg, gradePct: l.grade_pct })),
          input.outputs,
          ctx.config.custodyLossTolerancePct,
        ),
      ],
      { siteId: null, organisationIds: [holder.id], what: `processing into ${input.product}` },
    );
    const outputs = input.outputs.map((o, i) => ({ ...o, id: uuidv7(), tag: tags[i] }));
    for (const o of outputs) Object.assign(o, { epc: lotEpc(o.tag ?? o.id) });
    const withEpc = outputs as ((typeof outputs)[number] & { epc: string })[];
    const eventIds = await recordEpcis(tx, ctx, [
      transformationEvent({
        eventId: operationId,
        at,
        inputs: lots.map((l) => l.epc),
        outputs: withEpc.map((o) => ({ epc: o.epc, massKg: o.massKg, gradePct: o.gradePct })),
        product: input.product,
      }),
    ]);
    const origin = blendOf(lots);
    for (const o of withEpc)
      await insertLot(
        tx,
        {
          id: o.id,
          epc: o.epc,
          tag: o.tag,
          kind: 'output',
          mineral: lots[0].mineral,
          siteId: null,
          cooperativeId: null,
          producedAt: at,
          quantity: { massKg: o.massKg, gradePct: o.gradePct },
          holderId: holder.id,
          origin,
          siteState: null,
          eventId: eventIds[0],
        },
        ctx.clock(),
      );
    const lotIds = withEpc.map((o) => o.id);
    await consume(tx, lotIds, lots, at);
    await logOperation(tx, ctx, operationId, 'custody.transformed', { lotIds, eventIds, incidents });
    return { created: true, lots: await lotViews(tx, lotIds), eventIds, incidents };
  });
  return outcome;
}
