import type { CaptureClaim, CaptureFacts } from '../../domain/custody/capture-authority.ts';
import type { Queryable } from '../../storage/db.ts';

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
  const lots = await byChunks(
    epcs,
    async (part) =>
      (
        await q.query<{ epc: string; holder_id: string; handed_by: string[] }>(
          `SELECT l.epc, l.holder_id, coalesce(array_agg(t.from_id::text) FILTER (WHERE t.from_id IS NOT NULL), '{}') AS handed_by
           FROM custody_lots l LEFT JOIN custody_transfers t ON t.lot_id = l.id AND t.to_id = $2
          WHERE l.epc = ANY($1::text[]) GROUP BY l.epc, l.holder_id`,
          [part, capturerId],
        )
      ).rows,
  );
  const sites = await byChunks(
    codes,
    async (part) =>
      (
        await q.query<{ code: string; operators: string[] }>(
          `SELECT s.code, coalesce(array_agg(o.organisation_id::text) FILTER (WHERE o.organisation_id IS NOT NULL), '{}') AS operators
           FROM sites s LEFT JOIN site_operators o ON o.site_id = s.id WHERE s.code = ANY($1::text[]) GROUP BY s.code`,
          [part],
        )
      ).rows,
  );
  const orgIds = [
    ...new Set([
      capturerId,
      ...claims.flatMap((c) => [...c.sources, ...c.destinations]),
      ...lots.map((l) => l.holder_id),
    ]),
  ].filter((id) => UUID.test(id));
  const organisations = await byChunks(
    orgIds,
    async (part) =>
      (
        await q.query<{ id: string; legal_name: string }>(
          'SELECT id, legal_name FROM organisations WHERE id = ANY($1::uuid[])',
          [part],
        )
      ).rows,
  );
  const declaring = claims.filter((c) => c.declaresError);
  const declared = declaring.length
    ? (
        await q.query<{ event_id: string; event_hash: string; organisation_id: string }>(
          'SELECT event_id, event_hash, organisation_id FROM epcis_events WHERE event_id = ANY($1::text[]) OR event_hash = ANY($2::text[])',
          [declaring.map((c) => c.eventId), declaring.map((c) => c.hash)],
        )
      ).rows
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
