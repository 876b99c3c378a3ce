-- wvs-auth: expiry windows read by keyset (expires_on, id), MariaDB 10.5+ / MySQL 8.0.16+.
-- Flyway versioned migration; io.wvs.auth.jdbc.SchemaInstaller runs the same file. Re-runnable.
-- Nothing to change here: InnoDB appends the primary key to every secondary index, so
-- wvs_auth_tokens_expiry_idx (expires_on, revoked_at) already serves the keyset range.
DO 0;
