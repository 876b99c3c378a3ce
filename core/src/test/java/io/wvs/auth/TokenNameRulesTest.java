package io.wvs.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A token's name is one line of text wherever it is given: in a {@link TokenSpec}, a
 * {@link DeployTokenSpec} or a {@link PrefillLink} (found by fuzzing the prefill link, where a
 * percent-encoded CR/LF or NUL reached the name).
 */
class TokenNameRulesTest {

  @ParameterizedTest
  @ValueSource(strings = {"a\u0000b", "line\r\nX-Injected: 1", "tab\there", "bell\u0007", "del\u007f",
      "c1\u0085", "ls\u2028", "ps\u2029", "lone\ud800", "\udc00lone", "reversed\udc00\ud800"})
  void namesThatAreNotOneLineOfTextAreRefusedEverywhere(String name) {
    assertThatThrownBy(() -> TokenSpec.of(name, Scope.API))
        .isInstanceOf(InvalidTokenRequestException.class).hasMessage(TokenSpec.NOT_TEXT);
    assertThatThrownBy(() -> DeployTokenSpec.of(name, Scope.READ_REPOSITORY))
        .isInstanceOf(InvalidTokenRequestException.class).hasMessage(TokenSpec.NOT_TEXT);
    assertThatThrownBy(() -> new PrefillLink(name, Set.of(Scope.API)))
        .isInstanceOf(InvalidTokenRequestException.class).hasMessageContaining("one line of text");
  }

  @ParameterizedTest
  @ValueSource(strings = {"%00", "%0D%0A", "%09", "%E2%80%A8"})
  void prefillLinksCannotSmuggleControlCharactersIntoTheName(String encoded) {
    URI link = URI.create("https://wvs.example.io" + PrefillLink.PATH + "?name=ci" + encoded + "x&scopes=api");
    assertThatThrownBy(() -> PrefillLink.parse(link)).isInstanceOf(InvalidTokenRequestException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"laptop", "CI – déploiement 🚀", "名前", "a b  c", "emoji pair \ud83d\udd11"})
  void ordinaryTextIncludingSupplementaryCharactersIsANameEverywhere(String name) {
    assertThat(TokenSpec.of(name, Scope.API).name()).isEqualTo(name);
    assertThat(DeployTokenSpec.of(name, Scope.READ_REPOSITORY).name()).isEqualTo(name);
    PrefillLink link = new PrefillLink(name, Set.of(Scope.API));
    assertThat(PrefillLink.parse(link.toUri("https://wvs.example.io")).name()).isEqualTo(name);
  }

  /** Names count code points: 255 emoji (510 UTF-16 units) are a name, 256 are not, everywhere. */
  @Test
  void nameLengthCountsCodePointsNotUtf16Units() {
    String longest = "\ud83d\udd11".repeat(TokenSpec.MAX_NAME_LENGTH);
    assertThat(longest).hasSize(510);

    assertThat(TokenSpec.of(longest, Scope.API).name()).isEqualTo(longest);
    assertThat(DeployTokenSpec.of(longest, Scope.READ_REPOSITORY).name()).isEqualTo(longest);
    assertThat(new PrefillLink(longest, Set.of(Scope.API)).name()).isEqualTo(longest);
    String tooLong = longest + "\ud83d\udd11";
    assertThatThrownBy(() -> TokenSpec.of(tooLong, Scope.API))
        .isInstanceOf(InvalidTokenRequestException.class).hasMessageContaining("at most 255");
    assertThatThrownBy(() -> DeployTokenSpec.of(tooLong, Scope.READ_REPOSITORY))
        .isInstanceOf(InvalidTokenRequestException.class).hasMessageContaining("at most 255");
    assertThatThrownBy(() -> new PrefillLink(tooLong, Set.of(Scope.API)))
        .isInstanceOf(InvalidTokenRequestException.class).hasMessageContaining("at most 255");
    assertThatThrownBy(() -> TokenSpec.of("n".repeat(255) + "\ud83d\udd11", Scope.API))
        .isInstanceOf(InvalidTokenRequestException.class);
  }

  @Test
  void deployUsernamesAreAtMost255Characters() {
    String longest = "u".repeat(255);
    assertThat(DeployTokenSpec.of("d", Scope.READ_REPOSITORY).withUsername(longest).username()).isEqualTo(longest);
    assertThatThrownBy(() -> DeployTokenSpec.of("d", Scope.READ_REPOSITORY).withUsername(longest + "u"))
        .isInstanceOf(InvalidTokenRequestException.class);
  }
}
