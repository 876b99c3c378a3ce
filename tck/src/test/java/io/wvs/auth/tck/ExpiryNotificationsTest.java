package io.wvs.auth.tck;

import static io.wvs.auth.tck.RulesFixture.ACME;
import static io.wvs.auth.tck.RulesFixture.API_PROJECT;
import static io.wvs.auth.tck.RulesFixture.BOB;
import static io.wvs.auth.tck.RulesFixture.CAROL;
import static io.wvs.auth.tck.RulesFixture.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.inmemory.InMemoryNotifier;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.DeployTokenSpec;
import io.wvs.auth.ExpiryNotifications;
import io.wvs.auth.ExpiryNotifications.RunReport;
import io.wvs.auth.Role;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.spi.ExpiryNotice;
import io.wvs.auth.spi.ExpiryNotice.ExpiringToken;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The expiry jobs' reports, the wording of each listed token, and claims handed back at once when
 * the notifier fails, so that a retry within the lease delivers.
 */
class ExpiryNotificationsTest {
  private static final LocalDate MARCH_13 = LocalDate.of(2026, 3, 13);
  private static final LocalDate MARCH_14 = LocalDate.of(2026, 3, 14);

  private final InMemoryTokenStore store = new InMemoryTokenStore();
  private final RulesFixture f = new RulesFixture(store);
  private final InMemoryNotifier outbox = new InMemoryNotifier();

  private ExpiryNotifications jobs(io.wvs.auth.spi.Notifier notifier) {
    return f.auth.expiryNotifications(store, notifier);
  }

  /** Bob maintains the project, Carol the group above it; one token of each kind expires soon. */
  private void threeResourceTokens() {
    f.directory.addMember(CAROL, ACME, Role.MAINTAINER);
    f.auth.resourceTokens().create(BOB, API_PROJECT, TokenSpec.of("p", Scope.READ_API).expiringOn(MARCH_14), null);
    f.auth.deployTokens().create(BOB, API_PROJECT,
        DeployTokenSpec.of("d", Scope.READ_REPOSITORY).expiringOn(MARCH_13));
    f.auth.resourceTokens().create(ROOT, ACME, TokenSpec.of("g", Scope.READ_API).expiringOn(MARCH_13), null);
    f.clock.set(Instant.parse("2026-03-11T01:00:00Z"));
  }

  @Test
  void eachMaintainerGetsOneMessageDescribingEveryTokenBySoonestExpiry() {
    threeResourceTokens();

    RunReport report = jobs(outbox).runExpiresSoon();

    assertThat(report).isEqualTo(new RunReport(ExpiryNotice.Kind.EXPIRES_SOON, LocalDate.of(2026, 3, 11),
        3, 5, 2, 0));
    ExpiryNotice carols = outbox.sent().stream().filter(n -> n.recipient().id() == CAROL).findFirst()
        .orElseThrow();
    assertThat(carols.tokens()).extracting(ExpiringToken::name, ExpiringToken::expiresOn,
            ExpiringToken::description)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("d", MARCH_13, "deploy token of acme/platform/api"),
            org.assertj.core.groups.Tuple.tuple("g", MARCH_13, "group access token of acme"),
            org.assertj.core.groups.Tuple.tuple("p", MARCH_14, "project access token of acme/platform/api"));
  }

  @Test
  void personalTokensAreDescribedAsSuch() {
    f.auth.personalTokens().create(BOB, BOB, TokenSpec.of("laptop", Scope.READ_API).expiringOn(MARCH_13));
    f.clock.set(Instant.parse("2026-03-13T02:00:00Z"));

    RunReport report = jobs(outbox).runExpiresToday();

    assertThat(report).isEqualTo(new RunReport(ExpiryNotice.Kind.EXPIRES_TODAY, MARCH_13, 1, 1, 1, 0));
    assertThat(outbox.sent()).singleElement().satisfies(n -> {
      assertThat(n.kind()).isEqualTo(ExpiryNotice.Kind.EXPIRES_TODAY);
      assertThat(n.tokens()).extracting(ExpiringToken::description).containsExactly("personal access token");
    });
  }

  @Test
  void aFailedMessageHandsItsClaimsBackSoARetryWithinTheLeaseDelivers() {
    threeResourceTokens();
    AtomicInteger failuresLeft = new AtomicInteger(2);
    io.wvs.auth.spi.Notifier flaky = notice -> {
      if (failuresLeft.getAndDecrement() > 0) {
        throw new IllegalStateException("SMTP down");
      }
      outbox.send(notice);
    };

    RunReport failed = jobs(flaky).runExpiresSoon();
    RunReport retry = jobs(flaky).runExpiresSoon();

    assertThat(failed.messagesFailed()).isEqualTo(2);
    assertThat(failed.noticesClaimed()).isEqualTo(5);
    assertThat(retry.noticesClaimed()).isEqualTo(5);
    assertThat(retry.messagesSent()).isEqualTo(2);
    assertThat(outbox.sent()).hasSize(2);
  }
}
