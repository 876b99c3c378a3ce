package io.wvs.auth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store on an H2 file database that acknowledges commits before writing them (H2's default
 * write delay) says so in a warning, since a crash of the process would lose acknowledged
 * revocations; with {@code WRITE_DELAY=0} in the URL, or in memory, it says nothing.
 */
class H2DurabilityWarningTest {
  private static final Logger JUL = Logger.getLogger(JdbcTokenStore.class.getName());

  @TempDir
  Path tmp;

  private final List<LogRecord> records = new ArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord r) {
      synchronized (records) {
        records.add(r);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  private Level level;

  @BeforeEach
  void listen() {
    level = JUL.getLevel();
    JUL.setLevel(Level.ALL);
    JUL.addHandler(handler);
  }

  @AfterEach
  void stopListening() {
    JUL.removeHandler(handler);
    JUL.setLevel(level);
  }

  @Test
  void aStoreWarnsOnceAboutAnH2FileDatabaseThatDelaysItsWrites() {
    JdbcTokenStore store = storeAt("jdbc:h2:file:" + tmp.resolve("delayed"));
    store.findById(1);
    store.findById(1);
    assertThat(warnings()).singleElement().satisfies(r -> {
      assertThat(r.getMessage()).contains("WRITE_DELAY=0");
      assertThat(r.getParameters()).contains(500);
    });
  }

  @Test
  void aStoreOnAnH2FileDatabaseWithoutWriteDelayDoesNotWarn() {
    storeAt("jdbc:h2:file:" + tmp.resolve("durable") + ";WRITE_DELAY=0")
        .findById(1);
    storeAt("jdbc:h2:mem:durability-warning;DB_CLOSE_DELAY=-1").findById(1);
    // Not even a failed check (which H2 would also write to its trace file).
    synchronized (records) {
      assertThat(records).isEmpty();
    }
  }

  private List<LogRecord> warnings() {
    synchronized (records) {
      return records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).toList();
    }
  }

  private static JdbcTokenStore storeAt(String url) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(url);
    ds.setUser("sa");
    ds.setPassword("");
    SchemaInstaller.install(ds, JdbcDialect.H2);
    return new JdbcTokenStore(ds, JdbcDialect.H2);
  }
}
