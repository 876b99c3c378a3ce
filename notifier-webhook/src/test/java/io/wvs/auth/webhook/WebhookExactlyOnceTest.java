package io.wvs.auth.webhook;

import static io.wvs.auth.tck.RulesFixture.API_PROJECT;
import static io.wvs.auth.tck.RulesFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.ExpiryNotifications;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.spi.ExpiryNotice;
import io.wvs.auth.tck.RulesFixture;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Two instances sharing one store, four runners racing: each event reaches the receiver once. */
class WebhookExactlyOnceTest {
  @Test
  void fourRunnersOfTwoInstancesPostEachEventOnce() throws Exception {
    RulesFixture f = new RulesFixture(new InMemoryTokenStore());
    LocalDate today = LocalDate.of(2026, 3, 20);
    for (int i = 0; i < 20; i++) {
      f.auth.resourceTokens().create(BOB, API_PROJECT,
          TokenSpec.of("t" + i, Scope.READ_API).expiringOn(today.plusDays(1 + i % 40)), null);
    }
    f.clock.set(Instant.parse("2026-03-20T01:00:00Z"));
    WvsAuth second = WvsAuth.builder().tokenStore(f.store).userDirectory(f.directory)
        .resourceDirectory(f.directory).keyring(RulesFixture.keyring()).clock(f.clock).build();
    try (Receiver receiver = new Receiver()) {
      // A receiver that takes a while widens the window in which runners overlap.
      receiver.answering(n -> new Receiver.Answer(204, 20, Map.of()));
      Webhook hook = Webhook.of(receiver.url("/hook"), WebhookDeliveryTest.SECRET);
      List<ExpiryNotifications> runners = new ArrayList<>();
      for (WvsAuth instance : List.of(f.auth, second, f.auth, second)) {
        WebhookNotifier notifier = WebhookNotifier.builder().allowPlainHttp().clock(f.clock)
            .timeout(Duration.ofSeconds(5)).hook(API_PROJECT, hook).build();
        runners.add(instance.expiryNotifications(notifier).withWindows(ExpiryNotice.Kind.values()));
      }
      ExecutorService pool = Executors.newFixedThreadPool(4);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (ExpiryNotifications runner : runners) {
        done.add(pool.submit(() -> {
          start.await();
          runner.run(ExpiryNotice.Kind.EXPIRES_SOON);
          runner.run(ExpiryNotice.Kind.EXPIRES_IN_30);
          runner.run(ExpiryNotice.Kind.EXPIRES_IN_60);
          return null;
        }));
      }
      start.countDown();
      for (Future<?> d : done) {
        d.get();
      }
      pool.shutdown();

      Map<String, Long> perEvent = receiver.requests().stream()
          .collect(Collectors.groupingBy(r -> r.header("X-Wvs-Event-Id"), Collectors.counting()));
      assertThat(perEvent).hasSize(20).allSatisfy((id, count) -> assertThat(count).isOne());
      assertThat(perEvent.keySet().stream().map(id -> id.substring(id.indexOf('-') + 1))
          .collect(Collectors.groupingBy(w -> w, Collectors.counting())))
          .containsOnly(Map.entry("expires_soon", 7L), Map.entry("expires_in_30", 13L));
    }
  }
}
