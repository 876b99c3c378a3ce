-- wvs-auth expiry-notice ledger, MariaDB 10.5+ / MySQL 8.0.16+ (InnoDB).
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
  lease_until   DATETIME(6) NOT NULL,
  delivered_at  DATETIME(6),
  PRIMARY KEY (token_id, kind, recipient_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
