package io.wvs.auth;

import static io.wvs.auth.Scope.API;
import static io.wvs.auth.Scope.READ_REGISTRY;
import static io.wvs.auth.Scope.READ_USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.EnumSet;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Seed 000: "You can link directly to the Personal Access Token page and have the form prefilled with
 * a name and list of scopes".
 */
class PrefillLinkTest {
  private static final String SEED_EXAMPLE = "https://wvs.example.io/-/profile/personal_access_tokens"
      + "?name=Example+Access+token&scopes=api,read_user,read_registry";

  @Example
  void parsesTheSeedsExampleLink() {
    PrefillLink link = PrefillLink.parse(URI.create(SEED_EXAMPLE));
    assertThat(link.name()).isEqualTo("Example Access token");
    assertThat(link.scopes()).containsExactlyInAnyOrder(API, READ_USER, READ_REGISTRY);
  }

  @Example
  void buildsTheSeedsExampleLink() {
    PrefillLink link = new PrefillLink("Example Access token", EnumSet.of(READ_REGISTRY, API, READ_USER));
    assertThat(link.toUri("https://wvs.example.io")).isEqualTo(URI.create(SEED_EXAMPLE));
    assertThat(link.toUri("https://wvs.example.io/")).isEqualTo(URI.create(SEED_EXAMPLE));
    assertThat(PrefillLink.PATH).isEqualTo("/-/profile/personal_access_tokens");
  }

  @Example
  void roundTripsNamesThatNeedEncoding() {
    PrefillLink link = new PrefillLink("CI & deploy = 100% #1 / café", EnumSet.of(Scope.READ_API));
    URI uri = link.toUri("https://wvs.example.io");
    assertThat(uri.getRawQuery()).doesNotContain(" ", "#", "é");
    assertThat(PrefillLink.parse(uri)).isEqualTo(link);
  }

  @Property(tries = 300)
  void buildThenParseIsIdentity(@ForAll("names") String name, @ForAll("scopeSets") Set<Scope> scopes) {
    PrefillLink link = new PrefillLink(name, scopes);
    assertThat(PrefillLink.parse(link.toUri("https://wvs.example.io"))).isEqualTo(link);
  }

  @Example
  void unknownParametersAreIgnoredAndOrderDoesNotMatter() {
    PrefillLink link = PrefillLink.parse(URI.create(
        "https://wvs.example.io/-/profile/personal_access_tokens?utm=x&scopes=read_api&flag&name=ci"));
    assertThat(link.name()).isEqualTo("ci");
    assertThat(link.scopes()).containsExactly(Scope.READ_API);
  }

  @Example
  void anUnknownScopeIsRejectedListingTheValidOnes() {
    assertThatThrownBy(() -> PrefillLink.parse(URI.create(
        "https://wvs.example.io/-/profile/personal_access_tokens?name=x&scopes=api,write_user")))
        .isInstanceOf(InvalidScopeException.class)
        .hasMessageContaining("unknown scope 'write_user'")
        .hasMessageContaining("valid scopes: " + Scopes.validIds());
  }

  @Example
  void missingParametersAreRejected() {
    for (String query : new String[] {"", "?name=x", "?scopes=api", "?other=1", "?name&scope=api"}) {
      assertThatThrownBy(() -> PrefillLink.parse(URI.create(
          "https://wvs.example.io/-/profile/personal_access_tokens" + query)))
          .as("query %s", query)
          .isInstanceOf(InvalidTokenRequestException.class)
          .hasMessageContaining("name and scopes");
    }
  }

  @Example
  void emptyValuesAreRejected() {
    assertThatThrownBy(() -> PrefillLink.parse(URI.create(
        "https://wvs.example.io/-/profile/personal_access_tokens?name=&scopes=api")))
        .isInstanceOf(InvalidTokenRequestException.class);
    assertThatThrownBy(() -> PrefillLink.parse(URI.create(
        "https://wvs.example.io/-/profile/personal_access_tokens?name=x&scopes=")))
        .isInstanceOf(InvalidScopeException.class);
    assertThatThrownBy(() -> PrefillLink.parse(URI.create(
        "https://wvs.example.io/-/profile/personal_access_tokens?name=x&scopes=api,,read_user")))
        .isInstanceOf(InvalidScopeException.class);
  }

  /**
   * Malformed escapes never reach {@link PrefillLink#parse}: {@link URI} itself refuses them, so
   * a host gets the JDK's IllegalArgumentException when it builds the URI.
   */
  @Example
  void malformedPercentEscapesAreRejected() {
    for (String bad : new String[] {"%zz", "%", "abc%4", "%G1", "%-1"}) {
      assertThatThrownBy(() -> PrefillLink.parse(URI.create(
          "https://wvs.example.io/-/profile/personal_access_tokens?name=" + bad + "&scopes=api")))
          .as("name %s", bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  /** Design brief: "Oversized, non-UTF-8 or otherwise hostile input is rejected early". */
  @Example
  void percentEscapesThatAreNotUtf8AreRejected() {
    for (String bad : new String[] {"%FF", "%C3%28", "ok%80", "%ED%A0%80"}) {
      assertThatThrownBy(() -> PrefillLink.parse(URI.create(
          "https://wvs.example.io/-/profile/personal_access_tokens?name=" + bad + "&scopes=api")))
          .as("name %s", bad)
          .isInstanceOf(InvalidTokenRequestException.class)
          .hasMessageContaining("percent-encoding");
    }
  }

  @Example
  void overLongQueriesAreRejected() {
    String longName = "a".repeat(5000);
    assertThatThrownBy(() -> PrefillLink.parse(URI.create(
        "https://wvs.example.io/-/profile/personal_access_tokens?name=" + longName + "&scopes=api")))
        .isInstanceOf(InvalidTokenRequestException.class);
  }

  @Example
  void constructorRefusesBlankOrOverLongNamesAndEmptyScopes() {
    assertThatThrownBy(() -> new PrefillLink(" ", EnumSet.of(API)))
        .isInstanceOf(InvalidTokenRequestException.class);
    assertThatThrownBy(() -> new PrefillLink(null, EnumSet.of(API)))
        .isInstanceOf(InvalidTokenRequestException.class);
    assertThatThrownBy(() -> new PrefillLink("x".repeat(256), EnumSet.of(API)))
        .isInstanceOf(InvalidTokenRequestException.class);
    assertThatThrownBy(() -> new PrefillLink("ok", EnumSet.noneOf(Scope.class)))
        .isInstanceOf(InvalidScopeException.class);
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().withCharRange(' ', '~').withChars("éü日本ß€")
        .ofMinLength(1).ofMaxLength(TokenSpec.MAX_NAME_LENGTH).filter(s -> !s.isBlank());
  }

  @Provide
  Arbitrary<Set<Scope>> scopeSets() {
    return Arbitraries.of(Scope.class).set().ofMinSize(1);
  }
}
