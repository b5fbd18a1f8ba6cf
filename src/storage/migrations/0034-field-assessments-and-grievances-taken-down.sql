-- Assessments and grievances recorded on a field phone (docs/decisions/0043-field-checklist-and-grievances.md).
-- An assessment carried out on site keeps the time the phone says it was carried out, beside its created_at
-- (the time the server recorded it); null for assessments opened on the web.
ALTER TABLE assessments ADD COLUMN IF NOT EXISTS assessed_at timestamptz;
-- A grievance taken down by a monitor for someone who cannot use a phone keeps who took it down, and when the
-- phone says it was taken down, beside created_at; null for grievances the reporter sent.
ALTER TABLE grievances ADD COLUMN IF NOT EXISTS taken_down_by uuid REFERENCES users (id);
ALTER TABLE grievances ADD COLUMN IF NOT EXISTS taken_down_at timestamptz;
