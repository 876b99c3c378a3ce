-- wvs-auth pepper key checks, PostgreSQL 12+.
-- Flyway versioned migration; io.wvs.auth.jdbc.SchemaInstaller runs the same file. Re-runnable.
-- One row per pepper key id: its check value, the HMAC-SHA256 of a fixed label under that key's
-- pepper in lower-case hex (never the pepper). The first instance to start with a key id inserts
-- it (the primary key lets exactly one insert in); every later start compares its own with it and
-- refuses to start on a mismatch. Rows are never updated or deleted.

CREATE TABLE IF NOT EXISTS wvs_auth_key_checks (
  key_id       VARCHAR(16)  NOT NULL PRIMARY KEY,
  check_value  VARCHAR(100) NOT NULL
);
