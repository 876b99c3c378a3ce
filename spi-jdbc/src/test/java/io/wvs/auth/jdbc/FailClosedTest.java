package io.wvs.auth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.FailureReason;
import io.wvs.auth.Scope;
import io.wvs.auth.StoreUnavailableException;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.tck.ContractFixtures;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.ExpiryNotice;
import io.wvs.auth.spi.NewToken;
import io.wvs.auth.spi.NoticeKey;
import io.wvs.auth.spi.TokenQuery;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import io.wvs.auth.spi.User;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The store fails closed: with the database down, unreachable, behind a closed pool, or slower
 * than the query timeout, every call throws {@link StoreUnavailableException}, authentication
 * answers {@link FailureReason#STORE_UNAVAILABLE} (never success), management calls throw, and
 * nothing is half-written. One embedded PostgreSQL for the class; the test that stops it runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailClosedTest {
  private static final long ALICE = 2;
  private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
  private static final LocalDate EXPIRY = LocalDate.of(2026, 6, 1);

  private static TestDatabase db;
  private static HikariDataSource pool;

  @BeforeAll
  static void startDatabase() {
    db = TestDatabase.postgres();
    // A short connection timeout: with the database down, each call fails after it.
    pool = db.pool("fail-closed", 4, 250);
    SchemaInstaller.install(pool);
  }

  @AfterAll
  static void stopDatabase() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  @Order(1)
  void whenStatementOutlivesTheQueryTimeoutThenUnavailableAndNothingChanges() throws Exception {
    JdbcTokenStore store = new JdbcTokenStore(pool, JdbcDialect.POSTGRESQL, Duration.ofSeconds(1));
    long user = ContractFixtures.newUserId();
    TokenRecord token = store.insert(ContractFixtures.personal(user).build());
    NewToken successor = ContractFixtures.personal(user).build();
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder = new Thread(() -> {
      // Another session holds the token's row lock (a long transaction elsewhere in the host).
      try (Connection c = pool.getConnection()) {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
          s.executeQuery("SELECT id FROM wvs_auth_tokens WHERE id = " + token.id() + " FOR UPDATE").close();
          locked.countDown();
          release.await(30, TimeUnit.SECONDS);
        }
        c.rollback();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    holder.start();
    try {
      assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

      assertUnavailable(() -> store.revoke(token.id(), NOW));
      assertUnavailable(() -> store.rotate(token.id(), successor, NOW));
      assertUnavailable(() -> store.recordLastUsed(token.id(), NOW, NOW.minusSeconds(60)));
      // Reads do not wait for row locks on PostgreSQL: authentication keeps working.
      assertThat(store.findByDigest(List.of(token.digest()))).contains(token);
    } finally {
      release.countDown();
      holder.join();
    }

    // The rotation that timed out was rolled back whole: predecessor active, no successor.
    assertThat(store.findById(token.id())).contains(token);
    assertThat(store.findByDigest(List.of(successor.digest()))).isEmpty();
    assertThat(store.revoke(token.id(), NOW)).isTrue();
  }

  @Test
  @Order(2)
  void whenARowBreaksAColumnLimitThenUnavailableAndNothingIsWritten() {
    JdbcTokenStore store = new JdbcTokenStore(pool, JdbcDialect.POSTGRESQL);
    long user = ContractFixtures.newUserId();
    NewToken tooLong = ContractFixtures.personal(user).name("n".repeat(300)).build();

    assertUnavailable(() -> store.insert(tooLong));

    assertThat(store.findByDigest(List.of(tooLong.digest()))).isEmpty();
    assertThat(store.find(TokenQuery.ofUser(user, io.wvs.auth.TokenType.PERSONAL))).isEmpty();
  }

  @Test
  @Order(3)
  void whenNothingListensOnThePortThenEveryCallIsUnavailable() throws Exception {
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      deadPort = socket.getLocalPort();
    }
    PGSimpleDataSource nowhere = new PGSimpleDataSource();
    nowhere.setServerNames(new String[] {"127.0.0.1"});
    nowhere.setPortNumbers(new int[] {deadPort});
    nowhere.setDatabaseName("postgres");
    nowhere.setUser("postgres");
    nowhere.setConnectTimeout(1);

    assertEveryCallUnavailable(new JdbcTokenStore(nowhere, JdbcDialect.POSTGRESQL));
    // The pepper check cannot be made: the instance does not start unchecked.
    assertUnavailable(() -> auth(new JdbcTokenStore(nowhere, JdbcDialect.POSTGRESQL)));
    assertThatThrownBy(() -> SchemaInstaller.install(nowhere, JdbcDialect.POSTGRESQL))
        .isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> JdbcDialect.detect(nowhere)).isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  @Order(4)
  void whenThePoolIsClosedThenEveryCallIsUnavailable() {
    HikariDataSource closed = db.pool("closed", 1);
    closed.close();

    assertEveryCallUnavailable(new JdbcTokenStore(closed, JdbcDialect.POSTGRESQL));
  }

  @Test
  @Order(99)
  void whenTheDatabaseStopsThenEveryCallIsUnavailableAndAuthenticationFailsClosed() {
    JdbcTokenStore store = new JdbcTokenStore(pool, JdbcDialect.POSTGRESQL);
    WvsAuth auth = auth(store);
    CreatedToken created = auth.personalTokens()
        .create(ALICE, ALICE, TokenSpec.of("laptop", Scope.READ_API).expiringOn(EXPIRY));
    AuthRequest request = AuthRequest.api(created.value(), "GET");
    assertThat(auth.authenticator().authenticate(request).isSuccess()).isTrue();

    db.stopServer();

    assertEveryCallUnavailable(store);
    assertAuthenticationFailsClosed(auth, created.value());
    assertUnavailable(() -> auth(store));
    assertUnavailable(() -> auth.personalTokens()
        .create(ALICE, ALICE, TokenSpec.of("another", Scope.READ_API).expiringOn(EXPIRY)));
    assertUnavailable(() -> auth.personalTokens().revoke(ALICE, created.token().id()));
    assertUnavailable(() -> auth.personalTokens().list(ALICE, ALICE));
  }

  private static WvsAuth auth(TokenStore store) {
    InMemoryUserDirectory directory = new InMemoryUserDirectory();
    directory.put(User.regular(ALICE, "alice"));
    byte[] pepper = new byte[32];
    Arrays.fill(pepper, (byte) 3);
    return WvsAuth.builder()
        .tokenStore(store)
        .userDirectory(directory)
        .keyring(DigestKeyring.of("k1", pepper))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build();
  }

  /**
   * Authentication through {@code auth} (started while the database was up) answers
   * STORE_UNAVAILABLE, for a known and a made-up token.
   */
  private static void assertAuthenticationFailsClosed(WvsAuth auth, String knownToken) {
    String madeUp = "predetermined-token-value-0123456789";
    for (String value : knownToken == null ? List.of(madeUp) : List.of(knownToken, madeUp)) {
      AuthResult result = auth.authenticator().authenticate(AuthRequest.api(value, "GET"));
      assertThat(result).isInstanceOfSatisfying(AuthResult.Failure.class,
          f -> assertThat(f.reason()).isEqualTo(FailureReason.STORE_UNAVAILABLE));
    }
  }

  private static void assertEveryCallUnavailable(JdbcTokenStore store) {
    NewToken token = ContractFixtures.personal(ContractFixtures.newUserId()).build();
    NoticeKey notice = new NoticeKey(1, ExpiryNotice.Kind.EXPIRES_TODAY, ALICE);
    List<ThrowingCallable> calls = List.of(
        () -> store.insert(token),
        () -> store.findByDigest(List.of(token.digest())),
        () -> store.findByDigest(List.of(token.digest(), ContractFixtures.newDigest())),
        () -> store.findById(1),
        () -> store.find(TokenQuery.ofUser(1, io.wvs.auth.TokenType.PERSONAL)),
        () -> store.revoke(1, NOW),
        () -> store.rotate(1, token, NOW),
        () -> store.recordLastUsed(1, NOW, NOW.minusSeconds(60)),
        () -> store.replaceDigest(1, token.digest(), ContractFixtures.newDigest()),
        () -> store.findExpiring(EXPIRY, EXPIRY.plusDays(7), EXPIRY, 0, 500),
        () -> store.claim(notice, "instance-a", NOW, NOW.plusSeconds(600)),
        () -> store.markDelivered(notice, "instance-a", NOW),
        () -> store.release(notice, "instance-a"),
        () -> store.registerKeyCheck("k1", "0".repeat(64)));
    for (ThrowingCallable call : calls) {
      assertUnavailable(call);
    }
  }

  private static void assertUnavailable(ThrowingCallable call) {
    Consumer<Throwable> noSecrets = e -> assertThat(e.getMessage()).doesNotContain("wvspat-");
    assertThatThrownBy(call).isInstanceOf(StoreUnavailableException.class).satisfies(noSecrets::accept);
  }
}
