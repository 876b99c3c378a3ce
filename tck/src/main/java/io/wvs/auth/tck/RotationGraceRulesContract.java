package io.wvs.auth.tck;

import static io.wvs.auth.tck.RulesFixture.API_PROJECT;
import static io.wvs.auth.tck.RulesFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.FailureReason;
import io.wvs.auth.Role;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.TokenPolicy;
import io.wvs.auth.TokenReuseDetectedException;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenView;
import io.wvs.auth.spi.TokenStore;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules of the rotation grace period, over any store and on a fixed clock: with
 * {@code rotationGracePeriod} set, a rotated token keeps working until its successor is first
 * used or the period ends, whichever comes first; presenting it to rotation again is still reuse
 * and revokes the whole family; revoking it ends its grace at once; without the setting it stops
 * at once. A store module runs it by extending it with {@link #newStore()}.
 *
 * @since 0.1
 */
public abstract class RotationGraceRulesContract {
  private static final Duration GRACE = Duration.ofMinutes(30);
  private RulesFixture f;

  /** {@return a fresh, empty store} */
  protected abstract TokenStore newStore();

  @BeforeEach
  void setUp() {
    f = new RulesFixture(newStore(), TokenPolicy.builder().rotationGracePeriod(GRACE).build());
  }

  private static AuthResult authenticate(RulesFixture fixture, String token) {
    return fixture.auth.authenticator().authenticate(AuthRequest.api(token, "GET"));
  }

  private static void assertWorks(RulesFixture fixture, String token) {
    assertThat(authenticate(fixture, token)).isInstanceOf(AuthResult.Success.class);
  }

  private static void assertRevoked(RulesFixture fixture, String token) {
    AuthResult result = authenticate(fixture, token);
    assertThat(result).isInstanceOf(AuthResult.Failure.class);
    assertThat(((AuthResult.Failure) result).reason()).isEqualTo(FailureReason.REVOKED);
  }

  private CreatedToken personal() {
    return f.auth.personalTokens().create(BOB, BOB, TokenSpec.of("ci", Scope.API));
  }

  private CreatedToken rotate(CreatedToken token) {
    return f.auth.personalTokens().rotate(BOB, token.token().id(), null);
  }

  @Test
  void withoutAGracePeriodARotatedTokenStopsAtOnce() {
    RulesFixture plain = new RulesFixture(newStore(), TokenPolicy.defaults());
    CreatedToken old = plain.auth.personalTokens().create(BOB, BOB, TokenSpec.of("ci", Scope.API));

    plain.auth.personalTokens().rotate(BOB, old.token().id(), null);

    assertRevoked(plain, old.value());
  }

  @Test
  void withinTheGracePeriodTheRotatedTokenKeepsWorking() {
    CreatedToken old = personal();
    rotate(old);

    f.clock.advance(GRACE.minusSeconds(1));

    assertWorks(f, old.value());
    TokenView view = f.auth.personalTokens().get(BOB, old.token().id());
    assertThat(view.revoked()).as("rotated").isTrue();
    assertThat(view.active()).as("within its grace").isTrue();
  }

  @Test
  void theGracePeriodEndsWhenItsTimeIsUp() {
    CreatedToken old = personal();
    rotate(old);
    assertWorks(f, old.value());

    f.clock.advance(GRACE);

    assertRevoked(f, old.value());
    assertThat(f.auth.personalTokens().get(BOB, old.token().id()).active()).isFalse();
  }

  @Test
  void theSuccessorsFirstUseEndsThePredecessorsGrace() {
    CreatedToken old = personal();
    CreatedToken successor = rotate(old);
    assertWorks(f, old.value());
    f.clock.advance(Duration.ofMinutes(1));

    assertWorks(f, successor.value());

    assertRevoked(f, old.value());
    assertWorks(f, successor.value());
  }

  @Test
  void presentingThePredecessorToRotationWithinTheGraceRevokesTheFamily() {
    CreatedToken old = personal();
    CreatedToken successor = rotate(old);

    assertThatThrownBy(() -> rotate(old)).isInstanceOf(TokenReuseDetectedException.class);

    assertRevoked(f, old.value());
    assertRevoked(f, successor.value());
  }

  @Test
  void aPredecessorRotatingItselfWithinTheGraceRevokesTheFamily() {
    CreatedToken old = f.auth.personalTokens().create(BOB, BOB, TokenSpec.of("bot", Scope.SELF_ROTATE));
    CreatedToken successor = rotate(old);
    AuthResult result = f.auth.authenticator().authenticate(AuthRequest.builder(old.value())
        .require(ScopeRequirement.selfRotation()).build());
    assertThat(result).as("within its grace").isInstanceOf(AuthResult.Success.class);

    assertThatThrownBy(() -> f.auth.personalTokens().rotateSelf((AuthResult.Success) result, null))
        .isInstanceOf(TokenReuseDetectedException.class);

    assertThat(f.auth.personalTokens().get(BOB, successor.token().id()).active()).isFalse();
    assertThat(f.auth.personalTokens().get(BOB, old.token().id()).active()).isFalse();
  }

  @Test
  void revokingThePredecessorEndsItsGraceAtOnce() {
    CreatedToken old = personal();
    CreatedToken successor = rotate(old);

    f.auth.personalTokens().revoke(BOB, old.token().id());

    assertRevoked(f, old.value());
    assertWorks(f, successor.value());
  }

  @Test
  void aPredecessorUsedWithinItsGraceDoesNotEndItsOwnGrace() {
    CreatedToken first = personal();
    CreatedToken second = rotate(first);
    CreatedToken third = rotate(second);

    assertWorks(f, second.value());
    assertWorks(f, second.value());
    assertWorks(f, first.value());

    assertWorks(f, third.value());
    assertRevoked(f, second.value());
    assertRevoked(f, first.value());
  }

  @Test
  void aProjectAccessTokenKeepsWorkingWithinItsGraceToo() {
    CreatedToken old = f.auth.resourceTokens().create(BOB, API_PROJECT,
        TokenSpec.of("bot", Scope.READ_API), Role.DEVELOPER);
    CreatedToken successor = f.auth.resourceTokens().rotate(BOB, API_PROJECT, old.token().id(), null);

    assertWorks(f, old.value());
    f.clock.advance(GRACE.plusSeconds(1));
    assertRevoked(f, old.value());
    assertWorks(f, successor.value());
  }

  @Test
  void theGracePeriodIsAtMost24HoursAndNeverNegative() {
    assertThat(TokenPolicy.builder().rotationGracePeriod(Duration.ofHours(24)).build()
        .rotationGracePeriod()).isEqualTo(Duration.ofHours(24));
    assertThat(TokenPolicy.defaults().rotationGracePeriod()).isZero();
    assertThatThrownBy(() -> TokenPolicy.builder().rotationGracePeriod(Duration.ofHours(24).plusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("24 hours");
    assertThatThrownBy(() -> TokenPolicy.builder().rotationGracePeriod(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
