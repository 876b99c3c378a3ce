-- wvs-auth: token names of up to 255 Unicode code points, MariaDB 10.5+ / MySQL 8.0.16+.
-- Flyway versioned migration; io.wvs.auth.jdbc.SchemaInstaller runs the same file. Re-runnable.
-- Nothing to change here: with utf8mb4 a VARCHAR(255) counts characters (code points) already.
DO 0;
