package io.wvs.auth.webhook;

import static io.wvs.auth.tck.RulesFixture.ACME;
import static io.wvs.auth.tck.RulesFixture.ALICE;
import static io.wvs.auth.tck.RulesFixture.API_PROJECT;
import static io.wvs.auth.tck.RulesFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.CreatedToken;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.tck.RulesFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The leak event against a real receiver: tokens reported leaked on two instances sharing one
 * store, four reporters racing with the same values. Each webhook gets the signed event once.
 */
class WebhookLeakEventTest {
  @Test
  void aTokenReportedLeakedOnTwoInstancesPostsOneSignedEventPerWebhookWithoutItsValue()
      throws Exception {
    RulesFixture f = new RulesFixture(new InMemoryTokenStore());
    CreatedToken bot = f.auth.resourceTokens().create(BOB, API_PROJECT,
        TokenSpec.of("deploy \"prod\"", Scope.READ_API).expiringOn(LocalDate.of(2026, 6, 1)), null);
    CreatedToken personal = f.auth.personalTokens().create(ALICE, ALICE,
        TokenSpec.of("laptop", Scope.READ_API).expiringOn(LocalDate.of(2026, 6, 1)));
    WvsAuth second = WvsAuth.builder().tokenStore(f.store).userDirectory(f.directory)
        .resourceDirectory(f.directory).botAccounts(f.directory).keyring(RulesFixture.keyring())
        .clock(f.clock).build();
    List<String> values = List.of(bot.value(), personal.value());
    try (Receiver receiver = new Receiver()) {
      receiver.answering(n -> new Receiver.Answer(204, 20, Map.of()));
      ExecutorService pool = Executors.newFixedThreadPool(4);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> done = new ArrayList<>();
      for (WvsAuth instance : List.of(f.auth, second, f.auth, second)) {
        // The group's webhook (inherited by its projects) and the instance's: two receivers' worth.
        WebhookNotifier notifier = WebhookNotifier.builder().allowPlainHttp().clock(f.clock)
            .timeout(Duration.ofSeconds(5))
            .hook(ACME, Webhook.of(receiver.url("/group"), WebhookDeliveryTest.SECRET))
            .instanceHook(Webhook.of(receiver.url("/instance"), WebhookDeliveryTest.SECRET))
            .build();
        done.add(pool.submit(() -> {
          start.await();
          return instance.adminTokens().revokeReportedLeaksAndNotify(values, notifier);
        }));
      }
      start.countDown();
      int revoked = 0;
      for (Future<Integer> d : done) {
        revoked += d.get();
      }
      pool.shutdown();

      assertThat(revoked).isEqualTo(2);
      List<Receiver.Request> requests = receiver.requests();
      // the personal token gets no event (personal tokens are opt-in), the bot's one per webhook
      assertThat(requests).extracting(Receiver.Request::path)
          .containsExactlyInAnyOrder("/group", "/instance");
      for (Receiver.Request r : requests) {
        assertThat(r.header("X-Wvs-Event")).isEqualTo("token_revoked_as_leaked");
        assertThat(r.header("X-Wvs-Event-Id")).isEqualTo(bot.token().id() + "-revoked_as_leaked");
        assertThat(Verification.verify(WebhookDeliveryTest.SECRET, r.header("X-Wvs-Timestamp"),
            r.header("X-Wvs-Signature"), r.body().getBytes(StandardCharsets.UTF_8),
            f.clock.instant())).isTrue();
        assertThat(r.body()).isEqualTo("{\"event\":\"token_revoked_as_leaked\",\"event_id\":\""
            + bot.token().id() + "-revoked_as_leaked\",\"token\":{\"id\":" + bot.token().id()
            + ",\"name\":\"deploy \\\"prod\\\"\",\"type\":\"project_access\","
            + "\"description\":\"project access token of acme/platform/api\","
            + "\"expires_at\":\"2026-06-01\"},\"resource\":{\"kind\":\"project\",\"id\":1,"
            + "\"full_path\":\"acme/platform/api\"}}");
        assertThat(r.body()).doesNotContain(bot.value(), personal.value());
      }
    }
  }
}
