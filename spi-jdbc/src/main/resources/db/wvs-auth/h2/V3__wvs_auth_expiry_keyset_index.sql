-- wvs-auth: expiry windows read by keyset (expires_on, id), H2 2.x.
-- Flyway versioned migration; io.wvs.auth.jdbc.SchemaInstaller runs the same file. Re-runnable.
CREATE INDEX IF NOT EXISTS wvs_auth_tokens_expiry_id_idx ON wvs_auth_tokens (expires_on, id);
DROP INDEX IF EXISTS wvs_auth_tokens_expiry_idx;
