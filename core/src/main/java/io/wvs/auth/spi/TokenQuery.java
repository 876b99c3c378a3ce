package io.wvs.auth.spi;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.TokenType;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which tokens {@link TokenStore#find(TokenQuery)} returns: those of the given types, optionally
 * restricted to one user and/or one resource. Revoked and expired tokens are included.
 *
 * @param userId only tokens of this user (or bot user), or null for any
 * @param resource only tokens of this project or group, or null for any
 * @param types the token types wanted, non-empty
 * @since 0.1
 */
public record TokenQuery(Long userId, ResourceRef resource, Set<TokenType> types) {
  /**
   * Checks that {@code types} is given and copies it.
   *
   * @param userId only tokens of this user (or bot user), or null for any
   * @param resource only tokens of this project or group, or null for any
   * @param types the token types wanted, non-empty
   * @throws IllegalArgumentException if {@code types} is null or empty
   */
  public TokenQuery {
    if (types == null || types.isEmpty()) {
      throw new IllegalArgumentException("types must not be empty");
    }
    types = Collections.unmodifiableSet(EnumSet.copyOf(types));
  }

  /**
   * Tokens of {@code userId} of the given types.
   *
   * @param userId the user or bot user
   * @param first a token type
   * @param more further token types
   * @return the query
   */
  public static TokenQuery ofUser(long userId, TokenType first, TokenType... more) {
    return new TokenQuery(userId, null, EnumSet.of(first, more));
  }

  /**
   * Tokens of {@code resource} of the given types.
   *
   * @param resource the project or group
   * @param first a token type
   * @param more further token types
   * @return the query
   */
  public static TokenQuery ofResource(ResourceRef resource, TokenType first, TokenType... more) {
    return new TokenQuery(null, resource, EnumSet.of(first, more));
  }

  /**
   * Every token of the given types.
   *
   * @param first a token type
   * @param more further token types
   * @return the query
   */
  public static TokenQuery ofTypes(TokenType first, TokenType... more) {
    return new TokenQuery(null, null, EnumSet.of(first, more));
  }

  /**
   * Whether {@code record} matches this query.
   *
   * @param record a stored token
   * @return true if {@code record} matches this query
   */
  public boolean matches(TokenRecord record) {
    return types.contains(record.type())
        && (userId == null || userId.equals(record.userId()))
        && (resource == null || resource.equals(record.resource()));
  }
}
