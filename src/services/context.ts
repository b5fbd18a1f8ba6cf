import type { Config } from '../config.ts';
import type { Principal } from '../domain/access/roles.ts';
import type { Db } from '../storage/db.ts';
import type { EventActor } from '../storage/events.ts';

/** What every use case gets: the database, the clock and the configuration. */
export interface ServiceContext {
  db: Db;
  clock: () => Date;
  config: Config;
  /** Set by a running worker: wakes it to deliver the outbox now rather than at its next tick. */
  wakeOutbox?: () => void;
  /** Set by the server: tells EPCIS subscriptions that events were captured. */
  wakeSubscriptions?: () => void;
  /** Resolves a webhook's host name to its addresses; the system resolver unless a test stands in for DNS. */
  resolveHost?: (hostname: string) => Promise<string[]>;
}

/** A use case called on behalf of someone. */
export interface AuthedContext extends ServiceContext {
  principal: Principal;
}

/** The event actor for a principal. */
export function actorOf(p: Principal): EventActor {
  return { userId: p.userId, organisationId: p.organisationId, deviceId: p.deviceId ?? null };
}
