-- The grievance officers' queue is read a page at a time, newest first (or oldest first), whole or by status:
-- each page is one range scan of these indexes, with the id breaking ties of the keyset.
CREATE INDEX IF NOT EXISTS grievances_newest_idx ON grievances (created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS grievances_status_newest_idx ON grievances (status, created_at DESC, id DESC);
-- The new index begins with every column of the old one.
DROP INDEX IF EXISTS grievances_status_idx;
-- The attachments of the cases of one page, read together in upload order.
CREATE INDEX IF NOT EXISTS grievance_attachments_grievance_idx ON grievance_attachments (grievance_id, uploaded_at, id);
