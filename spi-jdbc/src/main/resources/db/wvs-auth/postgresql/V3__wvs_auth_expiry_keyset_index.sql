-- wvs-auth: expiry windows read by keyset (expires_on, id), PostgreSQL 12+.
-- Flyway versioned migration; io.wvs.auth.jdbc.SchemaInstaller runs the same file. Re-runnable.
-- The job pages through its window in (expires_on, id) order; this index serves exactly that, so
-- a run reads the tokens in its window and nothing else. It replaces the (expires_on) index.
CREATE INDEX IF NOT EXISTS wvs_auth_tokens_expiry_id_idx ON wvs_auth_tokens (expires_on, id)
  WHERE revoked_at IS NULL AND expires_on IS NOT NULL;
DROP INDEX IF EXISTS wvs_auth_tokens_expiry_idx;
