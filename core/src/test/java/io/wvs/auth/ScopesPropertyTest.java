package io.wvs.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Laws of the scope algebra: implication is a partial order, {@code parse ∘ format} is the identity
 * on every non-empty scope set, and hostile scope lists fail only with {@link InvalidScopeException}.
 */
class ScopesPropertyTest {

  @Property(tries = 300)
  void implicationIsReflexive(@ForAll Scope s) {
    assertThat(s.implies(s)).isTrue();
  }

  @Property(tries = 300)
  void implicationIsAntisymmetric(@ForAll Scope a, @ForAll Scope b) {
    if (a.implies(b) && b.implies(a)) {
      assertThat(a).isEqualTo(b);
    }
  }

  @Property(tries = 300)
  void implicationIsTransitive(@ForAll Scope a, @ForAll Scope b, @ForAll Scope c) {
    if (a.implies(b) && b.implies(c)) {
      assertThat(a.implies(c)).as("%s => %s => %s", a, b, c).isTrue();
    }
  }

  /** The same three laws over every pair and triple, so no combination is left to chance. */
  @Example
  void implicationIsAPartialOrderOverEveryTriple() {
    for (Scope a : Scope.values()) {
      assertThat(a.implies(a)).isTrue();
      for (Scope b : Scope.values()) {
        if (a != b) {
          assertThat(a.implies(b) && b.implies(a)).as("%s <=> %s", a, b).isFalse();
        }
        for (Scope c : Scope.values()) {
          if (a.implies(b) && b.implies(c)) {
            assertThat(a.implies(c)).as("%s => %s => %s", a, b, c).isTrue();
          }
        }
      }
    }
  }

  @Property(tries = 300)
  void impliedAgreesWithImplies(@ForAll Scope a, @ForAll Scope b) {
    assertThat(a.implied().contains(b)).isEqualTo(a.implies(b));
  }

  @Property(tries = 300)
  void parseOfFormatIsIdentity(@ForAll("nonEmptyScopeSets") Set<Scope> scopes) {
    assertThat(Scopes.parse(Scopes.format(scopes))).isEqualTo(scopes);
  }

  /** parse ∘ format over all 1,023 non-empty subsets of the ten scopes. */
  @Example
  void parseOfFormatIsIdentityForEveryNonEmptySubset() {
    Scope[] all = Scope.values();
    for (int mask = 1; mask < (1 << all.length); mask++) {
      EnumSet<Scope> subset = EnumSet.noneOf(Scope.class);
      for (int i = 0; i < all.length; i++) {
        if ((mask & (1 << i)) != 0) {
          subset.add(all[i]);
        }
      }
      assertThat(Scopes.parse(Scopes.format(subset))).isEqualTo(subset);
    }
  }

  @Property(tries = 300)
  void formatOfParseIsCanonicalWhateverTheOrderDuplicatesAndSpaces(
      @ForAll("nonEmptyScopeSets") Set<Scope> scopes, @ForAll long seed) {
    List<String> parts = new ArrayList<>();
    Random random = new Random(seed);
    for (Scope s : scopes) {
      parts.add(s.id());
      if (random.nextBoolean()) {
        parts.add(" " + s.id() + " ");
      }
    }
    Collections.shuffle(parts, random);
    String messy = String.join(",", parts);
    assertThat(Scopes.parse(messy)).isEqualTo(scopes);
    assertThat(Scopes.format(Scopes.parse(messy))).isEqualTo(Scopes.format(scopes));
  }

  @Property(tries = 300)
  void closureIsExtensiveIdempotentAndMonotone(
      @ForAll("nonEmptyScopeSets") Set<Scope> a, @ForAll("nonEmptyScopeSets") Set<Scope> b) {
    Set<Scope> ca = Scopes.closure(a);
    assertThat(ca).containsAll(a);
    assertThat(Scopes.closure(ca)).isEqualTo(ca);
    EnumSet<Scope> union = EnumSet.copyOf(a);
    union.addAll(b);
    assertThat(Scopes.closure(union)).containsAll(ca);
  }

  @Property(tries = 300)
  void hostileListsFailOnlyWithInvalidScopeException(@ForAll String list) {
    try {
      Set<Scope> parsed = Scopes.parse(list);
      assertThat(parsed).isNotEmpty();
    } catch (InvalidScopeException e) {
      assertThat(e.getMessage()).contains("valid scopes");
    }
  }

  @Property(tries = 300)
  void anEmptyElementAnywhereIsRefused(
      @ForAll("nonEmptyScopeSets") Set<Scope> scopes, @ForAll("positions") int position) {
    List<String> parts = new ArrayList<>();
    scopes.forEach(s -> parts.add(s.id()));
    parts.add(Math.min(position, parts.size()), position % 2 == 0 ? "" : "  ");
    String list = String.join(",", parts);
    assertThatThrownBy(() -> Scopes.parse(list)).isInstanceOf(InvalidScopeException.class)
        .hasMessageContaining("valid scopes");
  }

  @Property(tries = 300)
  void anUnknownNameIsRefusedAndTheValidOnesListed(
      @ForAll("nonEmptyScopeSets") Set<Scope> scopes, @ForAll("unknownNames") String unknown) {
    List<String> parts = new ArrayList<>();
    scopes.forEach(s -> parts.add(s.id()));
    parts.add(unknown);
    String list = String.join(",", parts);
    assertThatThrownBy(() -> Scopes.parse(list)).isInstanceOf(InvalidScopeException.class)
        .hasMessageContaining("unknown scope '" + unknown + "'")
        .hasMessageContaining("valid scopes: " + Scopes.validIds());
  }

  @Provide
  Arbitrary<Set<Scope>> nonEmptyScopeSets() {
    return Arbitraries.of(Scope.class).set().ofMinSize(1);
  }

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, 12);
  }

  @Provide
  Arbitrary<String> unknownNames() {
    return Arbitraries.strings().withCharRange('a', 'z').withChars('_').ofMinLength(1).ofMaxLength(24)
        .filter(s -> EnumSet.allOf(Scope.class).stream().noneMatch(x -> x.id().equals(s)));
  }
}
