-- The phones and tablets the field app runs on, each registered to one user (docs/decisions/0031-field-devices.md).
-- A device's id is made by the app; a revoked device is refused at every request that names it. The last
-- sighting is kept here (not in the event log, which records registration and revocation): when the server last
-- saw the device, the device's own clock at that request, and the difference (device − server) in milliseconds.
CREATE TABLE devices (
  id                 uuid PRIMARY KEY,
  user_id            uuid NOT NULL REFERENCES users (id),
  name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  registered_at      timestamptz NOT NULL,
  last_seen_at       timestamptz,
  last_device_time   timestamptz,
  clock_skew_ms      bigint,
  clock_seen_at      timestamptz,
  revoked_at         timestamptz,
  revoked_by         uuid REFERENCES users (id),
  revoked_reason     text,
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL) AND (revoked_at IS NULL) = (revoked_reason IS NULL))
);
-- A user's devices, newest registration first.
CREATE INDEX devices_user_idx ON devices (user_id, registered_at DESC, id DESC);
-- Every device, newest registration first (the administrators' list, filtered to their organisation's users).
CREATE INDEX devices_newest_idx ON devices (registered_at DESC, id DESC);

-- Where a visit was made compared with its site: the GPS accuracy the device gave, the distance from the point to
-- the site's geometry (0 inside a polygon), the tolerance in force when it was recorded, and whether it was flagged
-- for the analyst. The device's clock skew at recording is kept beside the observation time, never applied to it.
ALTER TABLE visits
  ADD COLUMN accuracy_m            numeric(9, 1),
  ADD COLUMN location_distance_m   numeric(12, 1),
  ADD COLUMN location_tolerance_m  integer,
  ADD COLUMN location_flagged      boolean NOT NULL DEFAULT false,
  ADD COLUMN device_clock_skew_ms  bigint;
-- The visits flagged for the analyst, newest observation first.
CREATE INDEX visits_location_flagged_idx ON visits (visited_at DESC, id DESC) WHERE location_flagged;
