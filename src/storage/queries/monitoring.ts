import type { Indicators } from '../../domain/monitoring/indicator-rules.ts';
import type { Queryable } from '../db.ts';

/** A visit with the incidents it opened and its photos, as one row. */
export interface VisitRow {
  id: string;
  site_id: string;
  monitor_id: string;
  visited_at: Date;
  latitude: number | null;
  longitude: number | null;
  indicators: Indicators;
  notes: string;
  device_id: string | null;
  created_at: Date;
  incidents: { id: string; code: string; level: number; title: string }[];
  photos: { id: string; filename: string; contentType: string; sizeBytes: number }[];
}

// The incidents and photos of each visit come with it (lateral aggregates over indexed lookups), so a list
// of visits is one query however long it is.
const VISIT_SELECT = `
  SELECT v.*,
         COALESCE((SELECT json_agg(json_build_object('id', i.id, 'code', i.code, 'level', i.level, 'title', i.title)
                                   ORDER BY i.level, i.code)
                     FROM incidents i WHERE i.visit_id = v.id), '[]') AS incidents,
         COALESCE((SELECT json_agg(json_build_object('id', p.id, 'filename', p.filename, 'contentType', p.content_type,
                                                     'sizeBytes', p.size_bytes) ORDER BY p.uploaded_at, p.id)
                     FROM visit_photos p WHERE p.visit_id = v.id), '[]') AS photos
    FROM visits v`;

export async function findVisit(q: Queryable, id: string): Promise<VisitRow | undefined> {
  return (await q.query<VisitRow>(`${VISIT_SELECT} WHERE v.id = $1`, [id])).rows[0];
}

/** Visits newest first, by site and period, at most `limit`. */
export async function findVisits(
  q: Queryable,
  f: { siteId?: string; from?: string; to?: string },
  limit: number,
): Promise<VisitRow[]> {
  return (
    await q.query<VisitRow>(
      `${VISIT_SELECT}
        WHERE ($1::uuid IS NULL OR v.site_id = $1) AND ($2::timestamptz IS NULL OR v.visited_at >= $2)
          AND ($3::timestamptz IS NULL OR v.visited_at < $3)
        ORDER BY v.visited_at DESC, v.id DESC LIMIT $4`,
      [f.siteId ?? null, f.from ?? null, f.to ?? null, limit],
    )
  ).rows;
}
