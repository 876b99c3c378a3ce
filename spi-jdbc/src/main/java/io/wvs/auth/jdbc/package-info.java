/**
 * A JDBC {@link io.wvs.auth.spi.TokenStore} for PostgreSQL, H2 and MariaDB/MySQL.
 *
 * <p>Public: {@link io.wvs.auth.jdbc.JdbcTokenStore} (the store, over a host
 * {@link javax.sql.DataSource}), {@link io.wvs.auth.jdbc.JdbcDialect} (which SQL to speak, and
 * where that dialect's migrations live) and {@link io.wvs.auth.jdbc.SchemaInstaller} (runs the
 * bundled migrations for hosts that do not use Flyway). Everything else is package-private.
 *
 * <p>The schema ships as Flyway-named scripts under {@code db/wvs-auth/<dialect>/} on the
 * classpath. The JDBC driver and the connection pool are the host's.
 */
package io.wvs.auth.jdbc;
