package io.wvs.auth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.TokenPolicy;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.UserDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The application refuses to start on a bad {@code wvs.auth.*} value, naming the property. */
class PropertyValidationTest {
  static final String PEPPER = ScopeGuardedAppContract.PEPPER_LITERAL;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(WvsAuthAutoConfiguration.class))
      .withBean(UserDirectory.class, InMemoryUserDirectory::new);

  private final ApplicationContextRunner withPepper =
      runner.withPropertyValues("wvs.auth.pepper.env=TEST_PEPPER", "TEST_PEPPER=" + PEPPER);

  /** The whole chain of causes, where Spring puts the property's name and the reason. */
  private static String failure(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(c.getMessage()).append('\n');
    }
    return b.toString();
  }

  @Test
  void withoutAPepperTheApplicationRefusesToStartSayingHowToMakeOne() {
    runner.run(context -> {
      assertThat(context).hasFailed();
      assertThat(failure(context.getStartupFailure()))
          .contains("wvs.auth.pepper", "head -c 32 /dev/urandom | base64", "wvs.auth.pepper.env",
              "wvs.auth.pepper.file", "DigestKeyring bean");
    });
  }

  @Test
  void aPepperVariableThatIsNotSetIsRefusedNamingTheProperty() {
    runner.withPropertyValues("wvs.auth.pepper.env=NO_SUCH_VARIABLE_FOR_WVS").run(context ->
        assertThat(failure(context.getStartupFailure()))
            .contains("wvs.auth.pepper.env", "NO_SUCH_VARIABLE_FOR_WVS", "is not set"));
  }

  @Test
  void aPepperShorterThan32BytesIsRefusedNamingThePropertyAndNeverShowingThePepper() {
    String shortPepper = "c2hvcnQtcGVwcGVyLXNlY3JldA==";
    runner.withPropertyValues("wvs.auth.pepper.env=TEST_PEPPER", "TEST_PEPPER=" + shortPepper).run(context -> {
      String failure = failure(context.getStartupFailure());
      assertThat(failure).contains("wvs.auth.pepper.env", "at least 32 bytes", "holds 19");
      assertThat(failure).doesNotContain(shortPepper).doesNotContain("short-pepper-secret");
    });
  }

  @Test
  void aPepperThatIsNotBase64IsRefusedNamingTheProperty() {
    runner.withPropertyValues("wvs.auth.pepper.env=TEST_PEPPER", "TEST_PEPPER=not base64 at all!").run(context ->
        assertThat(failure(context.getStartupFailure())).contains("wvs.auth.pepper.env", "not base64")
            .doesNotContain("not base64 at all!"));
  }

  @Test
  void aPepperFileThatDoesNotExistIsRefusedNamingTheProperty(@TempDir Path dir) {
    runner.withPropertyValues("wvs.auth.pepper.file=" + dir.resolve("missing.key")).run(context ->
        assertThat(failure(context.getStartupFailure())).contains("wvs.auth.pepper.file", "does not exist"));
  }

  @Test
  void aPepperFromAFileStartsTheApplication(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("pepper.key"), PEPPER + "\n");
    runner.withPropertyValues("wvs.auth.pepper.file=" + file).run(context -> assertThat(context).hasSingleBean(WvsAuth.class));
  }

  @Test
  void aPepperGivenBothWaysIsRefused(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("pepper.key"), PEPPER);
    withPepper.withPropertyValues("wvs.auth.pepper.file=" + file).run(context ->
        assertThat(failure(context.getStartupFailure())).contains("wvs.auth.pepper.env or wvs.auth.pepper.file, not both"));
  }

  @Test
  void aBadKeyIdIsRefusedNamingTheProperty() {
    withPepper.withPropertyValues("wvs.auth.key-id=Key One").run(context ->
        assertThat(failure(context.getStartupFailure())).contains("wvs.auth.key-id", "[a-z0-9_-]{1,16}"));
  }

  @Test
  void aRetiredKeyWithoutItsIdIsRefusedNamingTheProperty() {
    withPepper.withPropertyValues("wvs.auth.retired-keys[0].env=TEST_PEPPER").run(context ->
        assertThat(failure(context.getStartupFailure())).contains("wvs.auth.retired-keys[0].id"));
  }

  @Test
  void aRetiredKeyWithTheCurrentKeysIdIsRefusedNamingTheProperty() {
    withPepper.withPropertyValues("wvs.auth.retired-keys[0].id=k1", "wvs.auth.retired-keys[0].env=TEST_PEPPER")
        .run(context -> assertThat(failure(context.getStartupFailure()))
            .contains("wvs.auth.retired-keys[0].id", "given twice"));
  }

  @Test
  void aCiSecretKeyThatIsNot32BytesIsRefusedNamingTheProperty() {
    withPepper.withPropertyValues("wvs.auth.ci-secret-key.env=TEST_CI_KEY", "TEST_CI_KEY=" + PEPPER.substring(4))
        .run(context -> assertThat(failure(context.getStartupFailure()))
            .contains("wvs.auth.ci-secret-key.env", "exactly 32 bytes"));
  }

  @Test
  void aMaxLifetimeAbove365DaysIsRefusedNamingTheProperty() {
    withPepper.withPropertyValues("wvs.auth.policy.max-lifetime-days=400").run(context ->
        assertThat(failure(context.getStartupFailure()))
            .contains("wvs.auth.policy.max-lifetime-days", "between 1 and 365"));
  }

  @Test
  void aLastUsedIntervalAboveSevenDaysIsRefusedNamingTheProperty() {
    withPepper.withPropertyValues("wvs.auth.policy.last-used-interval=30d").run(context ->
        assertThat(failure(context.getStartupFailure()))
            .contains("wvs.auth.policy.last-used-interval", "between 1 second and 7 days"));
  }

  @Test
  void aTokenPrefixWithForbiddenCharactersIsRefusedNamingTheProperty() {
    withPepper.withPropertyValues("wvs.auth.policy.deploy-token-prefix=deploy token!").run(context ->
        assertThat(failure(context.getStartupFailure()))
            .contains("wvs.auth.policy.deploy-token-prefix", "[A-Za-z0-9_-]{1,20}"));
  }

  @Test
  void tokenPrefixesThatArePrefixesOfEachOtherAreRefusedNamingTheProperties() {
    withPepper.withPropertyValues("wvs.auth.policy.user-token-prefix=acme-", "wvs.auth.policy.deploy-token-prefix=acme-d")
        .run(context -> assertThat(failure(context.getStartupFailure()))
            .contains("wvs.auth.policy.user-token-prefix", "wvs.auth.policy.deploy-token-prefix",
                "must not be prefixes of each other"));
  }

  @Test
  void thePolicyPropertiesReachTheTokenSystem() {
    withPepper.withPropertyValues("wvs.auth.policy.max-lifetime-days=30", "wvs.auth.policy.expiry-required=false",
        "wvs.auth.policy.personal-expiry-enforced=false", "wvs.auth.policy.impersonation-enabled=false",
        "wvs.auth.policy.last-used-interval=10m", "wvs.auth.policy.registry-enabled=true",
        "wvs.auth.policy.user-token-prefix=acmepat-", "wvs.auth.policy.deploy-token-prefix=acmedt-").run(context -> {
          TokenPolicy policy = context.getBean(WvsAuth.class).policy();
          assertThat(policy.maxLifetimeDays()).isEqualTo(30);
          assertThat(policy.expiryRequired()).isFalse();
          assertThat(policy.personalExpiryEnforced()).isFalse();
          assertThat(policy.impersonationEnabled()).isFalse();
          assertThat(policy.lastUsedInterval()).isEqualTo(Duration.ofMinutes(10));
          assertThat(policy.registryEnabled()).isTrue();
          assertThat(policy.userTokenPrefix()).isEqualTo("acmepat-");
          assertThat(policy.deployTokenPrefix()).isEqualTo("acmedt-");
        });
  }

  @Test
  void unsetPolicyPropertiesKeepTheLibrarysDefaults() {
    withPepper.run(context -> assertThat(context.getBean(WvsAuth.class).policy().toString())
        .isEqualTo(TokenPolicy.defaults().toString()));
  }

  @Test
  void withoutAUserDirectoryBeanTheApplicationRefusesToStartNamingIt() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(WvsAuthAutoConfiguration.class))
        .withPropertyValues("wvs.auth.pepper.env=TEST_PEPPER", "TEST_PEPPER=" + PEPPER)
        .run(context -> assertThat(failure(context.getStartupFailure()))
            .contains("define a bean implementing io.wvs.auth.spi.UserDirectory"));
  }
}
