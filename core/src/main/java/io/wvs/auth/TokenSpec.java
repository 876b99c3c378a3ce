package io.wvs.auth;

import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What to create: a name, the scopes, an optional expiry date and an optional description.
 * Immutable.
 *
 * @param name display name: 1 to 255 characters (Unicode code points, so an emoji counts once), not
 *     blank, one line of well-formed Unicode (no control character, line separator or unpaired
 *     surrogate)
 * @param scopes the scopes, non-empty
 * @param expiresOn the date from whose 00:00 UTC the token stops working, or null for the
 *     policy's default (the maximum lifetime when expiry is required, else never)
 * @param description what the token is for, or null for none: up to 255 characters (code
 *     points) of one line of text, like a name; an empty one is kept as none
 * @since 0.1
 */
public record TokenSpec(String name, Set<Scope> scopes, LocalDate expiresOn, String description) {
  /** Longest token name accepted, in Unicode code points. */
  public static final int MAX_NAME_LENGTH = NameRules.MAX_LENGTH;

  /**
   * Checks the name, scopes and description, and copies the scopes.
   *
   * @param name display name: 1 to 255 characters (Unicode code points, so an emoji counts once),
   *     not blank, one line of well-formed Unicode (no control character, line separator or
   *     unpaired surrogate)
   * @param scopes the scopes, non-empty
   * @param expiresOn the date from whose 00:00 UTC the token stops working, or null for the
   *     policy's default (the maximum lifetime when expiry is required, else never)
   * @param description what the token is for, or null (or empty) for none: up to 255 characters of
   *     one line of text
   * @throws InvalidTokenRequestException if the name or description breaks its rule
   */
  public TokenSpec {
    NameRules.requireName(name, "name");
    description = NameRules.optionalDescription(description);
    if (scopes == null || scopes.isEmpty()) {
      throw InvalidScopeException.problem("at least one scope is required");
    }
    scopes = Collections.unmodifiableSet(EnumSet.copyOf(scopes));
  }

  /**
   * A spec without a description.
   *
   * @param name display name, under the rules of {@link #name()}
   * @param scopes the scopes, non-empty
   * @param expiresOn the date from whose 00:00 UTC the token stops working, or null for the
   *     policy's default
   * @throws InvalidTokenRequestException if the name breaks its rule
   */
  public TokenSpec(String name, Set<Scope> scopes, LocalDate expiresOn) {
    this(name, scopes, expiresOn, null);
  }

  static final String NOT_TEXT = NameRules.NOT_TEXT;

  /**
   * A spec with {@code scopes} and no explicit expiry.
   *
   * @param first a scope the token holds
   * @param more further scopes
   * @param name the token's name, 1 to 255 characters of one line of text
   * @return a spec with {@code scopes} and no explicit expiry
   */
  public static TokenSpec of(String name, Scope first, Scope... more) {
    return new TokenSpec(name, EnumSet.of(first, more), null);
  }

  /**
   * This spec with expiry date {@code date}.
   *
   * @param date the date from whose 00:00 UTC the token stops working
   * @return this spec with expiry date {@code date}
   */
  public TokenSpec expiringOn(LocalDate date) {
    return new TokenSpec(name, scopes, date, description);
  }

  /**
   * This spec with description {@code text}.
   *
   * @param text what the token is for, up to 255 characters of one line of text; null or empty
   *     for none
   * @return this spec with description {@code text}
   * @throws InvalidTokenRequestException if {@code text} breaks the description rule
   */
  public TokenSpec withDescription(String text) {
    return new TokenSpec(name, scopes, expiresOn, text);
  }
}
