package io.wvs.auth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wvs.auth.AuthRequest;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryAuditSink;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.AuditSink;
import io.wvs.auth.spi.User;
import io.wvs.auth.spi.UserDirectory;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Counters after a known sequence of token operations and authentications. */
class MetricsTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(WvsAuthAutoConfiguration.class))
      .withBean(UserDirectory.class, () -> {
        InMemoryUserDirectory d = new InMemoryUserDirectory();
        d.put(User.regular(1, "alice"));
        return d;
      })
      .withPropertyValues("wvs.auth.pepper.env=TEST_PEPPER", "TEST_PEPPER=" + ScopeGuardedAppContract.PEPPER_LITERAL);

  private static double count(MeterRegistry registry, String name, String... tags) {
    var search = registry.find(name);
    if (tags.length > 0) {
      search = search.tags(tags);
    }
    return search.counters().stream().mapToDouble(c -> c.count()).sum();
  }

  @Test
  void theCountersTellAuthenticationsByOutcomeReasonAndTypeAndTokenOperationsWithoutAnyUnboundedTag() {
    InMemoryAuditSink hostAudit = new InMemoryAuditSink();
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).withBean(AuditSink.class, () -> hostAudit)
        .run(context -> {
          WvsAuth auth = context.getBean(WvsAuth.class);
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          TokenSpec spec = TokenSpec.of("t", Scope.API).expiringOn(LocalDate.now(ZoneOffset.UTC).plusDays(5));
          var kept = auth.personalTokens().create(1, 1, spec);
          var revoked = auth.personalTokens().create(1, 1, spec);
          auth.personalTokens().revoke(1, revoked.token().id());
          var rotated = auth.personalTokens().rotate(1, kept.token().id(), LocalDate.now(ZoneOffset.UTC).plusDays(5));

          auth.authenticator().authenticate(AuthRequest.api(revoked.value(), "GET"));
          auth.authenticator().authenticate(AuthRequest.api(revoked.value(), "GET"));
          auth.authenticator().authenticate(AuthRequest.api("not a token", "GET"));
          auth.authenticator().authenticate(AuthRequest.api(rotated.value(), "GET"));

          assertThat(count(registry, "wvs.auth.tokens.created", "token_type", "personal")).isEqualTo(2);
          assertThat(count(registry, "wvs.auth.tokens.revoked")).isEqualTo(1);
          assertThat(count(registry, "wvs.auth.tokens.rotated", "token_type", "personal")).isEqualTo(1);
          assertThat(count(registry, "wvs.auth.authentications", "outcome", "failure", "reason", "revoked")).isEqualTo(2);
          assertThat(count(registry, "wvs.auth.authentications", "outcome", "failure", "reason", "malformed")).isEqualTo(1);
          assertThat(count(registry, "wvs.auth.authentications", "outcome", "success", "token_type", "personal")).isEqualTo(1);

          for (Meter meter : registry.getMeters()) {
            for (Tag tag : meter.getId().getTags()) {
              assertThat(tag.getValue()).matches("[a-z_]+").isNotIn("alice", revoked.value(), rotated.value());
            }
          }
          assertThat(hostAudit.events()).as("the application's audit sink still gets every event").hasSize(8);
        });
  }

  @Test
  void eachAuthenticationIsTimedByOutcomeAndTokenTypeAndNothingElse() {
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
      WvsAuth auth = context.getBean(WvsAuth.class);
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      var token = auth.personalTokens().create(1, 1,
          TokenSpec.of("t", Scope.API).expiringOn(LocalDate.now(ZoneOffset.UTC).plusDays(5)));
      auth.authenticator().authenticate(AuthRequest.api(token.value(), "GET"));
      auth.authenticator().authenticate(AuthRequest.api(token.value(), "GET"));
      auth.authenticator().authenticate(AuthRequest.api("not a token", "GET"));
      auth.authenticator().introspect(token.value());

      Timer success = registry.find("wvs.auth.authentication.duration")
          .tags("outcome", "success", "token_type", "personal").timer();
      Timer failure = registry.find("wvs.auth.authentication.duration")
          .tags("outcome", "failure", "token_type", "unknown").timer();
      assertThat(success).isNotNull();
      assertThat(failure).isNotNull();
      assertThat(success.count()).isEqualTo(3);
      assertThat(failure.count()).isEqualTo(1);
      assertThat(success.totalTime(TimeUnit.NANOSECONDS)).isPositive();
      assertThat(registry.find("wvs.auth.authentication.duration").timers()).hasSize(2)
          .allSatisfy(t -> assertThat(t.getId().getTags()).extracting(Tag::getKey)
              .containsExactlyInAnyOrder("outcome", "token_type"));
    });
  }

  @Test
  void withoutMicrometerTheStarterStartsAndCountsNothing() {
    runner.withClassLoader(new FilteredClassLoader("io.micrometer"))
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(WvsAuth.class));
  }
}
