-- The assessment and corrective-action lists read their pages along these indexes, in the order they answer:
-- assessments newest first (all of them, or a site's), corrective actions open first, then by deadline.
CREATE INDEX IF NOT EXISTS assessments_newest_idx ON assessments (created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS assessments_site_newest_idx ON assessments (site_id, created_at DESC, id DESC);
DROP INDEX IF EXISTS assessments_site_idx;
CREATE INDEX IF NOT EXISTS corrective_actions_order_idx ON corrective_actions ((status = 'closed'), deadline, id);
CREATE INDEX IF NOT EXISTS corrective_actions_site_order_idx ON corrective_actions (site_id, (status = 'closed'), deadline, id);
