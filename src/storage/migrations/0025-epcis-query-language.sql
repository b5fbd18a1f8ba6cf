-- The whole SimpleEventQuery (docs/decisions/0028-the-whole-epcis-query-language.md): tests on the stored
-- event's JSON, and the indexes that keep the rare ones from reading every event at national size.

-- A text read as a time, or null when it is not one: extension fields and sensor times are compared as
-- instants, and no stored value may turn a query into an error.
CREATE OR REPLACE FUNCTION amana_epcis_time(value text) RETURNS timestamptz
  LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
  IF value !~ '^\d{4}-\d\d-\d\dT\d\d:\d\d' THEN
    RETURN NULL;
  END IF;
  RETURN value::timestamptz;
EXCEPTION WHEN others THEN
  RETURN NULL;
END
$$;

-- Events with an error declaration (EXISTS_errorDeclaration and the declaration's filters): few among many.
CREATE INDEX IF NOT EXISTS epcis_events_error_idx ON epcis_events (seq) WHERE body ? 'errorDeclaration';
-- Events with sensor data (every sensor filter, the numeric comparisons of values and times among them).
CREATE INDEX IF NOT EXISTS epcis_events_sensor_idx ON epcis_events (seq) WHERE body ? 'sensorElementList';

-- Equality tests on the members custody's own events never carry (persistent disposition, sensor data,
-- transformation id, error declaration), answered from one index of those events' JSON only, so that
-- capture of ordinary custody events pays nothing for it.
CREATE INDEX IF NOT EXISTS epcis_events_rare_json_idx ON epcis_events USING gin (body jsonb_path_ops)
  WHERE body ?| ARRAY['errorDeclaration', 'persistentDisposition', 'sensorElementList', 'transformationID'];
