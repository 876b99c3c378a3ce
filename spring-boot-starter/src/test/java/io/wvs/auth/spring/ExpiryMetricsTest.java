package io.wvs.auth.spring;

import io.wvs.auth.tck.TestClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wvs.auth.ExpiryScheduler;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.ExpiryNotice;
import io.wvs.auth.spi.Notifier;
import io.wvs.auth.spi.User;
import io.wvs.auth.spi.UserDirectory;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The expiry jobs' counters after a known sequence of checks: claimed, delivered, failed. */
class ExpiryMetricsTest {
  private final TestClock clock = new TestClock(Instant.parse("2026-03-10T12:00:00Z"));
  private final AtomicBoolean mailDown = new AtomicBoolean(true);
  private final List<ExpiryNotice> delivered = new CopyOnWriteArrayList<>();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(WvsAuthAutoConfiguration.class))
      .withBean(UserDirectory.class, () -> {
        InMemoryUserDirectory d = new InMemoryUserDirectory();
        d.put(User.regular(1, "alice"));
        return d;
      })
      .withBean(Clock.class, () -> clock)
      .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
      .withBean(Notifier.class, () -> notice -> {
        if (mailDown.get()) {
          throw new IllegalStateException("the mail server is down");
        }
        delivered.add(notice);
      })
      .withPropertyValues("wvs.auth.pepper.env=TEST_PEPPER", "TEST_PEPPER=" + ScopeGuardedAppContract.PEPPER_LITERAL,
          "wvs.auth.expiry-notifications.enabled=true");

  private static double count(MeterRegistry registry, String name, String kind) {
    return registry.find(name).tags("kind", kind).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  @Test
  void theExpiryJobsCountNoticesClaimedAndMessagesDeliveredAndFailedByKind() {
    runner.run(context -> {
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      ExpiryScheduler scheduler = context.getBean(ExpiryScheduler.class);
      // The scheduler's catch-up run at start (bounded wait): nothing expires yet.
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (registry.find("wvs.auth.expiry.notices.claimed").tags("kind", "expires_today").counter() == null
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(count(registry, "wvs.auth.expiry.notices.claimed", "expires_soon")).isZero();
      context.getBean(WvsAuth.class).personalTokens().create(1, 1,
          TokenSpec.of("soon", Scope.READ_API).expiringOn(LocalDate.of(2026, 3, 14)));

      clock.set(Instant.parse("2026-03-11T01:00:05Z"));
      scheduler.runDue();
      assertThat(count(registry, "wvs.auth.expiry.notices.claimed", "expires_soon")).isEqualTo(1);
      assertThat(count(registry, "wvs.auth.expiry.messages.failed", "expires_soon")).isEqualTo(1);
      assertThat(count(registry, "wvs.auth.expiry.messages.delivered", "expires_soon")).isZero();

      mailDown.set(false);
      clock.set(Instant.parse("2026-03-12T01:00:05Z"));
      scheduler.runDue();
      assertThat(count(registry, "wvs.auth.expiry.notices.claimed", "expires_soon")).isEqualTo(2);
      assertThat(count(registry, "wvs.auth.expiry.messages.delivered", "expires_soon")).isEqualTo(1);
      assertThat(count(registry, "wvs.auth.expiry.messages.failed", "expires_soon")).isEqualTo(1);
      assertThat(delivered).hasSize(1);
    });
  }

  @Test
  void thePendingGaugeCountsTheTokensDueANoticeAtEachWindowsNextRunAsOfItsLastRun() {
    mailDown.set(false);
    runner.run(context -> {
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      ExpiryScheduler scheduler = context.getBean(ExpiryScheduler.class);
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (registry.find("wvs.auth.expiry.notices.pending").tags("kind", "expires_today").gauge() == null
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(pending(registry, "expires_soon")).isZero();
      assertThat(pending(registry, "expires_today")).isZero();
      WvsAuth auth = context.getBean(WvsAuth.class);
      for (LocalDate expiry : List.of(LocalDate.of(2026, 3, 19), LocalDate.of(2026, 3, 19),
          LocalDate.of(2026, 3, 15), LocalDate.of(2026, 3, 12))) {
        auth.personalTokens().create(1, 1, TokenSpec.of("t", Scope.READ_API).expiringOn(expiry));
      }
      long revoked = auth.personalTokens().create(1, 1,
          TokenSpec.of("gone", Scope.READ_API).expiringOn(LocalDate.of(2026, 3, 19))).token().id();
      auth.personalTokens().revoke(1, revoked);

      // 01:00 on the 11th: the seven-day check claims the 12th to the 18th; the 19th enters its
      // window tomorrow (two live tokens, the revoked one is due nothing).
      clock.set(Instant.parse("2026-03-11T01:00:05Z"));
      scheduler.runDue();
      assertThat(pending(registry, "expires_soon")).isEqualTo(2);
      assertThat(pending(registry, "expires_today")).as("not run since the start").isZero();
      // 02:00: the on-the-day check; tomorrow it reads the token expiring on the 12th.
      clock.set(Instant.parse("2026-03-11T02:00:05Z"));
      scheduler.runDue();
      assertThat(pending(registry, "expires_today")).isEqualTo(1);
      assertThat(delivered).hasSize(1);
    });
  }

  private static double pending(MeterRegistry registry, String kind) {
    return registry.find("wvs.auth.expiry.notices.pending").tags("kind", kind).gauge().value();
  }

}
