package io.wvs.auth.tck;

import static io.wvs.auth.tck.RulesFixture.ALICE;
import static io.wvs.auth.tck.RulesFixture.API_PROJECT;
import static io.wvs.auth.tck.RulesFixture.BOB;
import static io.wvs.auth.tck.RulesFixture.CAROL;
import static io.wvs.auth.tck.RulesFixture.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.inmemory.InMemoryNotifier;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DeployTokenSpec;
import io.wvs.auth.ExpiryNotifications;
import io.wvs.auth.Role;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenType;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.spi.ExpiryEvent;
import io.wvs.auth.spi.ExpiryNotice;
import io.wvs.auth.spi.ExpiryNoticeStore;
import io.wvs.auth.spi.NoticeKey;
import io.wvs.auth.spi.Notifier;
import io.wvs.auth.spi.TokenNotifier;
import io.wvs.auth.spi.TokenStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The expiry e-mails (01:00 UTC: expiring within 7 days, opt-in 30 and 60; 02:00 UTC: today),
 * each sent once, also by racing runners of two instances; over any store that is an ExpiryNoticeStore.
 */
public abstract class ExpiryNotificationRulesContract {
  private RulesFixture f;
  private InMemoryNotifier outbox;

  /** {@return a fresh, empty store that is also an {@link ExpiryNoticeStore}} */
  protected abstract TokenStore newStore();

  @BeforeEach
  void setUp() {
    f = new RulesFixture(newStore());
    outbox = new InMemoryNotifier();
  }

  private ExpiryNotifications jobs(Notifier notifier) {
    return f.auth.expiryNotifications((ExpiryNoticeStore) f.store, notifier);
  }

  private CreatedToken personal(long user, String name, LocalDate expires) {
    return f.auth.personalTokens().create(user, user, TokenSpec.of(name, Scope.READ_API).expiringOn(expires));
  }

  private void at(String instant) {
    f.clock.set(Instant.parse(instant));
  }

  private List<String> namesSentTo(String username) {
    List<String> names = new ArrayList<>();
    outbox.sent().stream().filter(n -> n.recipient().username().equals(username))
        .forEach(n -> n.tokens().forEach(t -> names.add(t.name())));
    return names;
  }

  @Test
  void tokenExpiringInEightDaysGetsNothing() {
    personal(BOB, "eight", LocalDate.of(2026, 3, 28));
    at("2026-03-20T01:00:00Z");
    jobs(outbox).runExpiresSoon();
    jobs(outbox).runExpiresToday();
    assertThat(outbox.sent()).isEmpty();
  }

  @Test
  void tokenExpiringInSevenDaysGetsTheOneOClockNotice() {
    personal(BOB, "seven", LocalDate.of(2026, 3, 27));
    at("2026-03-20T01:00:00Z");
    jobs(outbox).runExpiresSoon();
    assertThat(outbox.sent()).hasSize(1);
    ExpiryNotice notice = outbox.sent().get(0);
    assertThat(notice.kind()).isEqualTo(ExpiryNotice.Kind.EXPIRES_SOON);
    assertThat(notice.recipient().username()).isEqualTo("bob");
    assertThat(notice.tokens()).extracting(ExpiryNotice.ExpiringToken::name).containsExactly("seven");
    assertThat(notice.tokens().get(0).expiresOn()).isEqualTo(LocalDate.of(2026, 3, 27));
  }

  @Test
  void tokenExpiringOnTheDayGetsTheTwoOClockNotice() {
    personal(BOB, "today", LocalDate.of(2026, 3, 20));
    at("2026-03-20T02:00:00Z");
    jobs(outbox).runExpiresToday();
    assertThat(outbox.sent()).singleElement().satisfies(n -> {
      assertThat(n.kind()).isEqualTo(ExpiryNotice.Kind.EXPIRES_TODAY);
      assertThat(n.tokens()).extracting(ExpiryNotice.ExpiringToken::name).containsExactly("today");
    });
  }

  @Test
  void aSecondRunSendsNothing() {
    personal(BOB, "seven", LocalDate.of(2026, 3, 27));
    at("2026-03-20T01:00:00Z");
    jobs(outbox).runExpiresSoon();
    at("2026-03-21T01:00:00Z");
    ExpiryNotifications.RunReport second = jobs(outbox).runExpiresSoon();
    assertThat(outbox.sent()).hasSize(1);
    assertThat(second.messagesSent()).isZero();
  }

  @Test
  void oneMessagePerOwnerListsAllTheirTokens() {
    personal(BOB, "a", LocalDate.of(2026, 3, 22));
    personal(BOB, "b", LocalDate.of(2026, 3, 25));
    personal(CAROL, "c", LocalDate.of(2026, 3, 23));
    at("2026-03-20T01:00:00Z");
    ExpiryNotifications.RunReport report = jobs(outbox).runExpiresSoon();
    assertThat(report.messagesSent()).isEqualTo(2);
    assertThat(namesSentTo("bob")).containsExactly("a", "b");
    assertThat(namesSentTo("carol")).containsExactly("c");
  }

  @Test
  void revokedAndImpersonationTokensGetNoNotice() {
    CreatedToken revoked = personal(BOB, "revoked", LocalDate.of(2026, 3, 22));
    f.auth.personalTokens().revoke(BOB, revoked.token().id());
    f.auth.personalTokens().createImpersonation(ROOT, BOB,
        TokenSpec.of("impersonation", Scope.API).expiringOn(LocalDate.of(2026, 3, 22)));
    at("2026-03-20T01:00:00Z");
    jobs(outbox).runExpiresSoon();
    assertThat(outbox.sent()).isEmpty();
  }

  @Test
  void aBotsNoticeGoesToTheMaintainersOfItsResource() {
    f.directory.addMember(CAROL, RulesFixture.PLATFORM, Role.MAINTAINER); // inherited maintainer
    f.auth.resourceTokens().create(BOB, API_PROJECT,
        TokenSpec.of("ci", Scope.READ_API).expiringOn(LocalDate.of(2026, 3, 22)), null);
    at("2026-03-20T01:00:00Z");
    jobs(outbox).runExpiresSoon();
    assertThat(outbox.sent()).extracting(n -> n.recipient().username())
        .containsExactlyInAnyOrder("bob", "carol");
    assertThat(namesSentTo("alice")).isEmpty(); // a developer
    assertThat(outbox.sent().get(0).tokens().get(0).description())
        .isEqualTo("project access token of acme/platform/api");
  }

  @Test
  void projectDeployTokenNoticeGoesToItsMaintainers() {
    f.auth.deployTokens().create(BOB, API_PROJECT,
        DeployTokenSpec.of("deploy", Scope.READ_REPOSITORY).expiringOn(LocalDate.of(2026, 3, 20)));
    at("2026-03-20T02:00:00Z");
    jobs(outbox).runExpiresToday();
    assertThat(namesSentTo("bob")).containsExactly("deploy");
    assertThat(outbox.sent()).hasSize(1);
  }

  @Test
  void notifierFailureLeavesTheNoticePendingForTheNextRun() {
    personal(BOB, "seven", LocalDate.of(2026, 3, 27));
    AtomicBoolean down = new AtomicBoolean(true);
    Notifier flaky = notice -> {
      if (down.get()) {
        throw new IllegalStateException("SMTP down");
      }
      outbox.send(notice);
    };
    at("2026-03-20T01:00:00Z");
    ExpiryNotifications.RunReport first = jobs(flaky).runExpiresSoon();
    assertThat(first.messagesFailed()).isEqualTo(1);
    assertThat(outbox.sent()).isEmpty();
    down.set(false);
    at("2026-03-21T01:00:00Z");
    jobs(flaky).runExpiresSoon();
    jobs(flaky).runExpiresSoon();
    assertThat(outbox.sent()).hasSize(1);
  }

  @Test
  void aClaimLeftByACrashedInstanceIsRetakenAfterItsLease() {
    CreatedToken token = personal(BOB, "seven", LocalDate.of(2026, 3, 27));
    at("2026-03-20T01:00:00Z");
    ExpiryNoticeStore ledger = (ExpiryNoticeStore) f.store;
    NoticeKey key = new NoticeKey(token.token().id(), ExpiryNotice.Kind.EXPIRES_SOON, BOB);
    assertThat(ledger.claim(key, "crashed", f.clock.instant(), f.clock.instant().plus(Duration.ofMinutes(10))))
        .isTrue();
    jobs(outbox).runExpiresSoon();
    assertThat(outbox.sent()).isEmpty();
    f.clock.advance(Duration.ofMinutes(11));
    jobs(outbox).runExpiresSoon();
    assertThat(outbox.sent()).hasSize(1);
  }

  @Test
  void fourRunnersRacingSendEachMessageOnce() throws Exception {
    for (int i = 0; i < 40; i++) {
      personal(i % 2 == 0 ? BOB : CAROL, "t" + i, LocalDate.of(2026, 3, 21 + i % 7));
    }
    at("2026-03-20T01:00:00Z");
    List<ExpiryNotifications> runners = List.of(jobs(outbox), jobs(outbox), jobs(outbox), jobs(outbox));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (ExpiryNotifications runner : runners) {
      done.add(pool.submit(() -> {
        start.await();
        return runner.runExpiresSoon();
      }));
    }
    start.countDown();
    for (Future<?> d : done) {
      d.get();
    }
    pool.shutdown();
    List<String> all = new ArrayList<>(namesSentTo("bob"));
    all.addAll(namesSentTo("carol"));
    assertThat(all).hasSize(40).doesNotHaveDuplicates();
  }

  @Test
  void aWindowLargerThanOneBatchIsReadCompletely() {
    for (int i = 0; i < 1_100; i++) {
      personal(CAROL, "t" + i, LocalDate.of(2026, 3, 22));
    }
    at("2026-03-20T01:00:00Z");
    ExpiryNotifications.RunReport report = jobs(outbox).runExpiresSoon();
    assertThat(report.tokensRead()).isEqualTo(1_100);
    assertThat(outbox.sent()).singleElement().satisfies(n -> assertThat(n.tokens()).hasSize(1_100));
  }

  @Test
  void blockedOwnersAreNotMailed() {
    personal(ALICE, "a", LocalDate.of(2026, 3, 22));
    f.directory.put(new io.wvs.auth.spi.User(ALICE, "alice", false, true, true, false));
    at("2026-03-20T01:00:00Z");
    jobs(outbox).runExpiresSoon();
    assertThat(outbox.sent()).isEmpty();
  }

  @Test
  void theThirtyAndSixtyDayWindowsAreOptIn() {
    personal(BOB, "thirty", LocalDate.of(2026, 4, 19));
    personal(BOB, "sixty", LocalDate.of(2026, 5, 19));
    at("2026-03-20T01:00:00Z");
    ExpiryNotifications defaults = jobs(outbox);
    assertThat(defaults.windows()).isEqualTo(ExpiryNotifications.DEFAULT_WINDOWS)
        .containsExactly(ExpiryNotice.Kind.EXPIRES_SOON, ExpiryNotice.Kind.EXPIRES_TODAY);
    defaults.runExpiresSoon();
    assertThat(outbox.sent()).isEmpty();
    assertThatThrownBy(() -> defaults.run(ExpiryNotice.Kind.EXPIRES_IN_30))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("withWindows");
    ExpiryNotifications all = defaults.withWindows(ExpiryNotice.Kind.values());
    all.run(ExpiryNotice.Kind.EXPIRES_IN_30);
    all.run(ExpiryNotice.Kind.EXPIRES_IN_60);
    assertThat(outbox.sent()).extracting(n -> n.kind() + " " + n.tokens().get(0).name())
        .containsExactly("EXPIRES_IN_30 thirty", "EXPIRES_IN_60 sixty");
  }

  @Test
  void eachEnabledWindowIsDeliveredOnceOnItsDayAcrossTwoMonths() {
    LocalDate day0 = LocalDate.of(2026, 3, 11);
    long far = personal(BOB, "far", day0.plusDays(62)).token().id();
    long month = personal(BOB, "month", day0.plusDays(20)).token().id();
    long week = personal(CAROL, "week", day0.plusDays(5)).token().id();
    long revoked = personal(CAROL, "revoked", day0.plusDays(40)).token().id();
    long rotated = personal(CAROL, "rotated", day0.plusDays(25)).token().id();
    ExpiryNotifications jobs = jobs(outbox).withWindows(ExpiryNotice.Kind.values());
    long successor = -1;
    for (int day = 0; day <= 62; day++) {
      for (ExpiryNotice.Kind window : List.of(ExpiryNotice.Kind.EXPIRES_SOON,
          ExpiryNotice.Kind.EXPIRES_IN_30, ExpiryNotice.Kind.EXPIRES_IN_60,
          ExpiryNotice.Kind.EXPIRES_TODAY)) {
        f.clock.set(day0.plusDays(day).atTime(window.dueAt()).toInstant(java.time.ZoneOffset.UTC));
        jobs.run(window);
      }
      f.clock.set(day0.plusDays(day).atTime(12, 0).toInstant(java.time.ZoneOffset.UTC));
      if (day == 5) { // before its seven-day notice: the successor has its own windows
        successor = f.auth.personalTokens().rotate(CAROL, rotated, day0.plusDays(50)).token().id();
      }
      if (day == 8) { // before its 30-day notice (day 10)
        f.auth.personalTokens().revoke(CAROL, revoked);
      }
    }
    Map<Long, List<String>> byToken = new TreeMap<>();
    for (ExpiryNotice n : outbox.sent()) {
      for (ExpiryNotice.ExpiringToken t : n.tokens()) {
        byToken.computeIfAbsent(t.tokenId(), id -> new ArrayList<>())
            .add(n.kind() + "@" + java.time.temporal.ChronoUnit.DAYS.between(day0, n.date()));
      }
    }
    assertThat(byToken.get(far))
        .containsExactly("EXPIRES_IN_60@2", "EXPIRES_IN_30@32", "EXPIRES_SOON@55", "EXPIRES_TODAY@62");
    assertThat(byToken.get(month))
        .containsExactly("EXPIRES_IN_30@0", "EXPIRES_SOON@13", "EXPIRES_TODAY@20");
    assertThat(byToken.get(week)).containsExactly("EXPIRES_SOON@0", "EXPIRES_TODAY@5");
    assertThat(byToken.get(revoked)).containsExactly("EXPIRES_IN_60@0");
    assertThat(byToken.get(rotated)).containsExactly("EXPIRES_IN_30@0");
    assertThat(byToken.get(successor))
        .containsExactly("EXPIRES_IN_60@6", "EXPIRES_IN_30@20", "EXPIRES_SOON@43", "EXPIRES_TODAY@50");
    assertThat(byToken).hasSize(6);
  }

  @Test
  void fourRunnersOfTwoInstancesSendEachWindowOnce() throws Exception {
    LocalDate today = LocalDate.of(2026, 3, 20);
    for (int i = 0; i < 40; i++) {
      personal(i % 2 == 0 ? BOB : CAROL, "t" + i, today.plusDays(i * 3 / 2)); // 0 to 58 days ahead
    }
    WvsAuth second = WvsAuth.builder().tokenStore(f.store).userDirectory(f.directory)
        .resourceDirectory(f.directory).keyring(RulesFixture.keyring()).clock(f.clock).build();
    ExpiryNotifications one = jobs(outbox).withWindows(ExpiryNotice.Kind.values());
    ExpiryNotifications two = second.expiryNotifications(outbox)
        .withWindows(ExpiryNotice.Kind.values());
    List<ExpiryNotifications> runners = List.of(one, two, one.withWindows(ExpiryNotice.Kind.values()),
        two.withWindows(ExpiryNotice.Kind.values()));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (String time : List.of("2026-03-20T01:00:00Z", "2026-03-20T02:00:00Z")) {
        at(time);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (ExpiryNotifications runner : runners) {
          done.add(pool.submit(() -> {
            start.await();
            for (ExpiryNotice.Kind window : runner.windows()) {
              if (window.dueAt().equals(f.clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalTime())) {
                runner.run(window);
              }
            }
            return null;
          }));
        }
        start.countDown();
        for (Future<?> d : done) {
          d.get();
        }
      }
    } finally {
      pool.shutdown();
    }
    List<String> notices = new ArrayList<>();
    for (ExpiryNotice n : outbox.sent()) {
      n.tokens().forEach(t -> notices.add(n.kind() + " " + t.name()));
    }
    assertThat(notices).doesNotHaveDuplicates();
    Map<String, Integer> perWindow = new TreeMap<>();
    notices.forEach(n -> perWindow.merge(n.split(" ")[0], 1, Integer::sum));
    assertThat(perWindow).containsExactlyEntriesOf(new TreeMap<>(Map.of(
        "EXPIRES_IN_30", 15, "EXPIRES_IN_60", 19, "EXPIRES_SOON", 5, "EXPIRES_TODAY", 1)));
  }

  @Test
  void aTokenNotifierGetsOneEventPerTokenBesideThePeoplesMessages() {
    f.directory.addMember(CAROL, RulesFixture.PLATFORM, Role.MAINTAINER);
    long id = f.auth.resourceTokens().create(BOB, API_PROJECT,
        TokenSpec.of("ci", Scope.READ_API).expiringOn(LocalDate.of(2026, 3, 22)), null).token().id();
    personal(BOB, "laptop", LocalDate.of(2026, 3, 22));
    List<ExpiryEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicBoolean down = new AtomicBoolean(true);
    TokenNotifier hooks = new TokenNotifier() {
      @Override
      public void sendEvent(ExpiryEvent event) {
        if (down.get()) {
          throw new IllegalStateException("receiver down");
        }
        events.add(event);
      }

      @Override
      public boolean wants(TokenType type) {
        return type == TokenType.PROJECT_ACCESS;
      }
    };
    at("2026-03-20T01:00:00Z");
    assertThat(jobs(hooks).runExpiresSoon().messagesFailed()).isEqualTo(1);
    down.set(false);
    jobs(outbox).runExpiresSoon();
    jobs(hooks).runExpiresSoon();
    jobs(hooks).runExpiresSoon();
    assertThat(outbox.sent()).extracting(n -> n.recipient().username())
        .containsExactlyInAnyOrder("bob", "carol");
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.token().tokenId()).isEqualTo(id);
      assertThat(e.type()).isEqualTo(TokenType.PROJECT_ACCESS);
      assertThat(e.resources()).extracting(r -> r.fullPath())
          .containsExactly("acme/platform/api", "acme/platform", "acme");
    });
  }
}
