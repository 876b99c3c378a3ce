package io.wvs.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * One builder style across the library: each setting may be made once (a second one is refused
 * naming the first value, never a secret), and {@code build()} names everything that is missing in
 * one message.
 */
class BuilderStyleTest {

  @Test
  void wvsAuthBuildNamesEverySettingThatIsMissing() {
    assertThatThrownBy(() -> WvsAuth.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("WvsAuth needs tokenStore, userDirectory, keyring to be set");
    assertThatThrownBy(() -> WvsAuth.builder().keyring(DigestKeyring.of("k1", new byte[32])).build())
        .hasMessage("WvsAuth needs tokenStore, userDirectory to be set");
  }

  @Test
  void aWvsAuthSettingMadeTwiceIsRefusedNamingTheFirstValueButNoSecret() {
    byte[] pepper = new byte[32];
    pepper[0] = 42;
    WvsAuth.Builder builder = WvsAuth.builder().keyring(DigestKeyring.of("k1", pepper))
        .ciSecretKey(new byte[32]).policy(TokenPolicy.defaults());
    assertThatThrownBy(() -> builder.keyring(DigestKeyring.of("k2", pepper)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("keyring was already set to DigestKeyring{keys=[k1]")
        .hasMessageNotContaining("42");
    assertThatThrownBy(() -> builder.ciSecretKey(new byte[32]))
        .hasMessage("ciSecretKey was already set to a key");
    assertThatThrownBy(() -> builder.policy(TokenPolicy.defaults()))
        .hasMessageStartingWith("policy was already set to TokenPolicy{");
  }

  @Test
  void aPolicySettingMadeTwiceIsRefusedNamingTheFirstValue() {
    TokenPolicy.Builder builder = TokenPolicy.builder().maxLifetimeDays(30);
    assertThatThrownBy(() -> builder.maxLifetimeDays(60))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maxLifetimeDays was already set to 30");
    builder.registryEnabled(true);
    assertThatThrownBy(() -> builder.registryEnabled(false))
        .hasMessage("registryEnabled was already set to true");
    assertThat(builder.build().maxLifetimeDays()).isEqualTo(30);
  }

  @Test
  void aRefusedPolicyValueLeavesTheSettingFreeToBeMade() {
    TokenPolicy.Builder builder = TokenPolicy.builder();
    assertThatThrownBy(() -> builder.maxLifetimeDays(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.userTokenPrefix("bad prefix")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.lastUsedInterval(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    TokenPolicy policy = builder.maxLifetimeDays(90).userTokenPrefix("acme-").lastUsedInterval(Duration.ofHours(1)).build();
    assertThat(policy.maxLifetimeDays()).isEqualTo(90);
    assertThat(policy.userTokenPrefix()).isEqualTo("acme-");
  }

  @Test
  void aBuilderFromAPolicyMayChangeEachSettingOnce() {
    TokenPolicy base = TokenPolicy.builder().maxLifetimeDays(30).build();
    TokenPolicy.Builder builder = base.toBuilder();
    TokenPolicy changed = builder.maxLifetimeDays(60).build();
    assertThat(changed.maxLifetimeDays()).isEqualTo(60);
    assertThat(changed.registryEnabled()).isEqualTo(base.registryEnabled());
    assertThatThrownBy(() -> builder.maxLifetimeDays(90))
        .hasMessage("maxLifetimeDays was already set to 60");
  }

  @Test
  void anAuthRequestWithoutARequirementIsRefusedNamingIt() {
    assertThatThrownBy(() -> AuthRequest.builder("token").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("AuthRequest needs requirement to be set");
  }

  @Test
  void anAuthRequestSettingMadeTwiceIsRefusedWithoutNamingWhatAClientSent() {
    AuthRequest.Builder builder = AuthRequest.builder("token").channel(Channel.GIT_HTTP)
        .username("glpat-looks-like-a-token").sudo("root");
    assertThatThrownBy(() -> builder.channel(Channel.API))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("channel was already set to GIT_HTTP");
    assertThatThrownBy(() -> builder.username("other"))
        .hasMessage("username was already set to [masked]");
    assertThatThrownBy(() -> builder.sudo("other"))
        .hasMessage("sudo was already set to [masked]");
  }

  @Test
  void anAuthRequestWithoutAChannelIsAnApiRequest() {
    AuthRequest request = AuthRequest.builder("token").require(ScopeRequirement.anyOf(Scope.READ_API)).build();
    assertThat(request.channel()).isEqualTo(Channel.API);
  }
}
