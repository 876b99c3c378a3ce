-- wvs-auth: the end of a rotated token's grace period, PostgreSQL 12+.
-- Flyway versioned migration; io.wvs.auth.jdbc.SchemaInstaller runs the same file. Re-runnable.
-- A rotated token is revoked as before (revoked_at); while rotation_grace_until is after now it
-- still authenticates. NULL is no grace. Older versions name the columns they read and write, so
-- they go on working with this column (they never grant a grace, nor honour one).
ALTER TABLE wvs_auth_tokens ADD COLUMN IF NOT EXISTS rotation_grace_until TIMESTAMP(6);
