package io.wvs.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Set;
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
}
