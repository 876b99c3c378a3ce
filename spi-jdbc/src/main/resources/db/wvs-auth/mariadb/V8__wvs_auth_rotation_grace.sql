-- wvs-auth: the end of a rotated token's grace period, MariaDB 10.5+ / MySQL 8.0.16+.
-- Flyway versioned migration; io.wvs.auth.jdbc.SchemaInstaller runs the same file. Re-runnable.
-- A rotated token is revoked as before (revoked_at); while rotation_grace_until is after now it
-- still authenticates. NULL is no grace. Older versions name the columns they read and write, so
-- they go on working with this column (they never grant a grace, nor honour one).
-- MySQL has no ADD COLUMN IF NOT EXISTS: the statement is chosen from the catalogue instead, so a
-- second run (a host moving to Flyway re-runs the scripts) changes nothing.
SET @wvs_auth_v8 = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE wvs_auth_tokens ADD COLUMN rotation_grace_until DATETIME(6) NULL', 'DO 0') FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'wvs_auth_tokens' AND column_name = 'rotation_grace_until');
PREPARE wvs_auth_v8_statement FROM @wvs_auth_v8;
EXECUTE wvs_auth_v8_statement;
DEALLOCATE PREPARE wvs_auth_v8_statement;
