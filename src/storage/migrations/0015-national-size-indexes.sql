-- Indexes for lists, maps and dashboards at national size (10^5 sites, visits and incidents): each list reads
-- its page along an index instead of sorting or scanning a whole table. See docs/decisions/0011-national-size-reads.md.

-- Site lists sorted by name or province (sort=name, sort=province), ties broken by code.
CREATE INDEX IF NOT EXISTS sites_name_idx ON sites (lower(name), code);
CREATE INDEX IF NOT EXISTS sites_province_lower_idx ON sites (lower(province), code);
-- A site's code and name beside its id, read from the index alone where lists name the site of each row.
CREATE INDEX IF NOT EXISTS sites_label_idx ON sites (id) INCLUDE (code, name);
-- The suspended count of the home page, without reading every site.
CREATE INDEX IF NOT EXISTS sites_suspended_idx ON sites (status) WHERE cardinality(suspended_by) > 0;

-- A visit's incidents and photos; the newest visits first.
CREATE INDEX IF NOT EXISTS incidents_visit_idx ON incidents (visit_id) WHERE visit_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS visit_photos_visit_idx ON visit_photos (visit_id, uploaded_at, id);
CREATE INDEX IF NOT EXISTS visits_newest_idx ON visits (visited_at DESC, id DESC);

-- The incident list's order (overdue verifications first, then level, newest): one index for the overdue
-- part, one for the rest, each read in order and cut at the page.
CREATE INDEX IF NOT EXISTS incidents_order_idx ON incidents (level, reported_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS incidents_verifying_idx ON incidents (level, reported_at DESC, id DESC)
  WHERE state IN ('reported', 'under_verification');
-- Open incidents by level for the home page, counted from the index alone.
CREATE INDEX IF NOT EXISTS incidents_open_idx ON incidents (level, state, verification_due) INCLUDE (site_id, id)
  WHERE state NOT IN ('resolved', 'unsubstantiated');
-- Incidents reported per month and category (incident trends).
CREATE INDEX IF NOT EXISTS incidents_reported_idx ON incidents (reported_at) INCLUDE (category, site_id, id);
-- The organisations named in incidents: a cooperative's incidents without a site of its own.
CREATE INDEX IF NOT EXISTS incident_actors_org_idx ON incident_actors (organisation_id);

-- Unread alerts of an organisation; mitigation reviews falling due.
CREATE INDEX IF NOT EXISTS alerts_unread_idx ON alerts (organisation_id) WHERE read_at IS NULL;
CREATE INDEX IF NOT EXISTS mitigation_plans_review_idx ON mitigation_plans (next_review_due);
-- Open corrective actions by deadline (home page figures).
CREATE INDEX IF NOT EXISTS corrective_actions_open_idx ON corrective_actions (deadline) WHERE status = 'open';

-- Subscriptions by supplier: who follows the operators of a site.
CREATE INDEX IF NOT EXISTS subscriptions_supplier_lookup_idx ON subscriptions (supplier_id) WHERE supplier_id IS NOT NULL;
-- Cooperatives named in an import by registration number.
CREATE INDEX IF NOT EXISTS registration_numbers_number_idx ON registration_numbers (number);
