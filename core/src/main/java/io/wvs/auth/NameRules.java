package io.wvs.auth;

import java.nio.charset.StandardCharsets;

/**
 * The one check of a token's name, shared by {@link TokenSpec}, {@link DeployTokenSpec} and
 * {@link PrefillLink}, of a token's optional description (the same rules, but it may be absent),
 * and of the length of a deploy token's username. Lengths count Unicode code
 * points, as the platform and the bundled PostgreSQL and MariaDB schemas do: an emoji is one
 * character, not two UTF-16 units.
 */
final class NameRules {
  /** Longest name or deploy username, in code points. */
  static final int MAX_LENGTH = 255;

  private static final String NOT_TEXT_RULE =
      " must be one line of text: no control characters, line breaks or unpaired surrogates";
  static final String NOT_TEXT = "name" + NOT_TEXT_RULE;

  private NameRules() {}

  /** Whether {@code value} has at most {@code max} code points; never counts past {@code 2 * max} units. */
  static boolean fits(String value, int max) {
    int units = value.length();
    // A code point is one or two UTF-16 units: decide the common cases without counting.
    return units <= max || (units <= 2 * max && value.codePointCount(0, units) <= max);
  }

  /**
   * Throws the name rule's {@link InvalidTokenRequestException} unless {@code name} is a name: not
   * blank, at most {@value #MAX_LENGTH} code points, one line of text ({@link #isOneLineOfText}).
   *
   * @param label how the message calls the value ({@code name}, {@code prefill name})
   */
  static void requireName(String name, String label) {
    if (name == null || name.isBlank()) {
      throw new InvalidTokenRequestException(label + " must be 1 to " + MAX_LENGTH + " characters, not blank");
    }
    if (!fits(name, MAX_LENGTH)) {
      throw new InvalidTokenRequestException(label + " must be at most " + MAX_LENGTH
          + " characters (Unicode code points)");
    }
    if (!isOneLineOfText(name)) {
      throw new InvalidTokenRequestException(label + NOT_TEXT_RULE);
    }
  }

  /**
   * The description to keep for {@code description}: null for none (null or empty), else the
   * value, which must be at most {@value #MAX_LENGTH} code points of one line of text
   * ({@link #isOneLineOfText}), as a name.
   *
   * @throws InvalidTokenRequestException if it is longer or not one line of text
   */
  static String optionalDescription(String description) {
    if (description == null || description.isEmpty()) {
      return null;
    }
    if (!fits(description, MAX_LENGTH)) {
      throw new InvalidTokenRequestException("description must be at most " + MAX_LENGTH
          + " characters (Unicode code points)");
    }
    if (!isOneLineOfText(description)) {
      throw new InvalidTokenRequestException("description" + NOT_TEXT_RULE);
    }
    return description;
  }

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
}
