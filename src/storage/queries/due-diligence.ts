import type { OriginComposition } from '../../domain/custody/origin.ts';
import type { Queryable } from '../db.ts';

/** The facts a due-diligence report is computed from, read for one buyer, one span of time and its chain's sites. */

/** Every lot handed to the buyer in [start, end), with who handed it over and the lot's composition. */
export async function lotsReceivedBy(q: Queryable, buyerId: string, start: Date, end: Date) {
  return (
    await q.query<{
      lot_id: string;
      epc: string;
      tag: string | null;
      shipped_at: Date;
      from_id: string;
      from_name: string;
      transaction_type: string | null;
      transaction_ref: string | null;
      mass_kg: number;
      grade_pct: number;
      origin: OriginComposition;
    }>(
      `SELECT l.id AS lot_id, l.epc, l.tag, t.shipped_at, t.from_id, o.legal_name AS from_name,
              t.transaction_type, t.transaction_ref, l.mass_kg, l.grade_pct, l.origin
         FROM custody_transfers t
         JOIN custody_lots l ON l.id = t.lot_id
         JOIN organisations o ON o.id = t.from_id
        WHERE t.to_id = $1 AND t.shipped_at >= $2 AND t.shipped_at < $3
        ORDER BY t.shipped_at, l.epc`,
      [buyerId, start, end],
    )
  ).rows;
}

/** The sites named, with what the report says of each. */
export async function reportSites(q: Queryable, ids: readonly string[]) {
  return (
    await q.query<{ id: string; code: string; name: string; province: string; minerals: string[] }>(
      'SELECT id, code, name, province, minerals FROM sites WHERE id = ANY($1::uuid[]) ORDER BY code',
      [ids],
    )
  ).rows;
}

/** The incidents at those sites reported before `end`, with their transitions, plan, reviews and decisions. */
export async function reportIncidents(q: Queryable, siteIds: readonly string[], end: Date) {
  return (
    await q.query<{
      code: string;
      site_id: string;
      level: number;
      category: string;
      reported_at: Date;
      observed_at: Date | null;
      transitions: { to: string; at: string }[];
      plan: {
        decided_at: string;
        indicators: { name: string; baseline: number; target: number }[];
        decisions: { decision: string; at: string }[];
        reviews: { at: string; progress: Record<string, number> }[];
      } | null;
    }>(
      `SELECT i.code, i.site_id, i.level, i.category, i.reported_at, i.observed_at,
              COALESCE((SELECT json_agg(json_build_object('to', t.to_state, 'at', t.at) ORDER BY t.at, t.id)
                          FROM incident_transitions t WHERE t.incident_id = i.id AND t.from_state IS NOT NULL), '[]')
                AS transitions,
              (SELECT json_build_object(
                        'decided_at', p.created_at,
                        'indicators', p.indicators,
                        'decisions', COALESCE((SELECT json_agg(json_build_object('decision', d.decision, 'at', d.decided_at)
                                                 ORDER BY d.decided_at, d.id)
                                                 FROM plan_decisions d WHERE d.plan_id = p.id), '[]'),
                        'reviews', COALESCE((SELECT json_agg(json_build_object('at', r.reviewed_at, 'progress', r.progress)
                                               ORDER BY r.reviewed_at, r.id)
                                               FROM plan_reviews r WHERE r.plan_id = p.id), '[]'))
                 FROM mitigation_plans p WHERE p.incident_id = i.id) AS plan
         FROM incidents i
        WHERE i.site_id = ANY($1::uuid[]) AND i.reported_at < $2
        ORDER BY i.code`,
      [siteIds, end],
    )
  ).rows;
}

/** Grievances about those sites received in [start, end): status and category only, never who or what. */
export async function reportGrievances(q: Queryable, siteIds: readonly string[], start: Date, end: Date) {
  return (
    await q.query<{
      site_id: string;
      category: string | null;
      status: string;
      created_at: Date;
      incident: boolean;
    }>(
      `SELECT site_id, category, status, created_at, incident_id IS NOT NULL AS incident
         FROM grievances WHERE site_id = ANY($1::uuid[]) AND created_at >= $2 AND created_at < $3`,
      [siteIds, start, end],
    )
  ).rows;
}

/** Approved assessments of those sites before `end`, with the standard they used and the status they gave. */
export async function reportAssessments(q: Queryable, siteIds: readonly string[], end: Date) {
  return (
    await q.query<{
      site_id: string;
      kind: string;
      approved_at: Date;
      status: string | null;
      set_name: string;
      set_version: number;
    }>(
      `SELECT a.site_id, a.kind, a.approved_at, a.outcome->>'status' AS status, s.name AS set_name, s.version AS set_version
         FROM assessments a JOIN criteria_sets s ON s.id = a.set_id
        WHERE a.site_id = ANY($1::uuid[]) AND a.status = 'approved' AND a.approved_at < $2`,
      [siteIds, end],
    )
  ).rows;
}

/** Monitoring visits to those sites in [start, end). */
export async function reportVisits(q: Queryable, siteIds: readonly string[], start: Date, end: Date) {
  return (
    await q.query<{ site_id: string; visited_at: Date }>(
      'SELECT site_id, visited_at FROM visits WHERE site_id = ANY($1::uuid[]) AND visited_at >= $2 AND visited_at < $3',
      [siteIds, start, end],
    )
  ).rows;
}

/**
 * Auditor access granted over the buyer or any of those sites that overlapped [start, end): the third-party
 * verification the report can name.
 */
export async function reportAuditGrants(
  q: Queryable,
  buyerId: string,
  siteIds: readonly string[],
  start: Date,
  end: Date,
) {
  return (
    await q.query<{
      auditor: string;
      organisation: string;
      period_from: string;
      period_to: string;
      purpose: string;
    }>(
      `SELECT u.name AS auditor, g.period_from::text, g.period_to::text, g.purpose,
              (SELECT o.legal_name FROM memberships m JOIN organisations o ON o.id = m.organisation_id
                WHERE m.user_id = u.id ORDER BY m.created_at LIMIT 1) AS organisation
         FROM audit_grants g
         JOIN users u ON u.id = g.auditor_user_id
        WHERE ($1 = ANY(g.organisation_ids) OR g.site_ids && $2::uuid[])
          AND g.period_from < $4::date AND g.period_to >= $3::date
        ORDER BY g.period_from, u.name`,
      [buyerId, siteIds, start.toISOString().slice(0, 10), end.toISOString().slice(0, 10)],
    )
  ).rows;
}

/** The latest seal of the event log signed before `end`, if any. */
export async function latestSealBefore(q: Queryable, end: Date) {
  return (
    (
      await q.query<{ seq: number; sealed_at: Date; key_id: string }>(
        'SELECT seq, sealed_at, key_id FROM event_seals WHERE sealed_at < $1 ORDER BY seq DESC LIMIT 1',
        [end],
      )
    ).rows[0] ?? null
  );
}

/** The organisation reported on. */
export async function reportOrganisation(q: Queryable, id: string) {
  return (
    (
      await q.query<{ id: string; legal_name: string; country: string; chain_roles: string[] }>(
        'SELECT id, legal_name, country, chain_roles FROM organisations WHERE id = $1',
        [id],
      )
    ).rows[0] ?? null
  );
}

/** The organisations named, with their country and first address: the processors of an EMRT smelter list. */
export async function organisationAddresses(q: Queryable, ids: readonly string[]) {
  return (
    await q.query<{
      id: string;
      legal_name: string;
      country: string;
      addresses: { line: string; city?: string; province?: string }[];
    }>(
      'SELECT id, legal_name, country, addresses FROM organisations WHERE id = ANY($1::uuid[]) ORDER BY legal_name',
      [ids],
    )
  ).rows;
}
