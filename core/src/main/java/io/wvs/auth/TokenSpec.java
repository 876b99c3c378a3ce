package io.wvs.auth;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What to create: a name, the scopes and an optional expiry date. Immutable.
 *
 * @param name display name: 1 to 255 characters, not blank, one line of well-formed Unicode (no
 *     control character, line separator or unpaired surrogate)
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
    requireOneLineOfText(name);
    if (scopes == null || scopes.isEmpty()) {
      throw InvalidScopeException.problem("at least one scope is required");
    }
    scopes = Collections.unmodifiableSet(EnumSet.copyOf(scopes));
  }

  static final String NOT_TEXT =
      "name must be one line of text: no control characters, line breaks or unpaired surrogates";

  /**
   * Whether {@code value} is one line of well-formed Unicode: no unpaired surrogate (UTF-8 cannot
   * encode one; a database would store '?'), no control character (PostgreSQL refuses NUL; CR/LF
   * forge log lines and mail headers) and no line or paragraph separator.
   */
  static boolean isOneLineOfText(String value) {
    return StandardCharsets.UTF_8.newEncoder().canEncode(value)
        && value.chars().noneMatch(c -> Character.isISOControl(c)
            || Character.getType(c) == Character.LINE_SEPARATOR
            || Character.getType(c) == Character.PARAGRAPH_SEPARATOR);
  }

  /** Throws the name rule's {@link InvalidTokenRequestException} unless {@code name} is one line of text. */
  static void requireOneLineOfText(String name) {
    if (!isOneLineOfText(name)) {
      throw new InvalidTokenRequestException(NOT_TEXT);
    }
  }

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
    return new TokenSpec(name, scopes, date);
  }
}
