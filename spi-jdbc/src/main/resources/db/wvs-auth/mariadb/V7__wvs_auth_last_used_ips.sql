-- wvs-auth: the client addresses of a token's last few distinct uses, MariaDB 10.5+ / MySQL 8.0.16+.
-- Flyway versioned migration; io.wvs.auth.jdbc.SchemaInstaller runs the same file. Re-runnable.
-- last_used_ips: at most 5 IP literals of at most 45 characters, comma-separated, most recent
-- first (at most 229 characters); NULL or empty is none. last_used_ips_added: how many were added
-- since last_used_at was last written (bounds those writes per interval); NULL counts as 0.
-- Older versions name the columns they read and write, so they go on working with these columns.
-- MySQL has no ADD COLUMN IF NOT EXISTS: each statement is chosen from the catalogue instead, so a
-- second run (a host moving to Flyway re-runs the scripts) changes nothing.
SET @wvs_auth_v7a = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE wvs_auth_tokens ADD COLUMN last_used_ips VARCHAR(255) NULL', 'DO 0') FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'wvs_auth_tokens' AND column_name = 'last_used_ips');
PREPARE wvs_auth_v7a_statement FROM @wvs_auth_v7a;
EXECUTE wvs_auth_v7a_statement;
DEALLOCATE PREPARE wvs_auth_v7a_statement;
SET @wvs_auth_v7b = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE wvs_auth_tokens ADD COLUMN last_used_ips_added SMALLINT NULL', 'DO 0') FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'wvs_auth_tokens' AND column_name = 'last_used_ips_added');
PREPARE wvs_auth_v7b_statement FROM @wvs_auth_v7b;
EXECUTE wvs_auth_v7b_statement;
DEALLOCATE PREPARE wvs_auth_v7b_statement;
