-- wvs-auth token store, MariaDB 10.5+ / MySQL 8.0.16+ (InnoDB).
-- Flyway versioned migration (V<n>__<description>.sql); io.wvs.auth.jdbc.SchemaInstaller runs the
-- same file. DDL commits implicitly here, so keep statements re-runnable (IF NOT EXISTS; indexes
-- inline, since MySQL has no CREATE INDEX IF NOT EXISTS) and free of semicolons inside literals.
-- Never a raw token here: digest is TokenDigest.encoded(), <keyId>:<lower-case hex> (at most 145
-- characters: a 64-byte digest under a 16-character key id), kept ASCII
-- with a binary collation so that the unique index compares bytes, not case-folded text.
-- Instants are UTC in DATETIME(6): no time-zone conversion, microsecond precision, no 2038 limit.

CREATE TABLE IF NOT EXISTS wvs_auth_tokens (
  id            BIGINT       NOT NULL AUTO_INCREMENT,
  type          VARCHAR(32)  NOT NULL,
  user_id       BIGINT       NULL,
  resource_kind VARCHAR(16)  NULL,
  resource_id   BIGINT       NULL,
  name          VARCHAR(255) NOT NULL,
  scopes        VARCHAR(1024) NOT NULL,
  digest        VARCHAR(150) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  created_at    DATETIME(6)  NOT NULL,
  expires_on    DATE         NULL,
  revoked_at    DATETIME(6)  NULL,
  last_used_at  DATETIME(6)  NULL,
  family_id     BIGINT       NOT NULL,
  created_by    BIGINT       NULL,
  username      VARCHAR(255) NULL,
  sealed_secret BLOB         NULL,
  PRIMARY KEY (id),
  -- Authentication: one point lookup by digest.
  UNIQUE KEY wvs_auth_tokens_digest_uq (digest),
  -- Per-owner listing (personal, impersonation, bot tokens).
  KEY wvs_auth_tokens_user_idx (user_id, type),
  -- Per-resource listing (project, group and deploy tokens).
  KEY wvs_auth_tokens_resource_idx (resource_kind, resource_id, type),
  -- Rotation families (reuse detection revokes a whole family).
  KEY wvs_auth_tokens_family_idx (family_id),
  -- Expiry windows of the notification job (no partial indexes here).
  KEY wvs_auth_tokens_expiry_idx (expires_on, revoked_at),
  CONSTRAINT wvs_auth_tokens_resource_ck CHECK ((resource_kind IS NULL) = (resource_id IS NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
