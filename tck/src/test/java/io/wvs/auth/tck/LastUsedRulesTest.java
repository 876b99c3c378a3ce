package io.wvs.auth.tck;

import static io.wvs.auth.tck.SeedWorld.START;
import static io.wvs.auth.tck.SeedWorld.assertSuccess;
import static io.wvs.auth.tck.SeedWorld.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.AuthResult;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenPolicy;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Seed 000: "Token usage is updated once every 24 hours." Seed 002: "Updates to the token usage is
 * fixed at once per 24 hours." Design brief: "one conditional write, not one per request".
 */
class LastUsedRulesTest {
  private final SeedWorld world = new SeedWorld();
  private final WvsAuth auth = world.auth();
  private final CreatedToken token = auth.personalTokens().create(world.alice.id(), world.alice.id(),
      TokenSpec.of("busy", Scope.API));

  private Instant lastUsed() {
    return auth.personalTokens().get(world.alice.id(), token.token().id()).lastUsedAt();
  }

  @Test
  void aNewTokenHasNoLastUse() {
    assertThat(token.token().lastUsedAt()).isNull();
    assertThat(lastUsed()).isNull();
  }

  @Test
  void firstUseIsRecorded() {
    assertSuccess(get(auth, token.value()));
    assertThat(lastUsed()).isEqualTo(START);
    assertThat(world.countingStore.lastUsedWrites()).isEqualTo(1);
  }

  @Test
  void lastUsedIsWrittenOnceAcross1000ConcurrentAuthentications() throws Exception {
    world.countingStore.reset();
    int requests = 1000;
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<AuthResult>> results = new ArrayList<>();
    try {
      for (int i = 0; i < requests; i++) {
        results.add(pool.submit(() -> {
          go.await();
          return get(auth, token.value());
        }));
      }
      go.countDown();
      for (Future<AuthResult> r : results) {
        assertThat(r.get(10, TimeUnit.SECONDS).isSuccess()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(world.countingStore.calls("findByDigest")).isEqualTo(requests);
    assertThat(world.countingStore.lastUsedWrites()).as("last-used writes").isEqualTo(1);
    assertThat(lastUsed()).isEqualTo(START);

    // Once written, the rest of the interval costs no write attempt at all.
    world.countingStore.reset();
    world.clock.advance(Duration.ofHours(23).plusMinutes(59).plusSeconds(59));
    for (int i = 0; i < 100; i++) {
      assertSuccess(get(auth, token.value()));
    }
    assertThat(world.countingStore.calls("recordLastUsed")).isZero();
    assertThat(lastUsed()).isEqualTo(START);
  }

  @Test
  void lastUsedIsNotWrittenAgainWithinTheInterval() {
    assertSuccess(get(auth, token.value()));
    world.clock.advance(Duration.ofHours(24));
    assertSuccess(get(auth, token.value()));
    assertThat(lastUsed()).isEqualTo(START);
    assertThat(world.countingStore.lastUsedWrites()).isEqualTo(1);
  }

  @Test
  void lastUsedIsWrittenAgainAfterTheInterval() {
    assertSuccess(get(auth, token.value()));
    world.clock.advance(Duration.ofHours(24).plusSeconds(1));
    Instant later = world.clock.instant();
    assertSuccess(get(auth, token.value()));
    assertSuccess(get(auth, token.value()));
    assertThat(lastUsed()).isEqualTo(later);
    assertThat(world.countingStore.lastUsedWrites()).isEqualTo(2);
  }

  @Test
  void theIntervalIsThePolicys() {
    WvsAuth hourly = world.auth(TokenPolicy.builder().lastUsedInterval(Duration.ofHours(1)).build());
    assertSuccess(get(hourly, token.value()));
    world.clock.advance(Duration.ofMinutes(59));
    assertSuccess(get(hourly, token.value()));
    assertThat(lastUsed()).isEqualTo(START);
    world.clock.advance(Duration.ofMinutes(2));
    assertSuccess(get(hourly, token.value()));
    assertThat(lastUsed()).isEqualTo(START.plus(Duration.ofMinutes(61)));
  }

  @Test
  void failedAuthenticationsDoNotCountAsUse() {
    auth.authenticator().authenticate(io.wvs.auth.AuthRequest.api(token.value(),
        io.wvs.auth.ScopeRequirement.anyOf(Scope.SUDO)));
    auth.personalTokens().revoke(world.alice.id(), token.token().id());
    get(auth, token.value());
    assertThat(lastUsed()).isNull();
    assertThat(world.countingStore.calls("recordLastUsed")).isZero();
  }
}
