package io.wvs.auth.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.inmemory.InMemoryNotifier;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.ExpiryScheduler;
import io.wvs.auth.FailureReason;
import io.wvs.auth.Scope;
import io.wvs.auth.StoreUnavailableException;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.spi.TokenStore;
import io.wvs.auth.spi.User;
import io.wvs.auth.spi.UserDirectory;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the host wires in is what runs: the configured clock and random source, and the expiry
 * scheduler's one daemon thread, which starts once and may be started again after closing.
 */
class WvsAuthWiringTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneOffset.UTC);

  private static WvsAuth auth(SecureRandom random) {
    InMemoryUserDirectory directory = new InMemoryUserDirectory();
    directory.put(User.regular(1, "alice"));
    return WvsAuth.builder().tokenStore(new InMemoryTokenStore()).userDirectory(directory)
        .keyring(DigestKeyring.of("k1", new byte[32])).clock(CLOCK).secureRandom(random).build();
  }

  private static SecureRandom seeded() throws NoSuchAlgorithmException {
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(42);
    return random;
  }

  @Test
  void tokenBodiesComeFromTheConfiguredRandomSource() throws NoSuchAlgorithmException {
    TokenSpec spec = TokenSpec.of("t", Scope.READ_API);

    String first = auth(seeded()).personalTokens().create(1, 1, spec).value();
    String again = auth(seeded()).personalTokens().create(1, 1, spec).value();

    assertThat(again).isEqualTo(first);
    assertThat(auth(seeded()).clock()).isSameAs(CLOCK);
  }

  private static Set<Thread> schedulerThreads() {
    Set<Thread> threads = new HashSet<>(Thread.getAllStackTraces().keySet());
    threads.removeIf(t -> !t.getName().equals("wvs-expiry-scheduler"));
    return threads;
  }

  @Test
  void theSchedulerPollsOnOneDaemonThreadAndStartsOnceAtATime() {
    InMemoryTokenStore store = new InMemoryTokenStore();
    RulesFixture f = new RulesFixture(store);
    ExpiryScheduler scheduler = new ExpiryScheduler(f.auth.expiryNotifications(new InMemoryNotifier()));
    try {
      Set<Thread> before = schedulerThreads();
      assertThat(scheduler.start()).isSameAs(scheduler);
      Set<Thread> started = schedulerThreads();
      started.removeAll(before);
      assertThat(started).hasSize(1).allMatch(Thread::isDaemon);
      org.assertj.core.api.Assertions.assertThatThrownBy(scheduler::start)
          .isInstanceOf(IllegalStateException.class);
      scheduler.close();
      scheduler.close();
      assertThat(scheduler.start()).isSameAs(scheduler);
    } finally {
      scheduler.close();
    }
  }

  @Test
  void expiryJobsWithoutANoticeLedgerAreRefusedNamingWhatToPass() {
    InMemoryTokenStore real = new InMemoryTokenStore();
    ForwardingTokenStore noLedger = new ForwardingTokenStore() {
      @Override
      protected TokenStore delegate() {
        return real;
      }
    };
    RulesFixture f = new RulesFixture(noLedger);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> f.auth.expiryNotifications(new InMemoryNotifier()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ExpiryNoticeStore").hasMessageContaining("expiryNotifications(store, notifier)");
    assertThat(f.auth.expiryNotifications(real, new InMemoryNotifier())).isNotNull();
  }

  @Test
  void aHostDirectoryThatFailsOrAnswersNullIsAStoreFailureEverywhere() {
    InMemoryUserDirectory host = new InMemoryUserDirectory();
    host.put(User.regular(1, "alice"));
    java.util.concurrent.atomic.AtomicReference<String> mode = new java.util.concurrent.atomic.AtomicReference<>("ok");
    ForwardingUserDirectory flaky = new ForwardingUserDirectory() {
      @Override
      protected UserDirectory delegate() {
        return host;
      }

      @Override
      public java.util.Optional<User> findUser(long id) {
        switch (mode.get()) {
          case "throws" -> throw new IllegalStateException("LDAP down");
          case "null" -> {
            return null;
          }
          default -> {
            return super.findUser(id);
          }
        }
      }
    };
    WvsAuth auth = WvsAuth.builder().tokenStore(new InMemoryTokenStore()).userDirectory(flaky)
        .keyring(DigestKeyring.of("k1", new byte[32])).clock(CLOCK).build();
    String token = auth.personalTokens().create(1, 1, TokenSpec.of("laptop", Scope.READ_API)).value();
    for (String failure : new String[] {"throws", "null"}) {
      mode.set(failure);
      assertThat(auth.authenticator().authenticate(AuthRequest.api(token, "GET")))
          .as(failure).isInstanceOfSatisfying(AuthResult.Failure.class,
              f -> assertThat(f.reason()).isEqualTo(FailureReason.STORE_UNAVAILABLE));
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> auth.personalTokens().create(1, 1, TokenSpec.of("other", Scope.READ_API)))
          .as(failure).isInstanceOf(StoreUnavailableException.class);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> auth.userDirectory().findUser(1))
          .as(failure).isInstanceOf(StoreUnavailableException.class);
    }
    mode.set("ok");
    assertThat(auth.authenticator().authenticate(AuthRequest.api(token, "GET")))
        .isInstanceOf(AuthResult.Success.class);
  }
}
