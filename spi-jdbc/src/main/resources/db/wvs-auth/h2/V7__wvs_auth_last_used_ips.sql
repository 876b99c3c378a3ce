-- wvs-auth: the client addresses of a token's last few distinct uses, H2 2.x.
-- Flyway versioned migration; io.wvs.auth.jdbc.SchemaInstaller runs the same file. Re-runnable.
-- last_used_ips: at most 5 IP literals of at most 45 characters, comma-separated, most recent
-- first (at most 229 characters); NULL or empty is none. last_used_ips_added: how many were added
-- since last_used_at was last written (bounds those writes per interval); NULL counts as 0.
-- Older versions name the columns they read and write, so they go on working with these columns.
ALTER TABLE wvs_auth_tokens ADD COLUMN IF NOT EXISTS last_used_ips VARCHAR(255);
ALTER TABLE wvs_auth_tokens ADD COLUMN IF NOT EXISTS last_used_ips_added SMALLINT;
