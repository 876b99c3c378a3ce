package io.wvs.auth.servlet;

/**
 * A credential found in a request: the resolution of a request that presents exactly one.
 * {@link #toString()} masks the value.
 *
 * @param value the presented token or password, exactly as received
 * @param source where it was found (decides the challenge sent back on failure)
 * @param username the basic-auth username, or null
 */
record Credential(String value, Source source, String username) implements CredentialResolver.Resolution {
  /** Where a credential was found. */
  enum Source {
    PRIVATE_TOKEN_HEADER,
    BEARER,
    PRIVATE_TOKEN_PARAMETER,
    DEPLOY_TOKEN_HEADER,
    BASIC
  }

  @Override
  public String toString() {
    return "Credential{source=" + source + (username == null ? "" : ", username=" + username)
        + ", value=[masked]}";
  }
}
