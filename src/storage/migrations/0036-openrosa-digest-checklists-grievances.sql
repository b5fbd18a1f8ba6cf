-- HTTP Digest for ODK Collect (decision 0047). Digest proves a password by MD5(user:realm:password), so the server
-- keeps that HA1 for the accounts that may use OpenRosa, written when the password is known (set, or a sign-in).
-- It holds beside the password hash it was made with: once the password changes, by any path, it no longer matches
-- users.password_hash and is never used again.
CREATE TABLE openrosa_digest_secrets (
  user_id          uuid NOT NULL REFERENCES users (id),
  realm            text NOT NULL,
  ha1              text NOT NULL,
  password_hash    text NOT NULL,
  written_at       timestamptz NOT NULL,
  PRIMARY KEY (user_id, realm)
);

-- The key nonces are signed with: one row, made at first use, so every server process on the database agrees.
CREATE TABLE openrosa_digest_key (
  id               boolean PRIMARY KEY DEFAULT true CHECK (id),
  key              bytea NOT NULL,
  created_at       timestamptz NOT NULL
);

-- The nonce counts already used with each nonce, written only once a response proved the password: a request
-- replayed with a count already seen is refused. Rows go once their nonce has expired.
CREATE TABLE openrosa_digest_nonces (
  nonce            text PRIMARY KEY,
  user_id          uuid NOT NULL REFERENCES users (id),
  expires_at       timestamptz NOT NULL,
  used_counts      bigint[] NOT NULL
);
CREATE INDEX openrosa_digest_nonces_expiry_idx ON openrosa_digest_nonces (expires_at);

-- An assessment filled on a phone (the OpenRosa checklist of a criteria-set version, decision 0048) carries when it
-- was observed: the form's start and end. Null for assessments made in the web, which are observed as they are rated.
ALTER TABLE assessments ADD COLUMN IF NOT EXISTS observed_from timestamptz;
ALTER TABLE assessments ADD COLUMN IF NOT EXISTS observed_until timestamptz;

-- OpenRosa submissions also become assessments (the checklists) and grievances (the encrypted intake form).
ALTER TABLE openrosa_submissions DROP CONSTRAINT IF EXISTS openrosa_submissions_record_type_check;
ALTER TABLE openrosa_submissions ADD CONSTRAINT openrosa_submissions_record_type_check
  CHECK (record_type IN ('visit', 'incident', 'lot', 'assessment', 'grievance'));

-- The installation's RSA key pair for encrypted OpenRosa submissions (the grievance-intake form, decision 0048):
-- ODK clients encrypt with the public key the form carries; the private key is kept sealed with the grievance key.
CREATE TABLE openrosa_encryption_key (
  id               boolean PRIMARY KEY DEFAULT true CHECK (id),
  public_key_der   bytea NOT NULL,
  private_key_sealed text NOT NULL,
  created_at       timestamptz NOT NULL
);
