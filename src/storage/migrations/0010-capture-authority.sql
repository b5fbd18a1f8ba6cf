-- Who captured every EPCIS event: its organisation (organisation_id, since 0007) and now its user, the
-- caller of /epcis/capture or of the custody API that wrote it.
ALTER TABLE epcis_events ADD COLUMN captured_by uuid;
UPDATE epcis_events e SET captured_by = c.created_by FROM epcis_captures c WHERE c.id = e.capture_id;
ALTER TABLE epcis_events ALTER COLUMN captured_by SET NOT NULL;

-- On the embedded database a large capture is stored in short transactions, so other requests are
-- answered in between: its events stay out of every query until the capture is finished.
ALTER TABLE epcis_captures ADD COLUMN running boolean NOT NULL DEFAULT false;
ALTER TABLE epcis_captures ALTER COLUMN finished_at DROP NOT NULL;
CREATE INDEX epcis_captures_running_idx ON epcis_captures (id) WHERE running;
-- The events of one capture, to remove those of a capture that failed or was cut short by a crash.
CREATE INDEX epcis_events_capture_idx ON epcis_events (capture_id);

-- Amana registers its lots in its own namespace only, so an event names one of them exactly when it
-- names an identifier under urn:amana:lot: (what capture authority relies on).
ALTER TABLE custody_lots ADD CONSTRAINT custody_lots_epc_amana CHECK (epc LIKE 'urn:amana:lot:%');
