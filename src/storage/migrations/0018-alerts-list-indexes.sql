-- The alerts area's lists, each read by keyset along an index (decision 0018): an organisation's
-- subscriptions and webhooks oldest first, and its delivery log newest first.
CREATE INDEX IF NOT EXISTS subscriptions_org_order_idx ON subscriptions (organisation_id, created_at, id);
CREATE INDEX IF NOT EXISTS webhooks_org_order_idx ON webhooks (organisation_id, created_at, id);
-- The delivery log: an organisation's alerts give their deliveries, or the newest deliveries are read in order
-- and kept when their alert is the organisation's.
CREATE INDEX IF NOT EXISTS deliveries_alert_idx ON deliveries (alert_id);
CREATE INDEX IF NOT EXISTS deliveries_newest_idx ON deliveries (created_at DESC, id DESC);
-- The inbox, newest first, read along one index whatever the page's depth.
CREATE INDEX IF NOT EXISTS alerts_org_newest_idx ON alerts (organisation_id, created_at DESC, id DESC);
