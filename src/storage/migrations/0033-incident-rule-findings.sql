-- What an indicator rule found, kept with the incident it opened, so that every reader's language can say it
-- (decision 0041): the indicator, the rule's operator and threshold at the time, the value seen, the visit's
-- observation time and the site's code. Null for incidents not opened by a rule, and for those opened before.
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS rule_finding jsonb;
