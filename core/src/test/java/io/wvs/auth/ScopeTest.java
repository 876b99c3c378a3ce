package io.wvs.auth;

import static io.wvs.auth.Scope.API;
import static io.wvs.auth.Scope.READ_API;
import static io.wvs.auth.Scope.READ_PACKAGE_REGISTRY;
import static io.wvs.auth.Scope.READ_REGISTRY;
import static io.wvs.auth.Scope.READ_REPOSITORY;
import static io.wvs.auth.Scope.READ_USER;
import static io.wvs.auth.Scope.SUDO;
import static io.wvs.auth.Scope.WRITE_PACKAGE_REGISTRY;
import static io.wvs.auth.Scope.WRITE_REGISTRY;
import static io.wvs.auth.Scope.WRITE_REPOSITORY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scope table of the seeds (000, 001, 002: personal tokens; 003: deploy tokens; 004: project
 * tokens) and the implication rules of the design brief.
 */
class ScopeTest {

  private static final String EVERY_ID = "api, read_api, read_user, read_repository,"
      + " write_repository, read_registry, write_registry, read_package_registry,"
      + " write_package_registry, sudo, self_rotate";

  @Test
  void wireNamesAreTheSeedsLowerCaseNames() {
    assertThat(EnumSet.allOf(Scope.class)).extracting(Scope::id).containsExactly(
        "api", "read_api", "read_user", "read_repository", "write_repository", "read_registry",
        "write_registry", "read_package_registry", "write_package_registry", "sudo", "self_rotate");
    assertThat(Scope.READ_REPOSITORY).hasToString("read_repository");
    assertThat(Scopes.validIds()).isEqualTo(EVERY_ID);
  }

  /** Seed 000: "api: Read-write for the complete API, including ... the Container Registry, and the Package Registry." */
  @Test
  void apiImpliesTheReadWriteApiRepositoryAndRegistries() {
    assertThat(API.implied()).containsExactlyInAnyOrder(API, READ_API, READ_USER, READ_REPOSITORY,
        WRITE_REPOSITORY, READ_REGISTRY, WRITE_REGISTRY, READ_PACKAGE_REGISTRY,
        WRITE_PACKAGE_REGISTRY);
    assertThat(API.implies(SUDO)).isFalse();
  }

  /** Seed 000: "read_api: Read-only for the complete API ... the Container Registry, and the Package Registry." */
  @Test
  void readApiImpliesOnlyReadOnlyScopes() {
    assertThat(READ_API.implied())
        .containsExactlyInAnyOrder(READ_API, READ_USER, READ_REGISTRY, READ_PACKAGE_REGISTRY);
    assertThat(READ_API.implies(API)).isFalse();
    assertThat(READ_API.implies(WRITE_REPOSITORY)).isFalse();
    assertThat(READ_API.implies(WRITE_REGISTRY)).isFalse();
    assertThat(READ_API.implies(WRITE_PACKAGE_REGISTRY)).isFalse();
  }

  /** Seed 000: write_repository is "Read-write (pull, push)", write_registry "Read-write (push)". */
  @Test
  void everyWriteScopeImpliesItsReadScopeAndNotTheOtherWayRound() {
    assertThat(WRITE_REPOSITORY.implies(READ_REPOSITORY)).isTrue();
    assertThat(WRITE_REGISTRY.implies(READ_REGISTRY)).isTrue();
    assertThat(WRITE_PACKAGE_REGISTRY.implies(READ_PACKAGE_REGISTRY)).isTrue();
    assertThat(READ_REPOSITORY.implies(WRITE_REPOSITORY)).isFalse();
    assertThat(READ_REGISTRY.implies(WRITE_REGISTRY)).isFalse();
    assertThat(READ_PACKAGE_REGISTRY.implies(WRITE_PACKAGE_REGISTRY)).isFalse();
    assertThat(WRITE_REPOSITORY.implied()).containsExactlyInAnyOrder(WRITE_REPOSITORY, READ_REPOSITORY);
  }

  /** Seed 000: "sudo: API actions as any user in the system (if the authenticated user is an administrator)." */
  @Test
  void sudoImpliesNothingElseAndNothingElseImpliesSudo() {
    assertThat(SUDO.implied()).containsExactly(SUDO);
    for (Scope s : Scope.values()) {
      assertThat(s.implies(SUDO)).as("%s implies sudo", s).isEqualTo(s == SUDO);
    }
  }

  @Test
  void readUserGrantsNoApiAccessBeyondUsers() {
    assertThat(READ_USER.implied()).containsExactly(READ_USER);
    assertThat(READ_REPOSITORY.implied()).containsExactly(READ_REPOSITORY);
  }

  @Test
  void onlyTheContainerRegistryScopesAreRegistryScopes() {
    assertThat(EnumSet.allOf(Scope.class)).filteredOn(Scope::isContainerRegistry)
        .containsExactlyInAnyOrder(READ_REGISTRY, WRITE_REGISTRY);
  }

  @Test
  void impliedSetIsUnmodifiable() {
    assertThatThrownBy(() -> API.implied().add(SUDO)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void fromIdFindsEveryWireName() {
    for (Scope s : Scope.values()) {
      assertThat(Scope.fromId(s.id())).isSameAs(s);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"API", "Api", " api", "read-api", "write_user", "admin", "", "apii",
      "read_repository_and_much_more_than_32_characters"})
  void unknownScopeErrorNamesTheValueAndListsTheValidScopes(String id) {
    assertThatThrownBy(() -> Scope.fromId(id))
        .isInstanceOf(InvalidScopeException.class)
        .hasMessageContaining("unknown scope")
        .hasMessageContaining("valid scopes: " + EVERY_ID);
  }

  @Test
  void unknownScopeErrorQuotesTheName() {
    assertThatThrownBy(() -> Scope.fromId("write_user"))
        .hasMessageStartingWith("unknown scope 'write_user'");
  }

  @Test
  void unknownScopeErrorKeepsHostileNamesShortAndPrintable() {
    String hostile = "x".repeat(10_000) + "\n\u0000";
    assertThatThrownBy(() -> Scope.fromId(hostile))
        .isInstanceOf(InvalidScopeException.class)
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400).doesNotContain("\n"));
    assertThatThrownBy(() -> Scope.fromId("ap\u0000i\ni"))
        .satisfies(e -> assertThat(e.getMessage()).contains("'ap?i?i'"));
    assertThatThrownBy(() -> Scope.fromId(null)).isInstanceOf(InvalidScopeException.class)
        .hasMessageContaining("valid scopes");
  }

  @Test
  void parseAcceptsSpacesAroundElementsAndCollapsesDuplicates() {
    assertThat(Scopes.parse(" api , read_user,api ")).containsExactlyInAnyOrder(API, READ_USER);
    assertThat(Scopes.parse("sudo")).containsExactly(SUDO);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "api,", ",api", "api,,read_user", "api, ,read_user", ",", "api;read_user",
      "api read_user"})
  void parseIsStrictAboutEmptyElementsAndSeparators(String list) {
    assertThatThrownBy(() -> Scopes.parse(list))
        .isInstanceOf(InvalidScopeException.class)
        .hasMessageContaining("valid scopes");
  }

  @Test
  void parseRefusesNullAndOverLongLists() {
    assertThatThrownBy(() -> Scopes.parse(null)).isInstanceOf(InvalidScopeException.class)
        .hasMessageContaining("at least one scope");
    String huge = "api," .repeat(400) + "api";
    assertThatThrownBy(() -> Scopes.parse(huge)).isInstanceOf(InvalidScopeException.class)
        .hasMessageContaining("longer than");
  }

  @Test
  void parsedSetIsUnmodifiable() {
    Set<Scope> parsed = Scopes.parse("api");
    assertThatThrownBy(() -> parsed.add(SUDO)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void formatUsesDeclarationOrderAndRefusesEmptySets() {
    assertThat(Scopes.format(EnumSet.of(READ_REGISTRY, READ_USER, API)))
        .isEqualTo("api,read_user,read_registry");
    assertThatThrownBy(() -> Scopes.format(EnumSet.noneOf(Scope.class)))
        .isInstanceOf(InvalidScopeException.class);
    assertThatThrownBy(() -> Scopes.format(null)).isInstanceOf(InvalidScopeException.class);
  }

  @Test
  void closureFollowsImplication() {
    assertThat(Scopes.closure(EnumSet.of(WRITE_REGISTRY, READ_USER)))
        .containsExactlyInAnyOrder(WRITE_REGISTRY, READ_REGISTRY, READ_USER);
    assertThat(Scopes.closure(EnumSet.noneOf(Scope.class))).isEmpty();
  }
}
