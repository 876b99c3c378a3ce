package io.wvs.auth;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What an operation needs from a token: any one of a set of scopes, or all of them. Implication
 * is honoured, so {@code anyOf(READ_API)} is met by a token holding {@code api}. Immutable.
 *
 * @since 0.1
 */
public final class ScopeRequirement {
  private static final ScopeRequirement API_READ = anyOf(Scope.READ_API);
  private static final ScopeRequirement API_WRITE = anyOf(Scope.API);
  private static final ScopeRequirement GIT_PULL = anyOf(Scope.READ_REPOSITORY);
  private static final ScopeRequirement GIT_PUSH = anyOf(Scope.WRITE_REPOSITORY);
  private static final ScopeRequirement DEPENDENCY_PROXY = allOf(Scope.READ_REGISTRY, Scope.WRITE_REGISTRY);
  private static final ScopeRequirement SELF_ROTATION = anyOf(Scope.API, Scope.SELF_ROTATE);

  private final boolean all;
  private final Set<Scope> scopes;
  /** For any-of: every scope that grants one of {@link #scopes} (itself or by implication). */
  private final Scope[] satisfiers;

  private ScopeRequirement(boolean all, Collection<Scope> scopes) {
    if (scopes == null || scopes.isEmpty()) {
      throw new IllegalArgumentException("a requirement names at least one scope");
    }
    this.all = all;
    this.scopes = Collections.unmodifiableSet(EnumSet.copyOf(scopes));
    long mask = Scope.mask(this.scopes);
    this.satisfiers = java.util.Arrays.stream(Scope.values())
        .filter(s -> (s.closureMask() & mask) != 0).toArray(Scope[]::new);
  }

  /**
   * Met when the token grants at least one of the given scopes.
   *
   * @param first a scope
   * @param more further scopes
   * @return the any-of requirement
   */
  public static ScopeRequirement anyOf(Scope first, Scope... more) {
    return new ScopeRequirement(false, EnumSet.of(first, more));
  }

  /**
   * Met when the token grants every one of the given scopes.
   *
   * @param first a scope
   * @param more further scopes
   * @return the all-of requirement
   */
  public static ScopeRequirement allOf(Scope first, Scope... more) {
    return new ScopeRequirement(true, EnumSet.of(first, more));
  }

  /**
   * The requirement of an API call made with HTTP {@code method}: {@code read_api} for the safe
   * methods GET and HEAD, {@code api} for everything else (so {@code read_api} cannot POST).
   *
   * @param method the HTTP method; null counts as a write
   * @return the requirement of that method
   */
  public static ScopeRequirement forApiMethod(String method) {
    String m = method == null ? "" : method.toUpperCase(Locale.ROOT);
    return m.equals("GET") || m.equals("HEAD") ? API_READ : API_WRITE;
  }

  /**
   * {@return the requirement of git fetch and clone (LFS downloads included): {@code
   * read_repository}}
   */
  public static ScopeRequirement gitPull() {
    return GIT_PULL;
  }

  /** {@return the requirement of git push (LFS uploads included): {@code write_repository}} */
  public static ScopeRequirement gitPush() {
    return GIT_PUSH;
  }

  /**
   * {@return the requirement of pulling through the dependency proxy: both {@code read_registry}
   * and {@code write_registry}}
   */
  public static ScopeRequirement dependencyProxy() {
    return DEPENDENCY_PROXY;
  }

  /**
   * {@return the requirement of a token rotating itself ({@code self/rotate}): {@code api} or
   * {@code self_rotate}. A token with {@code self_rotate} alone meets this requirement and no other}
   */
  public static ScopeRequirement selfRotation() {
    return SELF_ROTATION;
  }

  /** {@return whether every scope must be granted (all-of) rather than one (any-of)} */
  public boolean requiresAll() {
    return all;
  }

  /** {@return the scopes named by this requirement} */
  public Set<Scope> scopes() {
    return scopes;
  }

  /**
   * The scopes missing for {@code granted} to meet this requirement: empty when it is met; for
   * any-of, all the named scopes when none is granted; for all-of, the ones not granted.
   *
   * @param granted the scopes a token holds
   * @return the missing scopes; empty when the requirement is met
   */
  public Set<Scope> missing(Collection<Scope> granted) {
    if (!all) {
      // Every authentication asks this: a few contains() on the granted set, not a closure set
      // nor an iterator, so nothing is allocated.
      for (Scope s : satisfiers) {
        if (granted.contains(s)) {
          return Collections.emptySet();
        }
      }
      return scopes;
    }
    EnumSet<Scope> missing = EnumSet.copyOf(scopes);
    missing.removeAll(Scopes.closure(granted));
    return missing;
  }

  /**
   * Whether {@code granted} meets this requirement.
   *
   * @param granted the scopes a token holds
   * @return true if {@code granted} meets this requirement
   */
  public boolean isMetBy(Collection<Scope> granted) {
    return missing(granted).isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScopeRequirement
        && ((ScopeRequirement) o).all == all
        && ((ScopeRequirement) o).scopes.equals(scopes);
  }

  @Override
  public int hashCode() {
    return scopes.hashCode() * 31 + (all ? 1 : 0);
  }

  @Override
  public String toString() {
    return (all ? "allOf" : "anyOf") + scopes;
  }
}
