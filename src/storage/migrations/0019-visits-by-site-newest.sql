-- A site's visits, newest observation first with ties on id: the visit list filtered by site reads its page
-- along this index whatever its depth. It serves every read the old (site_id, visited_at) index served.
-- incidents.visit_id and visit_photos.visit_id are indexed since 0015.
CREATE INDEX IF NOT EXISTS visits_site_newest_idx ON visits (site_id, visited_at DESC, id DESC);
DROP INDEX IF EXISTS visits_site_idx;
