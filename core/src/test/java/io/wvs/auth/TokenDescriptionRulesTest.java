package io.wvs.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A token's description is optional and, when given, one line of text of at most 255 code points,
 * like a name, for every kind of token.
 */
class TokenDescriptionRulesTest {

  @ParameterizedTest
  @ValueSource(strings = {"a\u0000b", "line\r\nX-Injected: 1", "tab\there", "ls\u2028", "lone\ud800"})
  void aDescriptionThatIsNotOneLineOfTextIsRefused(String description) {
    assertThatThrownBy(() -> TokenSpec.of("ci", Scope.API).withDescription(description))
        .isInstanceOf(InvalidTokenRequestException.class)
        .hasMessage("description must be one line of text: no control characters, line breaks or"
            + " unpaired surrogates");
    assertThatThrownBy(() -> DeployTokenSpec.of("ci", Scope.READ_REPOSITORY).withDescription(description))
        .isInstanceOf(InvalidTokenRequestException.class).hasMessageStartingWith("description must");
  }

  @Test
  void aDescriptionCountsCodePointsUpTo255() {
    String longest = "\ud83d\udd11".repeat(255);
    assertThat(TokenSpec.of("ci", Scope.API).withDescription(longest).description()).isEqualTo(longest);
    assertThat(DeployTokenSpec.of("ci", Scope.READ_REPOSITORY).withDescription(longest).description())
        .isEqualTo(longest);
    assertThatThrownBy(() -> TokenSpec.of("ci", Scope.API).withDescription(longest + "x"))
        .isInstanceOf(InvalidTokenRequestException.class)
        .hasMessage("description must be at most 255 characters (Unicode code points)");
    assertThatThrownBy(() -> DeployTokenSpec.of("ci", Scope.READ_REPOSITORY).withDescription("d".repeat(256)))
        .isInstanceOf(InvalidTokenRequestException.class);
  }

  @Test
  void anEmptyOrMissingDescriptionIsNone() {
    assertThat(TokenSpec.of("ci", Scope.API).description()).isNull();
    assertThat(TokenSpec.of("ci", Scope.API).withDescription("").description()).isNull();
    assertThat(new DeployTokenSpec("ci", java.util.Set.of(Scope.READ_REPOSITORY), null, null, "")
        .description()).isNull();
  }

  @Test
  void otherChangesToASpecKeepItsDescription() {
    TokenSpec spec = TokenSpec.of("ci", Scope.API).withDescription("release bot")
        .expiringOn(java.time.LocalDate.of(2030, 1, 1));
    assertThat(spec.description()).isEqualTo("release bot");
    DeployTokenSpec deploy = DeployTokenSpec.of("ci", Scope.READ_REPOSITORY).withDescription("mirror")
        .withUsername("mirror-bot").expiringOn(java.time.LocalDate.of(2030, 1, 1));
    assertThat(deploy.description()).isEqualTo("mirror");
  }
}
