import type { KeyObject } from 'node:crypto';
import { canReadAllPrivate } from '../../domain/access/roles.ts';
import { checkChainHead, GENESIS_HASH, verifyChainSegment } from '../../domain/events/hash-chain.ts';
import {
  checkSeals,
  type Seal,
  type SealAgainstLog,
  type SealFault,
  signSeal,
} from '../../domain/events/seal.ts';
import type { Queryable } from '../../storage/db.ts';
import { readEvents, verifyEventLog } from '../../storage/events.ts';
import {
  findChainHead,
  findLatestSeal,
  insertSeal,
  listSealsAgainstLog,
  listSealsBetween,
  lockSealer,
  type SealRow,
} from '../../storage/queries/event-log.ts';
import type { AuthedContext, ServiceContext } from '../context.ts';
import { conflict, forbidden } from '../errors.ts';
import { loadSealKey } from './seal-key.ts';
import type { SealView } from './views.ts';

// Serialises sealers (a server and a separate worker on one PostgreSQL) so each head is sealed once.
const SEAL_LOCK = 727_014;
const BATCH = 5000;

const toSeal = (r: SealRow): Seal => ({
  seq: r.seq,
  hash: r.hash,
  sealedAt: r.sealed_at.toISOString(),
  keyId: r.key_id,
  signature: r.signature,
});

/** The latest seal, or null before the first. */
export async function latestSeal(db: Queryable): Promise<Seal | null> {
  const row = await findLatestSeal(db);
  return row ? toSeal(row) : null;
}

/** The seals of events `from` to `to`, in sequence order. */
export async function sealsBetween(db: Queryable, from: number, to: number): Promise<Seal[]> {
  return (await listSealsBetween(db, from, to)).map(toSeal);
}

export type SealOutcome =
  | { status: 'sealed'; seal: Seal }
  | { status: 'unchanged'; seal: Seal }
  | { status: 'empty' };

/**
 * Signs the current chain head unless it is already sealed. The events appended since the previous seal are
 * checked first, so a seal never vouches for a chain broken since the last one; sealing then refuses, naming
 * the fault, until someone looks (amana verify).
 */
export async function sealChainHead(ctx: ServiceContext): Promise<SealOutcome> {
  const { db } = ctx;
  const head = await findChainHead(db);
  if (head.seq === 0) return { status: 'empty' };
  const last = await latestSeal(db);
  if (last && last.seq === head.seq && last.hash === head.hash) return { status: 'unchanged', seal: last };
  if (last && last.seq >= head.seq)
    throw conflict(
      `not sealed: the chain head (#${head.seq}) is not past the latest seal (#${last.seq} on ${last.sealedAt}); run amana verify`,
      [],
      { code: 'event-log.head-behind-seal', params: { head: head.seq, seal: last.seq } },
    );
  // Outside the transaction: on the embedded database a long one would hold every writer back.
  let tail = last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
  while (tail.seq < head.seq) {
    const batch = await readEvents(db, tail.seq, head.seq, BATCH);
    if (batch.length === 0) break;
    const result = verifyChainSegment(batch, tail);
    if (result.fault)
      throw conflict(`not sealed: the event log is broken: ${result.fault.message}`, [], {
        code: 'event-log.chain-broken',
        params: { seq: result.fault.seq },
      });
    tail = result.tail;
  }
  const headFault = checkChainHead(tail, head);
  if (headFault)
    throw conflict(`not sealed: the event log is broken: ${headFault.message}`, [], {
      code: 'event-log.chain-broken',
      params: { seq: headFault.seq },
    });

  const key = loadSealKey(ctx.config, { create: true });
  if (!key) throw new Error('no seal key could be made');
  const seal = signSeal(
    { seq: head.seq, hash: head.hash, sealedAt: ctx.clock().toISOString(), keyId: key.keyId },
    key.privateKey,
  );
  return db.transaction(async (tx) => {
    await lockSealer(tx, SEAL_LOCK);
    const now = await latestSeal(tx);
    // Another sealer got there first; its seal covers this head or a later one.
    if (now && now.seq >= seal.seq) return { status: 'unchanged' as const, seal: now };
    await insertSeal(tx, {
      seq: seal.seq,
      hash: seal.hash,
      sealed_at: new Date(seal.sealedAt),
      key_id: seal.keyId,
      signature: seal.signature,
    });
    return { status: 'sealed' as const, seal };
  });
}

export type SealedLogResult =
  | { ok: true; count: number; headHash: string; seals: number; latest: Seal | null }
  | { ok: false; message: string; fault?: SealFault };

/**
 * `amana verify` on the database: the chain as before, then every seal against the trusted key. Without a
 * key, a log that holds seals cannot be checked and fails.
 */
export async function verifySealedLog(
  ctx: ServiceContext,
  trusted: KeyObject | null,
  onProgress: (checked: number, total: number) => void = () => {},
): Promise<SealedLogResult> {
  const chain = await verifyEventLog(ctx.db, onProgress);
  if (!chain.ok) return { ok: false, message: chain.fault.message };
  const rows = await listSealsAgainstLog(ctx.db);
  const seals: SealAgainstLog[] = rows.map((r) => ({ ...toSeal(r), eventHash: r.event_hash }));
  const summary = { count: chain.count, headHash: chain.headHash, seals: seals.length };
  if (seals.length === 0) return { ok: true, ...summary, latest: null };
  if (!trusted)
    return {
      ok: false,
      message: `the log holds ${seals.length} seal(s) but there is no key to check them: set AMANA_SEAL_KEY or AMANA_SEAL_KEY_FILE, or pass --public-key FILE`,
    };
  const fault = checkSeals(seals, chain.count, trusted);
  if (fault) return { ok: false, message: fault.message, fault };
  const latest = seals[seals.length - 1];
  const { eventHash: _, ...seal } = latest;
  return { ok: true, ...summary, latest: seal };
}

/**
 * What an auditor pins and compares later: the instance's public key, the chain head and the latest seal.
 * Registry staff only (the operator's staff and the regulator).
 */
export async function sealView(ctx: AuthedContext): Promise<SealView> {
  if (!canReadAllPrivate(ctx.principal))
    throw forbidden('only registry staff and the regulator read the event log seal', {
      code: 'event-log.seal-forbidden',
    });
  const key = loadSealKey(ctx.config, { create: false });
  const head = await findChainHead(ctx.db);
  const latest = await latestSeal(ctx.db);
  return {
    keyId: key?.keyId ?? null,
    publicKey: key?.publicKeyPem ?? null,
    head: { seq: head.seq, hash: head.hash },
    latestSeal: latest,
    unsealedEvents: Math.max(0, head.seq - (latest?.seq ?? 0)),
  };
}
