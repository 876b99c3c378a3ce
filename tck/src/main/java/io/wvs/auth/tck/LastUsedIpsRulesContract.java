package io.wvs.auth.tck;

import static io.wvs.auth.tck.RulesFixture.API_PROJECT;
import static io.wvs.auth.tck.RulesFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.Channel;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DeployTokenSpec;
import io.wvs.auth.Role;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.TokenPolicy;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenView;
import io.wvs.auth.spi.TokenStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@code last_used_ips}, over any store: a token keeps the client addresses of its
 * last 5 distinct uses, most recent first, written with the last use (one write per interval)
 * plus one write per new address, at most 5 per token and interval; a known address or none
 * writes nothing; text that is no IP literal is never kept; nothing is kept unless the policy
 * records addresses. A store module runs it by extending it with {@link #newStore()}.
 *
 * @since 0.1
 */
public abstract class LastUsedIpsRulesContract {
  private static final Duration INTERVAL = Duration.ofMinutes(10);
  private RulesFixture f;
  private CountingTokenStore counting;

  /** {@return a fresh, empty store} */
  protected abstract TokenStore newStore();

  @BeforeEach
  void setUp() {
    counting = new CountingTokenStore(newStore());
    f = new RulesFixture(counting, TokenPolicy.builder().lastUsedInterval(INTERVAL)
        .lastUsedIpsRecorded(true).build());
  }

  private CreatedToken personal() {
    return f.auth.personalTokens().create(BOB, BOB, TokenSpec.of("ci", Scope.API));
  }

  private void use(String token, String address) {
    AuthResult result = f.auth.authenticator().authenticate(AuthRequest.builder(token)
        .require(ScopeRequirement.anyOf(Scope.READ_API)).clientAddress(address).build());
    assertThat(result).isInstanceOf(AuthResult.Success.class);
  }

  private List<String> ips(CreatedToken token) {
    return f.auth.personalTokens().get(BOB, token.token().id()).lastUsedIps();
  }

  @Test
  void theLastFiveDistinctClientAddressesAreKeptMostRecentFirst() {
    CreatedToken token = personal();
    for (String ip : List.of("192.0.2.1", "192.0.2.2", "192.0.2.1", "2001:db8::3", "192.0.2.4",
        "192.0.2.5", "192.0.2.6")) {
      use(token.value(), ip);
      f.clock.advance(INTERVAL.plusSeconds(1));
    }

    assertThat(ips(token)).containsExactly("192.0.2.6", "192.0.2.5", "192.0.2.4", "2001:db8::3",
        "192.0.2.1");
  }

  @Test
  void aNewAddressWithinTheIntervalIsRecordedAtOnce() {
    CreatedToken token = personal();
    use(token.value(), "192.0.2.1");
    f.clock.advance(Duration.ofSeconds(5));

    use(token.value(), "2001:db8::7");

    assertThat(ips(token)).containsExactly("2001:db8::7", "192.0.2.1");
    TokenView view = f.auth.personalTokens().get(BOB, token.token().id());
    assertThat(view.lastUsedAt()).isEqualTo(RulesFixture.START);
  }

  @Test
  void aUseFromAKnownAddressOrWithoutOneWithinTheIntervalWritesNothing() {
    CreatedToken token = personal();
    use(token.value(), "192.0.2.1");
    use(token.value(), "192.0.2.2");
    counting.reset();

    for (int i = 0; i < 50; i++) {
      use(token.value(), i % 2 == 0 ? "192.0.2.1" : "192.0.2.2");
      use(token.value(), null);
    }

    assertThat(counting.lastUsedWrites()).isZero();
    assertThat(counting.calls("recordLastUsed") + counting.calls("addLastUsedIp")).isZero();
  }

  @Test
  void newAddressesWriteAtMostFiveTimesPerTokenAndInterval() {
    CreatedToken token = personal();
    use(token.value(), "192.0.2.100");
    counting.reset();

    for (int i = 0; i < 40; i++) {
      use(token.value(), "198.51.100." + i);
    }

    assertThat(counting.lastUsedWrites()).isEqualTo(5);
    assertThat(counting.calls("addLastUsedIp")).isEqualTo(5);
    assertThat(ips(token)).containsExactly("198.51.100.4", "198.51.100.3", "198.51.100.2",
        "198.51.100.1", "198.51.100.0");

    f.clock.advance(INTERVAL.plusSeconds(1));
    use(token.value(), "203.0.113.9");
    assertThat(counting.lastUsedWrites()).as("the next interval's one write").isEqualTo(6);
    assertThat(ips(token)).startsWith("203.0.113.9").hasSize(5);
  }

  @Test
  void textThatIsNoIpLiteralIsNeverRecorded() {
    CreatedToken token = personal();
    for (String junk : List.of("", "x", "example.com", "10.0.0.1, 10.0.0.2", "fe80::1%eth0",
        "１９２.０.２.１", "192.0.2.1\r\n", "a".repeat(46), "1234")) {
      use(token.value(), junk);
      f.clock.advance(INTERVAL.plusSeconds(1));
    }

    assertThat(ips(token)).isEmpty();
    assertThat(f.auth.personalTokens().get(BOB, token.token().id()).lastUsedAt()).isNotNull();
  }

  @Test
  void addressesAreRecordedByDefaultAndNotWhenThePolicyTurnsThemOff() {
    RulesFixture plain = new RulesFixture(newStore(), TokenPolicy.defaults());
    CreatedToken kept = plain.auth.personalTokens().create(BOB, BOB, TokenSpec.of("ci", Scope.API));
    plain.auth.authenticator().authenticate(AuthRequest.builder(kept.value())
        .require(ScopeRequirement.anyOf(Scope.API)).clientAddress("192.0.2.1").build());
    assertThat(plain.auth.personalTokens().get(BOB, kept.token().id()).lastUsedIps())
        .containsExactly("192.0.2.1");

    RulesFixture off = new RulesFixture(newStore(),
        TokenPolicy.builder().lastUsedIpsRecorded(false).build());
    CreatedToken token = off.auth.personalTokens().create(BOB, BOB, TokenSpec.of("ci", Scope.API));

    off.auth.authenticator().authenticate(AuthRequest.builder(token.value())
        .require(ScopeRequirement.anyOf(Scope.API)).clientAddress("192.0.2.1").build());

    assertThat(off.auth.personalTokens().get(BOB, token.token().id()).lastUsedIps()).isEmpty();
    assertThat(off.store.findById(token.token().id()).orElseThrow().lastUsedIps()).isEmpty();
  }

  @Test
  void everyTokenTypeKeepsItsAddresses() {
    CreatedToken project = f.auth.resourceTokens().create(BOB, API_PROJECT,
        TokenSpec.of("bot", Scope.READ_API), Role.DEVELOPER);
    use(project.value(), "192.0.2.8");
    assertThat(f.auth.resourceTokens().get(BOB, API_PROJECT, project.token().id()).lastUsedIps())
        .containsExactly("192.0.2.8");

    CreatedToken deploy = f.auth.deployTokens().create(BOB, API_PROJECT,
        DeployTokenSpec.of("deployer", Scope.READ_REPOSITORY));
    AuthResult result = f.auth.authenticator().authenticate(AuthRequest.builder(deploy.value())
        .channel(Channel.GIT_HTTP).username(deploy.token().username())
        .require(ScopeRequirement.anyOf(Scope.READ_REPOSITORY)).resource(API_PROJECT)
        .clientAddress("2001:db8::8").build());
    assertThat(result).isInstanceOf(AuthResult.Success.class);
    assertThat(f.store.findById(deploy.token().id()).orElseThrow().lastUsedIps())
        .containsExactly("2001:db8::8");
  }
}
