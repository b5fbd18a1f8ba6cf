import type { CaptureClaim, CaptureFacts } from '../../domain/custody/capture-authority.ts';
import type { Queryable } from '../../storage/db.ts';
import { lotHoldersByEpc, organisationNames, siteOperatorsByCode } from '../../storage/queries/custody.ts';
import { eventsByIdOrHash } from '../../storage/queries/epcis.ts';

/** Values looked up per statement: each lookup stays short, so other requests pass between them. */
const PER_QUERY = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function byChunks<T>(values: readonly string[], run: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < values.length; i += PER_QUERY) out.push(...(await run(values.slice(i, i + PER_QUERY))));
  return out;
}

/**
 * What Amana knows about the lots, sites and organisations some events name, and about the events
 * they declare erroneous, as the authority rules need it for this capturer.
 */
export async function captureFacts(
  q: Queryable,
  claims: readonly CaptureClaim[],
  capturerId: string,
): Promise<CaptureFacts> {
  const epcs = [...new Set(claims.flatMap((c) => [...c.lots, ...c.made]))];
  const codes = [...new Set(claims.flatMap((c) => c.sites))];
  const lots = await byChunks(epcs, (part) => lotHoldersByEpc(q, part, capturerId));
  const sites = await byChunks(codes, (part) => siteOperatorsByCode(q, part));
  const orgIds = [
    ...new Set([
      capturerId,
      ...claims.flatMap((c) => [...c.sources, ...c.destinations]),
      ...lots.map((l) => l.holder_id),
    ]),
  ].filter((id) => UUID.test(id));
  const organisations = await byChunks(orgIds, (part) => organisationNames(q, part));
  const declaring = claims.filter((c) => c.declaresError);
  const declared = declaring.length
    ? await eventsByIdOrHash(
        q,
        declaring.map((c) => c.eventId),
        declaring.map((c) => c.hash),
      )
    : [];
  return {
    lots: new Map(lots.map((l) => [l.epc, { holderId: l.holder_id, handedToCapturerBy: l.handed_by }])),
    sites: new Map(sites.map((s) => [s.code, { operators: s.operators }])),
    organisations: new Map(organisations.map((o) => [o.id, o.legal_name])),
    declaredCapturers: new Map(
      declaring.flatMap((c) => {
        const stored = declared.find((d) => d.event_id === c.eventId || d.event_hash === c.hash);
        return stored ? [[c.index, stored.organisation_id] as const] : [];
      }),
    ),
  };
}
