-- wvs-auth expiry-notice ledger, H2 2.x (regular mode).
-- Flyway versioned migration; io.wvs.auth.jdbc.SchemaInstaller runs the same file. Re-runnable.
-- One row per notice owed (token, daily check, recipient): claimed with a lease before the e-mail
-- is sent, marked delivered after the notifier accepted it, deleted (released) when it failed.
-- The primary key makes the first claim atomic; a stale claim is retaken by a conditional UPDATE.
-- Instants are UTC, microsecond precision.

CREATE TABLE IF NOT EXISTS wvs_auth_expiry_notices (
  token_id      BIGINT       NOT NULL,
  kind          VARCHAR(16)  NOT NULL,
  recipient_id  BIGINT       NOT NULL,
  claimant      VARCHAR(100) NOT NULL,
  lease_until   TIMESTAMP(6) NOT NULL,
  delivered_at  TIMESTAMP(6),
  PRIMARY KEY (token_id, kind, recipient_id)
);
