-- A KYC review row is either a reviewer's decision or the re-opening an identity change caused, which keeps
-- the changed fields (from what to what) beside its reason.
ALTER TABLE kyc_reviews
  ADD COLUMN cause text NOT NULL DEFAULT 'decision' CHECK (cause IN ('decision', 'identity_change')),
  ADD COLUMN changes jsonb;
