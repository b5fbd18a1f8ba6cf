import { v7 as uuidv7 } from 'uuid';
import type { Principal } from '../domain/access/roles.ts';
import {
  isRetryOf,
  type KeptRequest,
  requestFingerprint,
} from '../domain/idempotency/request-fingerprint.ts';
import type { Db, Queryable } from '../storage/db.ts';
import { findClientKey, keepClientKey, lockClientId } from '../storage/idempotency.ts';
import type { AuthedContext, ServiceContext } from './context.ts';
import { idReused } from './errors.ts';

/** What a creation answers: its result, and whether this request made it (201) or retried it (200). */
export type Creation = { created: boolean };
type Answer<R extends Creation> = Omit<R, 'created'>;

/** A creation that takes a client-made id, as `createOnce` keeps it. */
export interface CreateOperation<R extends Creation, C extends ServiceContext = AuthedContext> {
  /** Stable name kept with the request: the same id sent to another operation is refused. */
  name: string;
  /**
   * Whether a record already bears the id with no kept request (made before requests were kept, or under an
   * id the server chose): nothing says it was this request, so the id is refused rather than answered.
   */
  exists?: (q: Queryable, id: string) => Promise<boolean>;
  /** Keys the fingerprint (HMAC) when the request holds personal data that a plain hash would let be guessed. */
  fingerprintKey?: Uint8Array;
  /** The part of the request the fingerprint covers, when some of it must not be hashed (default: all but the id). */
  fingerprinted?: (request: Record<string, unknown>) => unknown;
  /** Compares, for a request whose fingerprint matched, what the fingerprint leaves out (a password). */
  sameRequest?: (q: Queryable, id: string, request: Record<string, unknown>) => Promise<boolean>;
  /**
   * What of the answer is kept, and how a retry gets it back: a secret is kept sealed, never in clear, and a
   * record holding personal data keeps only its id, so that correcting or erasing the data leaves no copy.
   */
  keep?: (answer: Answer<R>) => unknown;
  restore?: (kept: unknown, ctx: C, id: string) => Answer<R> | Promise<Answer<R>>;
}

/** The open transaction seen as a database: a nested `transaction` joins it rather than opening another. */
function joined(db: Db, tx: Queryable): Db {
  // A transaction is one connection, which runs one statement at a time: statements sent together (a view
  // reading its parts with Promise.all) wait here for their turn.
  let last: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(run: () => Promise<T>): Promise<T> => {
    const next = last.then(run, run);
    last = next.catch(() => {});
    return next;
  };
  const q: Queryable = {
    query: (sql, params) => inTurn(() => tx.query(sql, params)),
    exec: (sql) => inTurn(() => tx.exec(sql)),
  };
  return {
    engine: db.engine,
    ...q,
    transaction: (fn) => fn(q),
    close: () => Promise.reject(new Error('a transaction cannot close the database')),
  };
}

/**
 * Runs a creation at most once per client-made id, in one transaction with its rows, its event and the
 * kept request. A retry of the same request by the same caller gets the original answer without writing
 * anything; the id sent again with another body, to another operation or by someone else is refused (422).
 * Without a client id the creation runs once under an id the server makes, and nothing is kept.
 */
export async function createOnce<
  C extends ServiceContext & { principal?: Principal },
  R extends Creation,
  Q extends { id?: string | null },
>(ctx: C, op: CreateOperation<R, C>, request: Q, run: (ctx: C, id: string) => Promise<R>): Promise<R> {
  const within = (tx: Queryable): C => ({ ...ctx, db: joined(ctx.db, tx) });
  const clientId = request.id;
  if (!clientId) return ctx.db.transaction((tx) => run(within(tx), uuidv7()));
  const { id: _id, ...rest } = request as Record<string, unknown>;
  const attempt: KeptRequest = {
    operation: op.name,
    fingerprint: requestFingerprint(
      op.fingerprinted ? op.fingerprinted(request as Record<string, unknown>) : rest,
      op.fingerprintKey,
    ),
    userId: ctx.principal?.userId ?? null,
    organisationId: ctx.principal?.organisationId ?? null,
  };
  return ctx.db.transaction(async (tx) => {
    await lockClientId(tx, clientId);
    const kept = await findClientKey(tx, clientId);
    if (kept) {
      if (
        !isRetryOf(kept, attempt) ||
        (op.sameRequest && !(await op.sameRequest(tx, clientId, request as Record<string, unknown>)))
      )
        throw idReused(clientId);
      const answer = op.restore
        ? await op.restore(kept.result, within(tx), clientId)
        : (kept.result as Answer<R>);
      return { ...answer, created: false } as R;
    }
    if (await op.exists?.(tx, clientId)) throw idReused(clientId);
    const result = await run(within(tx), clientId);
    const { created: _created, ...answer } = result;
    await keepClientKey(tx, {
      ...attempt,
      id: clientId,
      status: 201,
      result: op.keep ? op.keep(answer) : answer,
      createdAt: ctx.clock(),
    });
    return result;
  });
}

/** `exists` for a creation whose client id becomes the id of a row in this table. */
export { rowIn } from '../storage/idempotency.ts';
