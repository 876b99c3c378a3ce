package io.wvs.auth;

import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What to create: a name, the scopes and an optional expiry date. Immutable.
 *
 * @param name display name, 1 to 255 characters, not blank
 * @param scopes the scopes, non-empty
 * @param expiresOn the date from whose 00:00 UTC the token stops working, or null for the
 *     policy's default (the maximum lifetime when expiry is required, else never)
 * @since 0.1
 */
public record TokenSpec(String name, Set<Scope> scopes, LocalDate expiresOn) {
  /** Longest token name accepted. */
  public static final int MAX_NAME_LENGTH = 255;

  public TokenSpec {
    if (name == null || name.isBlank()) {
      throw new InvalidTokenRequestException("name must not be blank");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new InvalidTokenRequestException("name must be at most " + MAX_NAME_LENGTH + " characters");
    }
    if (scopes == null || scopes.isEmpty()) {
      throw InvalidScopeException.problem("at least one scope is required");
    }
    scopes = Collections.unmodifiableSet(EnumSet.copyOf(scopes));
  }

  /** A spec with {@code scopes} and no explicit expiry. */
  public static TokenSpec of(String name, Scope first, Scope... more) {
    return new TokenSpec(name, EnumSet.of(first, more), null);
  }

  /** This spec with expiry date {@code date}. */
  public TokenSpec expiringOn(LocalDate date) {
    return new TokenSpec(name, scopes, date);
  }
}
