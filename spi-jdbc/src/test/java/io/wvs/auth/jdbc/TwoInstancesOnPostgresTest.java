package io.wvs.auth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.FailureReason;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.tck.ContractFixtures;
import io.wvs.auth.tck.ContractRace;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.NewToken;
import io.wvs.auth.spi.RotationResult;
import io.wvs.auth.spi.RotationResult.Outcome;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.User;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two application instances (two {@link JdbcTokenStore}s, each over its own Hikari pool, each
 * with its own {@link WvsAuth}) on one embedded PostgreSQL: what one does, the other sees at once,
 * and racing writes resolve in the database. A trigger counts the last-used writes that actually
 * reach the table, so "written once" is checked at the database, not only through return values.
 */
class TwoInstancesOnPostgresTest {
  private static final long ALICE = 2;
  private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
  private static final LocalDate EXPIRY = LocalDate.of(2026, 6, 1);
  private static final int THREADS_PER_INSTANCE = 16;

  private static TestDatabase db;
  private static DataSource poolA;
  private static DataSource poolB;

  private JdbcTokenStore storeA;
  private JdbcTokenStore storeB;
  private WvsAuth instanceA;
  private WvsAuth instanceB;

  @BeforeAll
  static void startDatabase() throws SQLException {
    db = TestDatabase.postgres();
    poolA = db.pool("instance-a", THREADS_PER_INSTANCE + 2);
    poolB = db.pool("instance-b", THREADS_PER_INSTANCE + 2);
    SchemaInstaller.install(poolA, JdbcDialect.POSTGRESQL);
    try (Connection c = poolA.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE last_used_writes (token_id BIGINT NOT NULL)");
      s.execute("CREATE FUNCTION count_last_used_write() RETURNS trigger LANGUAGE plpgsql AS $$"
          + " BEGIN INSERT INTO last_used_writes VALUES (NEW.id); RETURN NEW; END $$");
      s.execute("CREATE TRIGGER wvs_auth_tokens_last_used AFTER UPDATE OF last_used_at"
          + " ON wvs_auth_tokens FOR EACH ROW EXECUTE FUNCTION count_last_used_write()");
    }
  }

  @AfterAll
  static void stopDatabase() {
    if (db != null) {
      db.close();
    }
  }

  @BeforeEach
  void twoInstances() {
    db.clean(poolA);
    storeA = new JdbcTokenStore(poolA, JdbcDialect.POSTGRESQL);
    storeB = new JdbcTokenStore(poolB, JdbcDialect.POSTGRESQL);
    byte[] pepper = new byte[32];
    Arrays.fill(pepper, (byte) 7);
    instanceA = instance(storeA, pepper);
    instanceB = instance(storeB, pepper);
  }

  @AfterEach
  void noTokenValueInTheTable() {
    // The table holds digests, never a raw token: no column value starts with a token prefix.
    try (Connection c = poolA.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM wvs_auth_tokens WHERE concat_ws('|',"
            + " name, scopes, digest, username, encode(sealed_secret, 'escape')) LIKE '%wvspat-%'")) {
      rs.next();
      assertThat(rs.getLong(1)).isZero();
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  private static WvsAuth instance(JdbcTokenStore store, byte[] pepper) {
    InMemoryUserDirectory directory = new InMemoryUserDirectory();
    directory.put(User.regular(ALICE, "alice"));
    return WvsAuth.builder()
        .tokenStore(store)
        .userDirectory(directory)
        .keyring(DigestKeyring.of("k1", pepper))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build();
  }

  @Test
  void revokeOnOneInstanceIsSeenByTheOtherAtOnce() {
    for (int round = 0; round < 20; round++) {
      WvsAuth revoker = round % 2 == 0 ? instanceA : instanceB;
      WvsAuth user = round % 2 == 0 ? instanceB : instanceA;
      CreatedToken created = revoker.personalTokens()
          .create(ALICE, ALICE, TokenSpec.of("laptop " + round, Scope.READ_API).expiringOn(EXPIRY));
      AuthRequest request = AuthRequest.api(created.value(), "GET");
      assertThat(user.authenticator().authenticate(request).isSuccess()).as("round %d", round).isTrue();

      revoker.personalTokens().revoke(ALICE, created.token().id());

      // No cache, no delay: the very next authentication on the other instance is refused.
      AuthResult after = user.authenticator().authenticate(request);
      assertThat(after).as("round %d", round).isInstanceOfSatisfying(AuthResult.Failure.class,
          f -> assertThat(f.reason()).isEqualTo(FailureReason.REVOKED));
      TokenRecord seen = (round % 2 == 0 ? storeB : storeA).findById(created.token().id()).orElseThrow();
      assertThat(seen.revokedAt()).isEqualTo(NOW);
    }
  }

  @Test
  void lastUsedRacedBySixteenThreadsOnEachInstanceIsWrittenOnce() throws Exception {
    try (ContractRace race = new ContractRace(2 * THREADS_PER_INSTANCE)) {
      for (int round = 0; round < 10; round++) {
        TokenRecord token = storeA.insert(ContractFixtures.personal(ContractFixtures.newUserId()).build());
        Instant at = NOW.plusSeconds(round);
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 2 * THREADS_PER_INSTANCE; i++) {
          JdbcTokenStore store = i % 2 == 0 ? storeA : storeB;
          tasks.add(() -> {
            int writes = 0;
            for (int call = 0; call < 20; call++) {
              if (store.recordLastUsed(token.id(), at, at.minus(Duration.ofHours(24)))) {
                writes++;
              }
            }
            return writes;
          });
        }

        List<Integer> writes = race.run(tasks);

        assertThat(writes.stream().mapToInt(Integer::intValue).sum()).as("round %d", round).isEqualTo(1);
        assertThat(writesReachingTheTable(token.id())).as("round %d", round).isEqualTo(1);
        assertThat(storeB.findById(token.id()).orElseThrow().lastUsedAt()).isEqualTo(at);
      }
    }
  }

  @Test
  void concurrentAuthenticationsOnBothInstancesWriteLastUsedOnce() throws Exception {
    CreatedToken created = instanceA.personalTokens()
        .create(ALICE, ALICE, TokenSpec.of("ci", Scope.READ_API).expiringOn(EXPIRY));
    AuthRequest request = AuthRequest.api(created.value(), "GET");
    try (ContractRace race = new ContractRace(2 * THREADS_PER_INSTANCE)) {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < 2 * THREADS_PER_INSTANCE; i++) {
        WvsAuth instance = i % 2 == 0 ? instanceA : instanceB;
        tasks.add(() -> {
          int successes = 0;
          for (int call = 0; call < 10; call++) {
            if (instance.authenticator().authenticate(request).isSuccess()) {
              successes++;
            }
          }
          return successes;
        });
      }

      List<Integer> successes = race.run(tasks);

      assertThat(successes).allSatisfy(n -> assertThat(n).isEqualTo(10));
    }
    assertThat(writesReachingTheTable(created.token().id())).isEqualTo(1);
    assertThat(storeA.findById(created.token().id()).orElseThrow().lastUsedAt()).isEqualTo(NOW);
  }

  @Test
  void rotateRacedFromBothInstancesRotatesAtMostOnce() throws Exception {
    try (ContractRace race = new ContractRace(2)) {
      for (int round = 0; round < 20; round++) {
        long user = ContractFixtures.newUserId();
        TokenRecord token = storeA.insert(ContractFixtures.personal(user).build());
        NewToken viaA = ContractFixtures.personal(user).build();
        NewToken viaB = ContractFixtures.personal(user).build();
        Instant at = NOW.plusSeconds(round);

        List<RotationResult> results = race.run(List.<Callable<RotationResult>>of(
            () -> storeA.rotate(token.id(), viaA, at),
            () -> storeB.rotate(token.id(), viaB, at)));

        assertThat(results).extracting(RotationResult::outcome).as("round %d", round)
            .containsExactlyInAnyOrder(Outcome.ROTATED, Outcome.REUSE_DETECTED);
        // The loser saw a rotated (revoked) token: reuse, so the winner's successor is revoked too.
        assertThat(storeB.find(io.wvs.auth.spi.TokenQuery.ofUser(user, io.wvs.auth.TokenType.PERSONAL)))
            .as("round %d", round).hasSize(2).allSatisfy(r -> assertThat(r.isRevoked()).isTrue());
      }
    }
  }

  @Test
  void noticeClaimsRacedFromBothInstancesGoToOneClaimantAndAStaleOneIsRetakenOnce() throws Exception {
    try (ContractRace race = new ContractRace(2 * THREADS_PER_INSTANCE)) {
      for (int round = 0; round < 10; round++) {
        io.wvs.auth.spi.NoticeKey key = new io.wvs.auth.spi.NoticeKey(ContractFixtures.newUserId(),
            io.wvs.auth.spi.ExpiryNotice.Kind.EXPIRES_SOON, ALICE);
        Instant now = NOW.plusSeconds(round);
        Instant lease = now.plus(Duration.ofMinutes(10));
        List<Callable<Boolean>> first = new ArrayList<>();
        List<Callable<Boolean>> afterLease = new ArrayList<>();
        for (int i = 0; i < 2 * THREADS_PER_INSTANCE; i++) {
          JdbcTokenStore store = i % 2 == 0 ? storeA : storeB;
          String claimant = "instance-" + i;
          first.add(() -> store.claim(key, claimant, now, lease));
          Instant later = lease.plusSeconds(1);
          afterLease.add(() -> store.claim(key, claimant, later, later.plus(Duration.ofMinutes(10))));
        }

        assertThat(race.run(first)).as("round %d: first claims", round).containsOnlyOnce(true);
        // The winner crashed without delivering: after its lease exactly one racer takes it over.
        List<Boolean> retaken = race.run(afterLease);
        assertThat(retaken).as("round %d: claims after the lease", round).containsOnlyOnce(true);

        String holder = "instance-" + retaken.indexOf(true);
        storeB.markDelivered(key, holder, lease.plusSeconds(2));
        assertThat(storeA.claim(key, "late", lease.plus(Duration.ofDays(1)), lease.plus(Duration.ofDays(2))))
            .as("round %d: a delivered notice is never claimed again", round).isFalse();
      }
    }
  }

  private static long writesReachingTheTable(long tokenId) throws SQLException {
    try (Connection c = poolA.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM last_used_writes WHERE token_id = " + tokenId)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
