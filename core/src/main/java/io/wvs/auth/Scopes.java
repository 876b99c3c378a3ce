package io.wvs.auth;

import com.google.common.base.Splitter;
import com.google.common.collect.Sets;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Parsing, formatting and closure of scope sets. Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class Scopes {
  /** Longest scope list accepted by {@link #parse(String)}, to keep hostile input cheap. */
  static final int MAX_LIST_LENGTH = 1024;

  private static final Splitter COMMA = Splitter.on(',').trimResults();

  private Scopes() {}

  /**
   * Parses a comma-separated list such as {@code "api,read_user"}; surrounding spaces are ignored,
   * duplicates collapse. Strict: an empty list, an empty element or an unknown name is an error.
   *
   * @param list the comma-separated scope names
   * @return the scopes, unmodifiable
   * @throws InvalidScopeException naming the offending element and the valid scopes
   */
  public static Set<Scope> parse(String list) {
    if (list == null || list.isBlank()) {
      throw InvalidScopeException.problem("at least one scope is required");
    }
    if (list.length() > MAX_LIST_LENGTH) {
      throw InvalidScopeException.problem("scope list longer than " + MAX_LIST_LENGTH + " characters");
    }
    EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String part : COMMA.split(list)) {
      scopes.add(Scope.fromId(part));
    }
    // Immutable as it is: an authentication of a stored token passes it on without copying.
    return Sets.immutableEnumSet(scopes);
  }

  /**
   * Formats scopes as a comma-separated list in declaration order; inverse of {@link #parse}.
   *
   * @param scopes the scopes, at least one
   * @return the wire names, comma-separated
   */
  public static String format(Collection<Scope> scopes) {
    return EnumSet.copyOf(nonEmpty(scopes)).stream().map(Scope::id).collect(Collectors.joining(","));
  }

  /**
   * Follows implication.
   *
   * @param scopes the scopes held
   * @return every scope granted by {@code scopes}
   */
  public static Set<Scope> closure(Collection<Scope> scopes) {
    EnumSet<Scope> all = EnumSet.noneOf(Scope.class);
    for (Scope s : scopes) {
      all.addAll(s.implied());
    }
    return all;
  }

  /** {@return the wire names of every scope, for error messages and documentation} */
  public static String validIds() {
    return EnumSet.allOf(Scope.class).stream().map(Scope::id).collect(Collectors.joining(", "));
  }

  private static Collection<Scope> nonEmpty(Collection<Scope> scopes) {
    if (scopes == null || scopes.isEmpty()) {
      throw InvalidScopeException.problem("at least one scope is required");
    }
    return scopes;
  }
}
