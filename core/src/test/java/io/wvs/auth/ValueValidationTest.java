package io.wvs.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.spi.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The limits value types enforce in their constructors, tested on both sides of each edge. */
class ValueValidationTest {

  @Test
  void resourceIdsStartAtOne() {
    assertThat(ResourceRef.project(1).id()).isEqualTo(1);
    assertThatThrownBy(() -> ResourceRef.project(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 0");
    assertThatThrownBy(() -> new ResourceRef(null, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void userIdsStartAtOne() {
    assertThat(User.regular(1, "a").id()).isEqualTo(1);
    assertThatThrownBy(() -> User.regular(0, "a")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 0");
  }

  @Test
  void tokenNamesMayBe255CharactersLong() {
    String longest = "n".repeat(TokenSpec.MAX_NAME_LENGTH);

    assertThat(TokenSpec.of(longest, Scope.API).name()).isEqualTo(longest);
    assertThat(DeployTokenSpec.of(longest, Scope.READ_REPOSITORY).name()).isEqualTo(longest);
    assertThatThrownBy(() -> TokenSpec.of(longest + "n", Scope.API))
        .isInstanceOf(InvalidTokenRequestException.class);
    assertThatThrownBy(() -> DeployTokenSpec.of(longest + "n", Scope.READ_REPOSITORY))
        .isInstanceOf(InvalidTokenRequestException.class);
  }

  @Test
  void deployUsernamesAreLettersDigitsAndDotPlusUnderscoreDash() {
    DeployTokenSpec spec = DeployTokenSpec.of("d", Scope.READ_REPOSITORY);

    assertThat(spec.withUsername("ci.Bot+1_x-y").username()).isEqualTo("ci.Bot+1_x-y");
    assertThatThrownBy(() -> spec.withUsername("ci bot")).isInstanceOf(InvalidTokenRequestException.class);
    assertThatThrownBy(() -> spec.withUsername("")).isInstanceOf(InvalidTokenRequestException.class);
  }

  @Test
  void accessLevelsAreTheSeedsNumbers() {
    assertThat(Role.values()).extracting(Role::accessLevel).containsExactly(10, 20, 30, 40, 50);
    for (Role role : Role.values()) {
      assertThat(Role.ofAccessLevel(role.accessLevel())).isSameAs(role);
    }
    assertThat(Role.MAINTAINER.atLeast(Role.DEVELOPER)).isTrue();
    assertThat(Role.MAINTAINER.atLeast(Role.MAINTAINER)).isTrue();
    assertThat(Role.DEVELOPER.atLeast(Role.MAINTAINER)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 15, 60, -10})
  void anUnknownAccessLevelIsRefusedNamingIt(int level) {
    assertThatThrownBy(() -> Role.ofAccessLevel(level)).isInstanceOf(InvalidTokenRequestException.class)
        .hasMessageEndingWith("was " + level);
  }

  @Test
  void aScopeListOf1024CharactersIsParsedAndOneCharacterMoreIsRefused() {
    StringBuilder list = new StringBuilder("api");
    while (list.length() + 4 <= Scopes.MAX_LIST_LENGTH) {
      list.append(",api");
    }
    while (list.length() < Scopes.MAX_LIST_LENGTH) {
      list.append(' ');
    }

    assertThat(Scopes.parse(list.toString())).containsExactly(Scope.API);
    assertThatThrownBy(() -> Scopes.parse(list + " ")).isInstanceOf(InvalidScopeException.class)
        .hasMessageContaining("longer than 1024");
  }

  @Test
  void anUnknownScopeOf32CharactersIsQuotedWholeAndALongerOneIsCut() {
    String id32 = "x".repeat(32);

    assertThatThrownBy(() -> Scope.fromId(id32)).hasMessageStartingWith("unknown scope '" + id32 + "';");
    assertThatThrownBy(() -> Scope.fromId(id32 + "y")).hasMessageStartingWith("unknown scope '" + id32)
        .hasMessageNotContaining(id32 + "y");
  }

  @Test
  void anUnknownScopeIsQuotedWithSpacesKeptAndControlCharactersReplaced() {
    assertThatThrownBy(() -> Scope.fromId("read api ~")).hasMessageStartingWith("unknown scope 'read api ~';");
    assertThatThrownBy(() -> Scope.fromId("a\u001fb\u007fc\u0080d"))
        .hasMessageStartingWith("unknown scope 'a?b?c?d';");
  }
}
