package io.wvs.auth;

import static io.wvs.auth.Scope.API;
import static io.wvs.auth.Scope.READ_API;
import static io.wvs.auth.Scope.READ_REGISTRY;
import static io.wvs.auth.Scope.READ_REPOSITORY;
import static io.wvs.auth.Scope.READ_USER;
import static io.wvs.auth.Scope.SUDO;
import static io.wvs.auth.Scope.WRITE_REGISTRY;
import static io.wvs.auth.Scope.WRITE_REPOSITORY;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Any-of and all-of requirements, and the API method rule (seed 000: read_api is read-only). */
class ScopeRequirementTest {

  @Test
  void anyOfIsMetByAnyOneOfItsScopes() {
    ScopeRequirement r = ScopeRequirement.anyOf(READ_REPOSITORY, READ_API);
    assertThat(r.requiresAll()).isFalse();
    assertThat(r.isMetBy(EnumSet.of(READ_REPOSITORY))).isTrue();
    assertThat(r.isMetBy(EnumSet.of(READ_API))).isTrue();
    assertThat(r.missing(EnumSet.of(READ_REPOSITORY))).isEmpty();
  }

  @Test
  void anyOfNotMetReportsEveryNamedScopeAsMissing() {
    ScopeRequirement r = ScopeRequirement.anyOf(READ_REPOSITORY, READ_API);
    assertThat(r.isMetBy(EnumSet.of(READ_USER))).isFalse();
    assertThat(r.missing(EnumSet.of(READ_USER))).containsExactlyInAnyOrder(READ_REPOSITORY, READ_API);
    assertThat(r.missing(Set.of())).containsExactlyInAnyOrder(READ_REPOSITORY, READ_API);
  }

  /** Seed 003: the dependency proxy needs "both read_registry and write_registry scopes". */
  @Test
  void allOfNeedsEveryScopeAndReportsOnlyTheMissingOnes() {
    ScopeRequirement r = ScopeRequirement.allOf(READ_REGISTRY, WRITE_REGISTRY);
    assertThat(r.requiresAll()).isTrue();
    assertThat(r.missing(EnumSet.of(READ_REGISTRY))).containsExactly(WRITE_REGISTRY);
    assertThat(r.missing(EnumSet.of(READ_USER))).containsExactlyInAnyOrder(READ_REGISTRY, WRITE_REGISTRY);
    assertThat(r.isMetBy(EnumSet.of(READ_REGISTRY, WRITE_REGISTRY))).isTrue();
  }

  @Test
  void requirementsHonourImplication() {
    assertThat(ScopeRequirement.anyOf(READ_API).isMetBy(EnumSet.of(API))).isTrue();
    assertThat(ScopeRequirement.anyOf(READ_REPOSITORY).isMetBy(EnumSet.of(WRITE_REPOSITORY))).isTrue();
    assertThat(ScopeRequirement.allOf(READ_REGISTRY, WRITE_REGISTRY).isMetBy(EnumSet.of(WRITE_REGISTRY)))
        .isTrue();
    assertThat(ScopeRequirement.allOf(READ_REPOSITORY, WRITE_REPOSITORY).isMetBy(EnumSet.of(API))).isTrue();
    assertThat(ScopeRequirement.anyOf(WRITE_REPOSITORY).isMetBy(EnumSet.of(READ_REPOSITORY))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "HEAD", "get", "head", "Get"})
  void safeApiMethodsNeedReadApi(String method) {
    ScopeRequirement r = ScopeRequirement.forApiMethod(method);
    assertThat(r).isEqualTo(ScopeRequirement.anyOf(READ_API));
    assertThat(r.isMetBy(EnumSet.of(READ_API))).isTrue();
    assertThat(r.isMetBy(EnumSet.of(API))).isTrue();
  }

  /** Seed 000: "read_api: Read-only for the complete API" — so read_api cannot POST. */
  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "post", "OPTIONS", "TRACE", "CONNECT", "",
      "GETX"})
  void readApiCannotUseAnyMethodButGetAndHead(String method) {
    ScopeRequirement r = ScopeRequirement.forApiMethod(method);
    assertThat(r).isEqualTo(ScopeRequirement.anyOf(API));
    assertThat(r.missing(EnumSet.of(READ_API))).containsExactly(API);
    assertThat(r.isMetBy(EnumSet.of(API))).isTrue();
  }

  @Test
  void anUnknownOrMissingMethodIsTreatedAsAWrite() {
    assertThat(ScopeRequirement.forApiMethod(null)).isEqualTo(ScopeRequirement.anyOf(API));
  }

  @Test
  void readUserAndSudoAloneMeetNoApiRequirement() {
    for (String method : new String[] {"GET", "POST"}) {
      ScopeRequirement r = ScopeRequirement.forApiMethod(method);
      assertThat(r.isMetBy(EnumSet.of(READ_USER))).isFalse();
      assertThat(r.isMetBy(EnumSet.of(SUDO))).isFalse();
    }
  }

  @Test
  void valueSemantics() {
    assertThat(ScopeRequirement.anyOf(API, READ_API)).isEqualTo(ScopeRequirement.anyOf(READ_API, API))
        .hasSameHashCodeAs(ScopeRequirement.anyOf(READ_API, API))
        .isNotEqualTo(ScopeRequirement.allOf(API, READ_API));
    assertThat(ScopeRequirement.allOf(READ_REGISTRY, WRITE_REGISTRY))
        .hasToString("allOf[read_registry, write_registry]");
    assertThat(ScopeRequirement.anyOf(API).scopes()).containsExactly(API);
  }
}
