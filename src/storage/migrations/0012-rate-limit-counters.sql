-- Request counters of the rate limits (sign-in attempts, public grievance forms), shared by every server process
-- on the database. A key is a SHA-256 of the limiter and what it counts (an account, a client address), so no
-- e-mail address or IP address is stored.
CREATE TABLE rate_limit_counters (
  key            text PRIMARY KEY,
  hits           integer NOT NULL CHECK (hits >= 0),
  window_ends_at timestamptz NOT NULL
);
CREATE INDEX rate_limit_counters_window_idx ON rate_limit_counters (window_ends_at);
