package io.wvs.auth;

import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What deploy token to create: a name, at least one deploy scope, an optional expiry date,
 * an optional custom username and an optional description. Immutable.
 *
 * @param name display name, under the rules of {@link TokenSpec#name()};
 *     {@value DeployTokenService#CI_TOKEN_NAME} makes it the project's CI token
 * @param scopes among {@code read_repository, read_registry, write_registry, read_package_registry,
 *     write_package_registry}, at least one
 * @param expiresOn the date from whose 00:00 UTC the token stops working, or null for never
 * @param username a custom username ({@code [A-Za-z0-9.+_-]}, up to 255), or null for
 *     {@code wvs+deploy-token-<id>}
 * @param description what the token is for, or null for none, under the rules of
 *     {@link TokenSpec#description()}
 * @since 0.1
 */
public record DeployTokenSpec(String name, Set<Scope> scopes, LocalDate expiresOn, String username,
    String description) {
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9.+_-]+");

  /**
   * Checks the name, scopes, username and description.
   *
   * @param name display name, under the rules of {@link TokenSpec#name()}
   * @param scopes deploy scopes, at least one
   * @param expiresOn the date from whose 00:00 UTC the token stops working, or null for never
   * @param username a custom username, or null for the default
   * @param description what the token is for, or null (or empty) for none, under the rules of
   *     {@link TokenSpec#description()}
   * @throws InvalidTokenRequestException if one of them is not allowed (the message says which)
   */
  public DeployTokenSpec {
    NameRules.requireName(name, "name");
    description = NameRules.optionalDescription(description);
    if (scopes == null || scopes.isEmpty()) {
      throw InvalidScopeException.notAllowed("a deploy token needs at least one scope",
          TokenType.DEPLOY.allowedScopes());
    }
    if (username != null
        && (!NameRules.fits(username, NameRules.MAX_LENGTH) || !USERNAME.matcher(username).matches())) {
      throw new InvalidTokenRequestException(
          "a deploy token username may only use letters, digits, '.', '+', '_' and '-', up to 255 characters");
    }
    scopes = Collections.unmodifiableSet(EnumSet.copyOf(scopes));
  }

  /**
   * A spec without a description.
   *
   * @param name display name, under the rules of {@link TokenSpec#name()}
   * @param scopes deploy scopes, at least one
   * @param expiresOn the date from whose 00:00 UTC the token stops working, or null for never
   * @param username a custom username, or null for the default
   * @throws InvalidTokenRequestException if one of them is not allowed (the message says which)
   */
  public DeployTokenSpec(String name, Set<Scope> scopes, LocalDate expiresOn, String username) {
    this(name, scopes, expiresOn, username, null);
  }

  /**
   * A spec with {@code scopes}, no expiry and the default username.
   *
   * @param first a scope the token holds
   * @param more further scopes
   * @param name the token's name, 1 to 255 characters of one line of text
   * @return a spec with {@code scopes}, no expiry and the default username
   */
  public static DeployTokenSpec of(String name, Scope first, Scope... more) {
    return new DeployTokenSpec(name, EnumSet.of(first, more), null, null, null);
  }

  /**
   * This spec expiring on {@code date}.
   *
   * @param date the date from whose 00:00 UTC the token stops working
   * @return this spec expiring on {@code date}
   */
  public DeployTokenSpec expiringOn(LocalDate date) {
    return new DeployTokenSpec(name, scopes, date, username, description);
  }

  /**
   * This spec with a custom username.
   *
   * @param customUsername the deploy token's username, or null for the default {@code
   *     wvs+deploy-token-<id>}
   * @return this spec with a custom username
   */
  public DeployTokenSpec withUsername(String customUsername) {
    return new DeployTokenSpec(name, scopes, expiresOn, customUsername, description);
  }

  /**
   * This spec with description {@code text}.
   *
   * @param text what the token is for, up to 255 characters of one line of text; null or empty
   *     for none
   * @return this spec with description {@code text}
   * @throws InvalidTokenRequestException if {@code text} breaks the description rule
   */
  public DeployTokenSpec withDescription(String text) {
    return new DeployTokenSpec(name, scopes, expiresOn, username, text);
  }
}
