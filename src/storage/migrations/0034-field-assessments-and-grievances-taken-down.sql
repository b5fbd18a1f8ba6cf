-- Grievances recorded on a field phone (docs/decisions/0043-field-checklist-and-grievances.md). An assessment
-- carried out on site keeps the phone's time as its observation span (observed_from, observed_until: 0036).
-- A grievance taken down by a monitor for someone who cannot use a phone keeps who took it down, and when the
-- phone says it was taken down, beside created_at; null for grievances the reporter sent.
ALTER TABLE grievances ADD COLUMN IF NOT EXISTS taken_down_by uuid REFERENCES users (id);
ALTER TABLE grievances ADD COLUMN IF NOT EXISTS taken_down_at timestamptz;
