package io.wvs.auth;

/**
 * Where a token is presented. Which token types may be used on a channel is declared by the type:
 * {@link TokenType#usableOn(Channel)}.
 *
 * @since 0.1
 */
public enum Channel {
  /** The REST or GraphQL API. Deploy tokens are refused here. */
  API,
  /** Git over HTTP with basic authentication (LFS included). */
  GIT_HTTP,
  /** The container registry (and the dependency proxy). */
  CONTAINER_REGISTRY,
  /** Package registry endpoints. */
  PACKAGE_REGISTRY
}
