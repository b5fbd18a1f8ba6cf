// A synthetic national custody chain for benchmarks: 300 sites worked by cooperatives, traders buying
// sacks and batching them, depots, processors turning batches into cobalt hydroxide, refiners abroad.
// Deterministic (fixed seed): two runs generate the same chain.
import { v7 as uuidv7 } from 'uuid';
import {
  aggregationEvent,
  lotEpc,
  taggingEvent,
  transferEvents,
  transformationEvent,
} from '../src/domain/custody/custody-events.ts';
import { blend, type OriginComposition, originAtSite } from '../src/domain/custody/origin.ts';

export const WORLD = { sites: 300, cooperatives: 100, traders: 60, depots: 20, processors: 5, refiners: 4 };
const SACKS_PER_BATCH = 40;
const BATCHES_PER_HYDROXIDE = 25;

/** Mulberry32: small, fast, good enough to spread a synthetic chain. */
export function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface World {
  siteIds: string[];
  siteCodes: string[];
  /** Sites red or suspended: 5 % of them. */
  siteRed: boolean[];
  siteCoop: string[];
  cooperatives: string[];
  traders: string[];
  depots: string[];
  processors: string[];
  refiners: string[];
}

export function makeWorld(): World {
  const ids = (n: number) => Array.from({ length: n }, () => uuidv7());
  const rnd = random(7);
  const cooperatives = ids(WORLD.cooperatives);
  const siteIds = ids(WORLD.sites);
  return {
    siteIds,
    siteCodes: siteIds.map((_, i) => `BNC-${String(i + 1).padStart(4, '0')}`),
    siteRed: siteIds.map(() => rnd() < 0.05),
    siteCoop: siteIds.map((_, i) => cooperatives[i % cooperatives.length]),
    cooperatives,
    traders: ids(WORLD.traders),
    depots: ids(WORLD.depots),
    processors: ids(WORLD.processors),
    refiners: ids(WORLD.refiners),
  };
}

export interface LotRecord {
  id: string;
  epc: string;
  tag: string | null;
  kind: 'sack' | 'batch' | 'output';
  siteId: string | null;
  cooperativeId: string | null;
  producedAt: Date;
  massKg: number;
  gradePct: number;
  holderId: string;
  consumed: boolean;
  origin: OriginComposition;
  eventId: string;
}

export interface Chunk {
  events: Record<string, unknown>[];
  lots: LotRecord[];
  inputs: { lotId: string; inputId: string; containedKg: number }[];
}

/**
 * Yields the chain in chunks of about `chunkEvents` EPCIS events, with the lots and lineage they make,
 * until `totalEvents` events: per 1,000 sacks about 1,130 events (tagging, batching, transfers, processing).
 */
export function* generateChain(world: World, totalEvents: number, chunkEvents = 1000): Generator<Chunk> {
  const rnd = random(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  let clock = Date.UTC(2025, 0, 1);
  const tick = () => {
    clock += 3000;
    return new Date(clock);
  };
  let produced = 0;
  let chunk: Chunk = { events: [], lots: [], inputs: [] };
  const pendingSacks = new Map<string, LotRecord[]>(); // by trader
  const pendingBatches = new Map<string, LotRecord[]>(); // by depot
  let serial = 0;
  const emit = (...events: Record<string, unknown>[]) => {
    chunk.events.push(...events);
    produced += events.length;
  };
  const merge = (
    inputs: LotRecord[],
    holderId: string,
    kind: 'batch' | 'output',
    at: Date,
    eventId: string,
  ): LotRecord => {
    const mass = inputs.reduce((s, l) => s + l.massKg, 0);
    const cobalt = inputs.reduce((s, l) => s + (l.massKg * l.gradePct) / 100, 0);
    const id = uuidv7();
    const lot: LotRecord = {
      id,
      epc: lotEpc(id),
      tag: null,
      kind,
      siteId: null,
      cooperativeId: null,
      producedAt: at,
      massKg: Math.round(mass * 1000) / 1000,
      gradePct: Math.round((cobalt / mass) * 1e8) / 1e6,
      holderId,
      consumed: false,
      origin: blend(inputs.map((l) => ({ quantity: l, origin: l.origin }))),
      eventId,
    };
    for (const l of inputs) {
      l.consumed = true;
      chunk.inputs.push({ lotId: id, inputId: l.id, containedKg: (l.massKg * l.gradePct) / 100 });
    }
    return lot;
  };
  while (produced < totalEvents) {
    // A sack tagged at a site for its cooperative, sold to a trader.
    const s = Math.floor(rnd() * world.siteIds.length);
    const at = tick();
    const tag = `BNC${(++serial).toString(36).toUpperCase().padStart(8, '0')}`;
    const eventId = uuidv7();
    const massKg = 40 + Math.round(rnd() * 200) / 10;
    const gradePct = 5 + Math.round(rnd() * 150) / 10;
    const coop = world.siteCoop[s];
    emit(
      taggingEvent({
        eventId,
        at,
        epc: lotEpc(tag),
        siteCode: world.siteCodes[s],
        cooperativeId: coop,
        massKg,
        gradePct,
        mineral: 'cobalt',
      }),
    );
    const state = { status: world.siteRed[s] ? 'red' : 'green', suspended: false, openLevel1: [] };
    const sack: LotRecord = {
      id: uuidv7(),
      epc: lotEpc(tag),
      tag,
      kind: 'sack',
      siteId: world.siteIds[s],
      cooperativeId: coop,
      producedAt: at,
      massKg,
      gradePct,
      holderId: coop,
      consumed: false,
      origin: originAtSite(world.siteIds[s], coop, state),
      eventId: `urn:uuid:${eventId}`,
    };
    chunk.lots.push(sack);
    const trader = world.traders[s % world.traders.length];
    const sacks = pendingSacks.get(trader) ?? [];
    sacks.push(sack);
    pendingSacks.set(trader, sacks);
    if (sacks.length === SACKS_PER_BATCH) {
      pendingSacks.set(trader, []);
      const t1 = tick();
      emit(
        ...transferEvents({
          eventId: uuidv7(),
          receiptEventId: uuidv7(),
          at: t1,
          epcs: sacks.map((x) => x.epc),
          fromId: coop,
          toId: trader,
          transaction: { type: 'inv', ref: `INV-${serial}` },
        }),
      );
      const aggId = uuidv7();
      const batch = merge(sacks, trader, 'batch', t1, `urn:uuid:${aggId}`);
      emit(
        aggregationEvent({
          eventId: aggId,
          at: t1,
          parent: batch.epc,
          children: sacks.map((x) => x.epc),
          massKg: batch.massKg,
          gradePct: batch.gradePct,
        }),
      );
      chunk.lots.push(batch);
      const depot = pick(world.depots);
      emit(
        ...transferEvents({
          eventId: uuidv7(),
          receiptEventId: uuidv7(),
          at: tick(),
          epcs: [batch.epc],
          fromId: trader,
          toId: depot,
          transaction: null,
        }),
      );
      batch.holderId = depot;
      const batches = pendingBatches.get(depot) ?? [];
      batches.push(batch);
      pendingBatches.set(depot, batches);
      if (batches.length === BATCHES_PER_HYDROXIDE) {
        pendingBatches.set(depot, []);
        const processor = pick(world.processors);
        emit(
          ...transferEvents({
            eventId: uuidv7(),
            receiptEventId: uuidv7(),
            at: tick(),
            epcs: batches.map((b) => b.epc),
            fromId: depot,
            toId: processor,
            transaction: null,
          }),
        );
        const trId = uuidv7();
        const t2 = tick();
        // Processing keeps 97 % of the contained cobalt in a hydroxide at about 30 %.
        const hydroxide = merge(batches, processor, 'output', t2, `urn:uuid:${trId}`);
        const cobalt = (hydroxide.massKg * hydroxide.gradePct) / 100;
        hydroxide.gradePct = 30;
        hydroxide.massKg = Math.round(((cobalt * 0.97) / 0.3) * 1000) / 1000;
        emit(
          transformationEvent({
            eventId: trId,
            at: t2,
            inputs: batches.map((b) => b.epc),
            outputs: [{ epc: hydroxide.epc, massKg: hydroxide.massKg, gradePct: 30 }],
            product: 'cobalt hydroxide',
          }),
        );
        const refiner = pick(world.refiners);
        emit(
          ...transferEvents({
            eventId: uuidv7(),
            receiptEventId: uuidv7(),
            at: tick(),
            epcs: [hydroxide.epc],
            fromId: processor,
            toId: refiner,
            transaction: { type: 'desadv', ref: `EXP-${serial}` },
          }),
        );
        hydroxide.holderId = refiner;
        chunk.lots.push(hydroxide);
      }
    }
    if (chunk.events.length >= chunkEvents) {
      yield chunk;
      chunk = { events: [], lots: [], inputs: [] };
    }
  }
  if (chunk.events.length) yield chunk;
}
