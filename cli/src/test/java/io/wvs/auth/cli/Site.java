package io.wvs.auth.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.demo.Fixture;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.jdbc.JdbcDialect;
import io.wvs.auth.jdbc.JdbcTokenStore;
import io.wvs.auth.jdbc.SchemaInstaller;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A deployment as the command line meets it: a database (embedded PostgreSQL or an H2 file), a
 * fixture file with the users, the pepper and CI key files, and the application's own
 * {@link WvsAuth} over the same database.
 */
final class Site implements AutoCloseable {
  static final String FIXTURE = """
      {
        "users":    [ { "id": 1, "username": "root", "admin": true },
                      { "id": 2, "username": "alice" },
                      { "id": 3, "username": "bob" },
                      { "id": 4, "username": "automation-bot" } ],
        "groups":   [ { "id": 1, "path": "acme" } ],
        "projects": [ { "id": 1, "path": "acme/api", "group_id": 1,
                        "members": [ { "user_id": 3, "role": "maintainer" } ] } ]
      }
      """;

  final Path dir;
  final String jdbcUrl;
  final String user;
  final Path fixture;
  final Path pepperFile;
  final Path ciKeyFile;
  final byte[] pepper;
  final byte[] ciKey;
  final HikariDataSource dataSource;
  final JdbcTokenStore store;
  private final EmbeddedPostgres postgres;

  private Site(EmbeddedPostgres postgres, String jdbcUrl, String user, Path dir)
      throws IOException {
    this.postgres = postgres;
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.dir = dir;
    this.fixture = Files.writeString(dir.resolve("fixture.json"), FIXTURE);
    this.pepper = key(1);
    this.ciKey = key(2);
    this.pepperFile = Files.writeString(dir.resolve("pepper.key"),
        Base64.getEncoder().encodeToString(pepper) + "\n");
    this.ciKeyFile = Files.writeString(dir.resolve("ci-secret.key"),
        Base64.getEncoder().encodeToString(ciKey) + "\n");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    if (user != null) {
      config.setUsername(user);
    }
    config.setMaximumPoolSize(10);
    this.dataSource = new HikariDataSource(config);
    SchemaInstaller.install(dataSource);
    this.store = new JdbcTokenStore(dataSource, JdbcDialect.detect(dataSource));
  }

  /** A fresh embedded PostgreSQL; commits are not flushed to disk, to insert many rows fast. */
  static Site postgres() {
    try {
      EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off").start();
      return new Site(pg, pg.getJdbcUrl("postgres", "postgres"), "postgres",
          Files.createTempDirectory("wvs-cli-pg"));
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL", e);
    }
  }

  /** A fresh H2 file database, shared with the command line's process through H2's auto server. */
  static Site h2() {
    try {
      Path dir = Files.createTempDirectory("wvs-cli-h2");
      return new Site(null, "jdbc:h2:file:" + dir.resolve("wvs-auth")
          + ";AUTO_SERVER=TRUE;WRITE_DELAY=0", null, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] key(int seed) {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) (seed * 31 + 7));
    return k;
  }

  /** The application's instance over the same database, with {@code keyring}. */
  WvsAuth app(DigestKeyring keyring) {
    InMemoryUserDirectory directory = Fixture.load(fixture).toDirectory();
    return WvsAuth.builder().tokenStore(store).userDirectory(directory)
        .resourceDirectory(directory).botAccounts(directory).keyring(keyring)
        .ciSecretKey(ciKey).clock(Clock.systemUTC()).build();
  }

  /** The application's instance with the site's one pepper under {@code k1}. */
  WvsAuth app() {
    return app(DigestKeyring.of("k1", pepper));
  }

  /** The options naming this site's database, keys and fixture, then {@code more}. */
  String[] args(String... more) {
    List<String> all = new ArrayList<>(List.of(more));
    all.addAll(List.of("--jdbc-url", jdbcUrl));
    if (user != null) {
      all.addAll(List.of("--jdbc-user", user));
    }
    all.addAll(List.of("--pepper-file", pepperFile.toString(), "--fixture", fixture.toString()));
    return all.toArray(String[]::new);
  }

  /** The options naming this site's database only, then {@code more}. */
  String[] dbArgs(String... more) {
    List<String> all = new ArrayList<>(List.of(more));
    all.addAll(List.of("--jdbc-url", jdbcUrl));
    if (user != null) {
      all.addAll(List.of("--jdbc-user", user));
    }
    return all.toArray(String[]::new);
  }

  @Override
  public void close() throws IOException {
    dataSource.close();
    if (postgres != null) {
      postgres.close();
    }
  }
}
