package io.wvs.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Prefill links at their edges: the query length limit, and strict decoding of every parameter. */
class PrefillLinkLimitsTest {
  private static final String PAGE = "https://wvs.example.io" + PrefillLink.PATH + "?";

  @Test
  void aQueryOf4096CharactersIsParsedAndOneCharacterMoreIsRefused() {
    String query = "name=ci&scopes=api&pad=";
    String longest = query + "x".repeat(4096 - query.length());

    assertThat(PrefillLink.parse(URI.create(PAGE + longest))).isEqualTo(new PrefillLink("ci", Set.of(Scope.API)));
    assertThatThrownBy(() -> PrefillLink.parse(URI.create(PAGE + longest + "x")))
        .isInstanceOf(InvalidTokenRequestException.class).hasMessageContaining("at most 4096");
  }

  @Test
  void aParameterWithoutANameMustStillBeUtf8() {
    assertThatThrownBy(() -> PrefillLink.parse(URI.create(PAGE + "=%FF&name=ci&scopes=api")))
        .isInstanceOf(InvalidTokenRequestException.class).hasMessageContaining("UTF-8");
    assertThat(PrefillLink.parse(URI.create(PAGE + "=ok&name=ci&scopes=api")).name()).isEqualTo("ci");
  }

  @Test
  void anUnknownParameterMayHoldAnyWellFormedEscape() {
    assertThat(PrefillLink.parse(URI.create(PAGE + "note=%00%0A%7F&name=ci&scopes=api")).name()).isEqualTo("ci");
  }

  @Test
  void aParameterWithoutAValueIsEmpty() {
    assertThatThrownBy(() -> PrefillLink.parse(URI.create(PAGE + "name&scopes=api")))
        .isInstanceOf(InvalidTokenRequestException.class).hasMessageContaining("not blank");
  }
}
