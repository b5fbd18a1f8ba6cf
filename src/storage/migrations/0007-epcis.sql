-- The EPCIS 2.0 repository: capture jobs and the events they stored, with the fields queries filter on.
CREATE TABLE epcis_captures (
  id              uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  created_by      uuid NOT NULL,
  created_at      timestamptz NOT NULL,
  finished_at     timestamptz NOT NULL,
  error_behaviour text NOT NULL CHECK (error_behaviour IN ('rollback', 'proceed')),
  success         boolean NOT NULL,
  event_count     integer NOT NULL,
  stored_count    integer NOT NULL,
  errors          jsonb NOT NULL DEFAULT '[]'
);

CREATE TABLE epcis_events (
  seq              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The eventID sent, or the CBV 2.0 event hash when none was: either one identifies a re-sent event.
  event_id         text NOT NULL UNIQUE,
  event_hash       text NOT NULL UNIQUE,
  event_type       text NOT NULL,
  event_time       timestamptz NOT NULL,
  record_time      timestamptz NOT NULL,
  action           text,
  biz_step         text,
  disposition      text,
  read_point       text,
  biz_location     text,
  parent_id        text,
  epcs             text[] NOT NULL DEFAULT '{}',
  input_epcs       text[] NOT NULL DEFAULT '{}',
  output_epcs      text[] NOT NULL DEFAULT '{}',
  epc_classes      text[] NOT NULL DEFAULT '{}',
  input_classes    text[] NOT NULL DEFAULT '{}',
  output_classes   text[] NOT NULL DEFAULT '{}',
  biz_transactions text[] NOT NULL DEFAULT '{}',
  capture_id       uuid NOT NULL REFERENCES epcis_captures (id),
  organisation_id  uuid NOT NULL REFERENCES organisations (id),
  body             jsonb NOT NULL
);
CREATE INDEX epcis_events_time_idx ON epcis_events (event_time);
CREATE INDEX epcis_events_record_idx ON epcis_events (record_time);
CREATE INDEX epcis_events_org_idx ON epcis_events (organisation_id, seq);
CREATE INDEX epcis_events_step_idx ON epcis_events (biz_step);
CREATE INDEX epcis_events_epcs_idx ON epcis_events USING gin (epcs);
CREATE INDEX epcis_events_inputs_idx ON epcis_events USING gin (input_epcs);
CREATE INDEX epcis_events_outputs_idx ON epcis_events USING gin (output_epcs);
CREATE INDEX epcis_events_classes_idx ON epcis_events USING gin (epc_classes);
CREATE INDEX epcis_events_bt_idx ON epcis_events USING gin (biz_transactions);
