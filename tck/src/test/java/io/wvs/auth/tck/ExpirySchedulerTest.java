package io.wvs.auth.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.inmemory.InMemoryNotifier;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.ExpiryNotifications;
import io.wvs.auth.ExpiryScheduler;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.spi.ExpiryNotice;
import java.time.Instant;
import java.time.LocalDate;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler fires at 01:00 and 02:00 UTC, driven only by the injected clock, running the
 * enabled notice windows.
 */
class ExpirySchedulerTest {
  private final TimeZone originalZone = TimeZone.getDefault();
  private final RulesFixture f = new RulesFixture(new InMemoryTokenStore());
  private final InMemoryNotifier outbox = new InMemoryNotifier();

  @AfterEach
  void restoreZone() {
    TimeZone.setDefault(originalZone);
  }

  private ExpiryScheduler scheduler() {
    ExpiryNotifications jobs = f.auth.expiryNotifications((InMemoryTokenStore) f.store, outbox);
    return new ExpiryScheduler(jobs);
  }

  private int runAt(ExpiryScheduler s, String instant) {
    f.clock.set(Instant.parse(instant));
    return s.runDue();
  }

  @Test
  void checksRunAtOneAndTwoUtcAcrossADayBoundary() {
    f.clock.set(Instant.parse("2026-03-11T02:30:00Z"));
    ExpiryScheduler s = scheduler();
    runAt(s, "2026-03-11T02:30:00Z"); // catch-up of today's checks
    assertThat(runAt(s, "2026-03-11T23:59:59Z")).isZero();
    assertThat(runAt(s, "2026-03-12T00:59:59Z")).isZero();
    assertThat(runAt(s, "2026-03-12T01:00:00Z")).isEqualTo(1);
    assertThat(runAt(s, "2026-03-12T01:30:00Z")).isZero();
    assertThat(runAt(s, "2026-03-12T02:00:01Z")).isEqualTo(1);
    assertThat(runAt(s, "2026-03-12T12:00:00Z")).isZero();
    assertThat(runAt(s, "2026-03-13T01:00:30Z")).isEqualTo(1);
  }

  @Test
  void checksStayAtUtcTimesWhenTheJvmZoneChangesToSummerTime() {
    // The US switched to daylight saving time on 2026-03-08 at 02:00 local time.
    TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
    f.clock.set(Instant.parse("2026-03-07T03:00:00Z"));
    ExpiryScheduler s = scheduler();
    runAt(s, "2026-03-07T03:00:00Z");
    assertThat(runAt(s, "2026-03-08T00:59:00Z")).isZero();
    assertThat(runAt(s, "2026-03-08T01:00:00Z")).isEqualTo(1);
    assertThat(runAt(s, "2026-03-08T02:00:00Z")).isEqualTo(1);
    assertThat(runAt(s, "2026-03-09T00:59:00Z")).isZero();
    assertThat(runAt(s, "2026-03-09T01:00:00Z")).isEqualTo(1);
  }

  @Test
  void aCheckMissedWhileDownRunsOnceAtStartForTheDayItWasDue() {
    f.auth.personalTokens().create(RulesFixture.BOB, RulesFixture.BOB,
        TokenSpec.of("today", Scope.READ_API).expiringOn(LocalDate.of(2026, 3, 12)));
    f.clock.set(Instant.parse("2026-03-12T09:00:00Z")); // started long after 01:00 and 02:00
    ExpiryScheduler s = scheduler();
    assertThat(s.runDue()).isEqualTo(2);
    assertThat(s.runDue()).isZero();
    assertThat(outbox.sent()).singleElement().satisfies(n -> {
      assertThat(n.kind()).isEqualTo(ExpiryNotice.Kind.EXPIRES_TODAY);
      assertThat(n.date()).isEqualTo(LocalDate.of(2026, 3, 12));
    });
  }

  @Test
  void startedBeforeOneUtcItCatchesUpYesterdaysChecksOnce() {
    f.clock.set(Instant.parse("2026-03-12T00:30:00Z"));
    ExpiryScheduler s = scheduler();
    assertThat(s.runDue()).isEqualTo(2);
    assertThat(runAt(s, "2026-03-12T00:45:00Z")).isZero();
    assertThat(runAt(s, "2026-03-12T01:00:00Z")).isEqualTo(1);
  }

  @Test
  void theOptInWindowsRunAtOneUtcBesideTheSevenDayCheck() {
    f.auth.personalTokens().create(RulesFixture.BOB, RulesFixture.BOB,
        TokenSpec.of("month", Scope.READ_API).expiringOn(LocalDate.of(2026, 4, 2)));
    f.auth.personalTokens().create(RulesFixture.BOB, RulesFixture.BOB,
        TokenSpec.of("two months", Scope.READ_API).expiringOn(LocalDate.of(2026, 5, 2)));
    f.clock.set(Instant.parse("2026-03-12T02:30:00Z"));
    ExpiryNotifications jobs = f.auth.expiryNotifications(outbox)
        .withWindows(ExpiryNotice.Kind.values());
    ExpiryScheduler s = new ExpiryScheduler(jobs);
    assertThat(s.runDue()).isEqualTo(4); // today's four windows, caught up
    assertThat(runAt(s, "2026-03-13T01:00:00Z")).isEqualTo(3);
    assertThat(runAt(s, "2026-03-13T02:00:00Z")).isEqualTo(1);
    assertThat(outbox.sent()).extracting(n -> n.kind() + " " + n.date() + " " + n.tokens().get(0).name())
        .containsExactly("EXPIRES_IN_30 2026-03-12 month", "EXPIRES_IN_60 2026-03-12 two months");
  }

  @Test
  void windowsAreNamedOnceAndAtLeastOne() {
    ExpiryNotifications jobs = f.auth.expiryNotifications(outbox);
    assertThatThrownBy(() -> jobs.withWindows())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
    assertThatThrownBy(() -> jobs.withWindows(ExpiryNotice.Kind.EXPIRES_IN_30, ExpiryNotice.Kind.EXPIRES_IN_30))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EXPIRES_IN_30 is named twice");
    assertThat(jobs.withWindows(ExpiryNotice.Kind.EXPIRES_IN_60).windows())
        .containsExactly(ExpiryNotice.Kind.EXPIRES_IN_60);
    assertThat(jobs.windows()).isEqualTo(ExpiryNotifications.DEFAULT_WINDOWS);
  }

  @Test
  void theSchedulerHandsEachChecksReportToItsListenerAndSurvivesAListenerThatThrows() {
    f.auth.personalTokens().create(RulesFixture.BOB, RulesFixture.BOB,
        TokenSpec.of("today", Scope.READ_API).expiringOn(LocalDate.of(2026, 3, 12)));
    f.clock.set(Instant.parse("2026-03-12T09:00:00Z"));
    java.util.List<ExpiryNotifications.RunReport> reports = new java.util.ArrayList<>();
    ExpiryScheduler s = new ExpiryScheduler(f.auth.expiryNotifications((InMemoryTokenStore) f.store, outbox),
        report -> {
          reports.add(report);
          throw new IllegalStateException("a broken listener");
        });

    assertThat(s.runDue()).isEqualTo(2);

    assertThat(reports).extracting(ExpiryNotifications.RunReport::kind)
        .containsExactly(ExpiryNotice.Kind.EXPIRES_SOON, ExpiryNotice.Kind.EXPIRES_TODAY);
    assertThat(reports.get(1).noticesClaimed()).isEqualTo(1);
    assertThat(reports.get(1).messagesSent()).isEqualTo(1);
    assertThat(reports.get(1).messagesFailed()).isZero();
  }
}
