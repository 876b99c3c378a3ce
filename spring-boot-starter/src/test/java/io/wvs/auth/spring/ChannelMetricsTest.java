package io.wvs.auth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wvs.auth.AuthRequest;
import io.wvs.auth.Channel;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.User;
import io.wvs.auth.spi.UserDirectory;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The authentications counter tells the channel a credential was presented on. */
class ChannelMetricsTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(WvsAuthAutoConfiguration.class))
      .withBean(UserDirectory.class, () -> {
        InMemoryUserDirectory d = new InMemoryUserDirectory();
        d.put(User.regular(1, "alice"));
        return d;
      })
      .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
      .withPropertyValues("wvs.auth.pepper.env=TEST_PEPPER", "TEST_PEPPER=" + ScopeGuardedAppContract.PEPPER_LITERAL);

  private static double count(MeterRegistry registry, String... tags) {
    return registry.find("wvs.auth.authentications").tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  @Test
  void theAuthenticationsCounterIsTaggedWithTheChannelOfEachAuthentication() {
    runner.run(context -> {
      WvsAuth auth = context.getBean(WvsAuth.class);
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      String token = auth.personalTokens().create(1, 1, TokenSpec.of("t", Scope.API, Scope.READ_REPOSITORY)
          .expiringOn(LocalDate.now(ZoneOffset.UTC).plusDays(5))).value();

      auth.authenticator().authenticate(AuthRequest.api(token, "GET"));
      auth.authenticator().authenticate(AuthRequest.builder(token).channel(Channel.GIT_HTTP)
          .require(ScopeRequirement.gitPull()).build());
      auth.authenticator().authenticate(AuthRequest.builder(token).channel(Channel.GIT_HTTP)
          .require(ScopeRequirement.gitPull()).build());
      auth.authenticator().authenticate(AuthRequest.builder("garbage").channel(Channel.PACKAGE_REGISTRY)
          .require(ScopeRequirement.anyOf(Scope.READ_PACKAGE_REGISTRY)).build());

      assertThat(count(registry, "outcome", "success", "channel", "api")).isEqualTo(1);
      assertThat(count(registry, "outcome", "success", "channel", "git_http")).isEqualTo(2);
      assertThat(count(registry, "outcome", "failure", "channel", "package_registry", "reason", "malformed"))
          .isEqualTo(1);
      assertThat(registry.find("wvs.auth.authentications").counters())
          .allSatisfy(c -> assertThat(c.getId().getTag("channel"))
              .isIn("api", "git_http", "container_registry", "package_registry"));
    });
  }
}
