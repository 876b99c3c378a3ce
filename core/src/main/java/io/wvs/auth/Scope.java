package io.wvs.auth;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A permission a token carries. The wire name ({@link #id()}) is the lower-case name the platform
 * uses ({@code api}, {@code read_repository}, ...).
 *
 * <p>Scopes form a partial order under {@link #implies(Scope)}: {@code api} implies the read-write
 * API and repository, registry and package access; {@code read_api} implies the read-only parts;
 * every {@code write_*} scope implies its {@code read_*} scope. {@code sudo} and
 * {@code self_rotate} imply nothing and nothing implies them.
 *
 * @since 0.1
 */
public enum Scope {
  /** Read-write access to the complete API, repositories, container and package registry. */
  API,
  /** Read-only access to the complete API (safe HTTP methods only). */
  READ_API,
  /** Read-only access to the {@code /users} endpoints. */
  READ_USER,
  /** Pull from repositories over git. */
  READ_REPOSITORY,
  /** Pull and push over git. */
  WRITE_REPOSITORY,
  /** Pull container registry images. Only when the host enables a registry. */
  READ_REGISTRY,
  /** Push container registry images. Only when the host enables a registry. */
  WRITE_REGISTRY,
  /** Read the package registry (deploy tokens). */
  READ_PACKAGE_REGISTRY,
  /** Write the package registry (deploy tokens). */
  WRITE_PACKAGE_REGISTRY,
  /** Act as any other user through the API; administrators only. */
  SUDO,
  /**
   * Rotate the token itself ({@code self/rotate}) and nothing else: it meets no other requirement,
   * on any channel ({@link ScopeRequirement#selfRotation()} accepts it or {@code api}).
   */
  SELF_ROTATE;

  private static final Scope[] VALUES = values();
  private Set<Scope> closure;
  /** {@link #closure} as bits by ordinal: lets a requirement be checked without allocating. */
  private long closureMask;

  static {
    for (Scope s : VALUES) {
      EnumSet<Scope> c = EnumSet.of(s);
      c.addAll(direct(s));
      boolean grown = true;
      while (grown) {
        grown = false;
        for (Scope t : EnumSet.copyOf(c)) {
          grown |= c.addAll(direct(t));
        }
      }
      s.closure = Collections.unmodifiableSet(c);
      s.closureMask = mask(c);
    }
  }

  /** One bit per scope, by ordinal (there are fewer than 64). */
  static long mask(Iterable<Scope> scopes) {
    long bits = 0;
    for (Scope s : scopes) {
      bits |= 1L << s.ordinal();
    }
    return bits;
  }

  /** {@return the bits of every scope this scope grants, itself included} */
  long closureMask() {
    return closureMask;
  }

  private static Set<Scope> direct(Scope s) {
    switch (s) {
      case API:
        return EnumSet.of(READ_API, READ_USER, WRITE_REPOSITORY, WRITE_REGISTRY, WRITE_PACKAGE_REGISTRY);
      case READ_API:
        return EnumSet.of(READ_USER, READ_REGISTRY, READ_PACKAGE_REGISTRY);
      case WRITE_REPOSITORY:
        return EnumSet.of(READ_REPOSITORY);
      case WRITE_REGISTRY:
        return EnumSet.of(READ_REGISTRY);
      case WRITE_PACKAGE_REGISTRY:
        return EnumSet.of(READ_PACKAGE_REGISTRY);
      default:
        return EnumSet.noneOf(Scope.class);
    }
  }

  /** {@return the wire name, e.g. {@code read_repository}} */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether holding this scope grants {@code other}. Reflexive, antisymmetric and transitive.
   *
   * @param other another scope
   * @return true if holding this scope grants {@code other}
   */
  public boolean implies(Scope other) {
    return closure.contains(other);
  }

  /** {@return every scope this scope grants, itself included; unmodifiable} */
  public Set<Scope> implied() {
    return closure;
  }

  /**
   * {@return whether this scope concerns a container registry (only offered when the host enables
   * one)}
   */
  public boolean isContainerRegistry() {
    return this == READ_REGISTRY || this == WRITE_REGISTRY;
  }

  /**
   * The scope with wire name {@code id}.
   *
   * @param id the wire name
   * @return the scope
   * @throws InvalidScopeException naming the valid scopes when {@code id} is not one
   */
  public static Scope fromId(String id) {
    if (id != null && id.length() <= 32) {
      for (Scope s : VALUES) {
        if (s.id().equals(id)) {
          return s;
        }
      }
    }
    throw InvalidScopeException.unknown(id);
  }

  @Override
  public String toString() {
    return id();
  }
}
