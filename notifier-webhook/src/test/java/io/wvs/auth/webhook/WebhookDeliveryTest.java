package io.wvs.auth.webhook;

import static io.wvs.auth.tck.RulesFixture.ACME;
import static io.wvs.auth.tck.RulesFixture.API_PROJECT;
import static io.wvs.auth.tck.RulesFixture.BOB;
import static io.wvs.auth.tck.RulesFixture.ROOT;
import static io.wvs.auth.tck.RulesFixture.TOOLS;
import static io.wvs.auth.tck.RulesFixture.WEBSITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DeployTokenSpec;
import io.wvs.auth.ExpiryNotifications;
import io.wvs.auth.ExpiryNotifications.RunReport;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenType;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.spi.ExpiryEvent;
import io.wvs.auth.spi.ExpiryNotice;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.tck.RulesFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook notifier against a real HTTP receiver the test starts: signed delivery, inheritance
 * and opt-in, slow, failing and redirecting receivers.
 */
class WebhookDeliveryTest {
  static final byte[] SECRET = "0123456789abcdef-webhook-secret".getBytes(StandardCharsets.UTF_8);
  private static final LocalDate EXPIRES = LocalDate.of(2026, 3, 25);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RulesFixture f = new RulesFixture(new InMemoryTokenStore());
  private Receiver receiver;

  @BeforeEach
  void start() throws Exception {
    receiver = new Receiver();
    f.clock.set(Instant.parse("2026-03-20T01:00:00Z"));
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private WebhookNotifier.Builder notifier() {
    return WebhookNotifier.builder().allowPlainHttp().clock(f.clock)
        .timeout(Duration.ofMillis(500)).initialBackoff(Duration.ofMillis(100))
        .retryBudget(Duration.ofSeconds(10));
  }

  private ExpiryNotifications jobs(WebhookNotifier notifier) {
    return f.auth.expiryNotifications(notifier);
  }

  private CreatedToken projectToken(String name) {
    return f.auth.resourceTokens().create(BOB, API_PROJECT,
        TokenSpec.of(name, Scope.READ_API).expiringOn(EXPIRES), null);
  }

  @Test
  void anEventIsSignedOverTimestampAndBodyAndHoldsNoTokenValue() throws Exception {
    CreatedToken token = projectToken("ci");
    WebhookNotifier notifier = notifier()
        .hook(API_PROJECT, Webhook.of(receiver.url("/hooks/project?key=receiver-secret"), SECRET))
        .build();

    RunReport report = jobs(notifier).runExpiresSoon();

    assertThat(report.messagesSent()).isEqualTo(1);
    Receiver.Request request = receiver.requests().get(0);
    assertThat(receiver.requests()).hasSize(1);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(request.header("X-Wvs-Event")).isEqualTo("token_expiring");
    assertThat(request.header("X-Wvs-Event-Id")).isEqualTo(token.token().id() + "-expires_soon");
    assertThat(request.header("X-Wvs-Timestamp"))
        .isEqualTo(Long.toString(f.clock.instant().getEpochSecond()));
    byte[] body = request.body().getBytes(StandardCharsets.UTF_8);
    String timestamp = request.header("X-Wvs-Timestamp");
    String signature = request.header("X-Wvs-Signature");
    assertThat(Verification.verify(SECRET, timestamp, signature, body, f.clock.instant())).isTrue();
    byte[] otherSecret = "another-secret-of-sixteen-bytes".getBytes(StandardCharsets.UTF_8);
    assertThat(Verification.verify(otherSecret, timestamp, signature, body, f.clock.instant()))
        .isFalse();
    byte[] tampered = request.body().replace("\"ci\"", "\"cj\"").getBytes(StandardCharsets.UTF_8);
    assertThat(Verification.verify(SECRET, timestamp, signature, tampered, f.clock.instant()))
        .isFalse();
    assertThat(Verification.verify(SECRET, timestamp, signature, body,
        f.clock.instant().plus(Duration.ofMinutes(6)))).as("a replay after five minutes").isFalse();

    JsonNode event = JSON.readTree(request.body());
    assertThat(event.get("event").asText()).isEqualTo("token_expiring");
    assertThat(event.get("window").asText()).isEqualTo("expires_soon");
    assertThat(event.get("check_date").asText()).isEqualTo("2026-03-20");
    assertThat(event.get("token").get("id").asLong()).isEqualTo(token.token().id());
    assertThat(event.get("token").get("name").asText()).isEqualTo("ci");
    assertThat(event.get("token").get("type").asText()).isEqualTo("project_access");
    assertThat(event.get("token").get("expires_at").asText()).isEqualTo("2026-03-25");
    assertThat(event.get("resource").get("kind").asText()).isEqualTo("project");
    assertThat(event.get("resource").get("id").asLong()).isEqualTo(1);
    assertThat(event.get("resource").get("full_path").asText()).isEqualTo("acme/platform/api");
    assertThat(request.body()).doesNotContain(token.value()).doesNotContain("wvspat-");
    assertThat(jobs(notifier).runExpiresSoon().messagesSent()).isZero();
    assertThat(receiver.requests()).hasSize(1);
  }

  @Test
  void aGroupsWebhookIsInheritedBelowItAndTheInstanceWebhookHearsEveryResourceToken() {
    projectToken("api token");                                         // acme/platform/api
    f.auth.deployTokens().create(BOB, WEBSITE,                         // acme/website
        DeployTokenSpec.of("website deploy", Scope.READ_REPOSITORY).expiringOn(EXPIRES));
    f.auth.resourceTokens().create(ROOT, TOOLS,                        // other/tools
        TokenSpec.of("tools token", Scope.READ_API).expiringOn(EXPIRES), null);
    f.auth.personalTokens().create(BOB, BOB, TokenSpec.of("bob's", Scope.READ_API).expiringOn(EXPIRES));
    WebhookNotifier notifier = notifier()
        .hook(ACME, Webhook.of(receiver.url("/acme"), SECRET))
        .instanceHook(Webhook.of(receiver.url("/instance"), SECRET))
        .build();

    jobs(notifier).runExpiresSoon();

    assertThat(receiver.requests()).extracting(r -> r.path() + " " + name(r))
        .containsExactlyInAnyOrder("/instance api token", "/acme api token",
            "/instance website deploy", "/acme website deploy", "/instance tools token");
  }

  @Test
  void personalTokensGetEventsOnlyWhenOptedInAndAtTheInstanceWebhooks() throws Exception {
    f.auth.personalTokens().create(BOB, BOB, TokenSpec.of("laptop", Scope.READ_API).expiringOn(EXPIRES));
    Webhook instance = Webhook.of(receiver.url("/instance"), SECRET);

    RunReport without = jobs(notifier().instanceHook(instance).build()).runExpiresSoon();
    assertThat(without.noticesClaimed()).isZero();
    assertThat(receiver.requests()).isEmpty();

    RunReport with = jobs(notifier().instanceHook(instance).personalTokens().build()).runExpiresSoon();
    assertThat(with.messagesSent()).isEqualTo(1);
    JsonNode event = JSON.readTree(receiver.requests().get(0).body());
    assertThat(event.get("token").get("type").asText()).isEqualTo("personal");
    assertThat(event.get("resource").isNull()).isTrue();
  }

  @Test
  void aSlowReceiverTimesOutAndTheEventStaysPendingUntilItAnswers() {
    projectToken("ci");
    receiver.answering(n -> n == 1 ? new Receiver.Answer(204, 3_000, Map.of())
        : Receiver.Answer.status(204));
    WebhookNotifier notifier = notifier().maxAttempts(1)
        .hook(API_PROJECT, Webhook.of(receiver.url("/slow"), SECRET)).build();

    long start = System.nanoTime();
    RunReport first = jobs(notifier).runExpiresSoon();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_500));
    assertThat(first.messagesFailed()).isEqualTo(1);

    RunReport second = jobs(notifier).runExpiresSoon();
    assertThat(second.messagesSent()).isEqualTo(1);
    assertThat(jobs(notifier).runExpiresSoon().noticesClaimed()).isZero();
    assertThat(receiver.requests()).hasSize(2)
        .extracting(r -> r.header("X-Wvs-Event-Id")).containsOnly(receiver.requests().get(0)
            .header("X-Wvs-Event-Id"));
  }

  @Test
  void aFailingReceiverIsRetriedWithDoublingBackOffUntilItAccepts() {
    projectToken("ci");
    receiver.answering(n -> Receiver.Answer.status(n == 1 ? 503 : n == 2 ? 500 : 202));
    WebhookNotifier notifier = notifier().hook(API_PROJECT, Webhook.of(receiver.url("/flaky"), SECRET))
        .build();

    RunReport report = jobs(notifier).runExpiresSoon();

    assertThat(report.messagesSent()).isEqualTo(1);
    List<Receiver.Request> requests = receiver.requests();
    assertThat(requests).hasSize(3);
    assertThat(Duration.ofNanos(requests.get(1).nanoTime() - requests.get(0).nanoTime()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(100));
    assertThat(Duration.ofNanos(requests.get(2).nanoTime() - requests.get(1).nanoTime()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }

  @Test
  void aReceiverThatKeepsFailingLeavesTheEventPendingForTheNextRun() {
    projectToken("ci");
    receiver.answering(n -> Receiver.Answer.status(n <= 3 ? 500 : 204));
    WebhookNotifier notifier = notifier()
        .hook(API_PROJECT, Webhook.of(receiver.url("/down/secret-path"), SECRET)).build();

    RunReport first = jobs(notifier).runExpiresSoon();
    assertThat(first.messagesFailed()).isEqualTo(1);
    assertThat(receiver.requests()).hasSize(3); // maxAttempts, default 3

    RunReport second = jobs(notifier).runExpiresSoon();
    assertThat(second.messagesSent()).isEqualTo(1);
    assertThat(receiver.requests()).hasSize(4);
  }

  @Test
  void aFailureNamesTheWebhooksOriginAndStatusButNoPathOrSecret() {
    receiver.answering(n -> Receiver.Answer.status(404));
    WebhookNotifier notifier = notifier()
        .hook(API_PROJECT, Webhook.of(receiver.url("/hooks/receiver-secret"), SECRET)).build();
    ExpiryEvent event = new ExpiryEvent(ExpiryNotice.Kind.EXPIRES_SOON, LocalDate.of(2026, 3, 20),
        new ExpiryNotice.ExpiringToken(7, "ci", EXPIRES, "project access token of acme/platform/api"),
        TokenType.PROJECT_ACCESS,
        List.of(new Resource(API_PROJECT, "acme/platform/api", ResourceRef.group(2))));

    assertThatThrownBy(() -> notifier.sendEvent(event))
        .isInstanceOf(WebhookDeliveryException.class)
        .hasMessageContaining("http://127.0.0.1:" + receiver.port() + ": HTTP 404")
        .hasMessageContaining("7-expires_soon")
        .hasMessageNotContaining("receiver-secret")
        .hasMessageNotContaining(new String(SECRET, StandardCharsets.UTF_8));
    assertThat(receiver.requests()).as("a 4xx is not retried").hasSize(1);
  }

  @Test
  void aRedirectIsNotFollowedToAnotherHost() throws Exception {
    projectToken("ci");
    try (Receiver elsewhere = new Receiver()) {
      receiver.answering(n -> new Receiver.Answer(307, 0,
          Map.of("Location", "http://localhost:" + elsewhere.port() + "/steal")));
      WebhookNotifier notifier = notifier()
          .hook(API_PROJECT, Webhook.of(receiver.url("/moved"), SECRET)).build();

      RunReport report = jobs(notifier).runExpiresSoon();

      assertThat(report.messagesFailed()).isEqualTo(1);
      assertThat(receiver.requests()).as("a redirect is no reason to retry").hasSize(1);
      assertThat(elsewhere.requests()).isEmpty();
    }
  }

  private static String name(Receiver.Request request) {
    try {
      return JSON.readTree(request.body()).get("token").get("name").asText();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
