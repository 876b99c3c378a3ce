package io.wvs.auth;

/**
 * Where a token is presented. Each channel has its own rules about which token types it accepts.
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
  PACKAGE_REGISTRY;

  /** {@return whether deploy tokens may be used on this channel} */
  public boolean acceptsDeployTokens() {
    return this != API;
  }
}
