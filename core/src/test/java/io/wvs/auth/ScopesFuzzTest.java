package io.wvs.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Fuzzes {@link Scopes#parse}. A list of scope ids separated by commas, each padded at most with
 * spaces and tabs, must parse to exactly those scopes; anything that is not such a list even when
 * any Unicode whitespace counts as padding must be refused with {@link InvalidScopeException} and
 * nothing else, with a bounded, log-safe message; whatever parses, formats and parses back to
 * itself. Seeds in {@code ScopesFuzzTestInputs}; README, "Fuzzing".
 */
class ScopesFuzzTest {
  private static final IntPredicate SPACE_OR_TAB = c -> c == ' ' || c == '\t';
  /** Unicode's White_Space, and Java's own whitespace besides. */
  private static final IntPredicate ANY_WHITESPACE =
      c -> Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';

  @FuzzTest(maxDuration = "5m")
  void parseAcceptsExactlyScopeListsAndRoundTrips(byte[] data) {
    for (String list : FuzzInputs.texts(data)) {
      Set<Scope> strict = scopesIn(list, SPACE_OR_TAB);
      Set<Scope> lenient = scopesIn(list, ANY_WHITESPACE);
      Set<Scope> parsed = FuzzInputs.parsedOrRefused(() -> Scopes.parse(list), InvalidScopeException.class);
      if (parsed == null) {
        assertThat(strict).as("refused the scope list %s", list).isNull();
        continue;
      }
      assertThat(lenient).as("accepted %s", list).isNotNull().isEqualTo(parsed);
      assertThat(Scopes.parse(Scopes.format(parsed))).isEqualTo(parsed);
      Throwable unmodifiable = catchThrowable(() -> parsed.add(Scope.SUDO));
      assertThat(unmodifiable).isInstanceOf(UnsupportedOperationException.class);
    }
  }

  /** The scopes a list names, with {@code padding} allowed around each id; null if it is no list. */
  private static Set<Scope> scopesIn(String list, IntPredicate padding) {
    if (list.length() > Scopes.MAX_LIST_LENGTH) {
      return null;
    }
    EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String element : list.split(",", -1)) {
      int from = 0;
      int to = element.length();
      while (from < to && padding.test(element.charAt(from))) {
        from++;
      }
      while (to > from && padding.test(element.charAt(to - 1))) {
        to--;
      }
      Scope named = idOf(element.substring(from, to));
      if (named == null) {
        return null;
      }
      scopes.add(named);
    }
    return scopes;
  }

  private static Scope idOf(String id) {
    for (Scope s : Scope.values()) {
      if (s.id().equals(id)) {
        return s;
      }
    }
    return null;
  }
}
