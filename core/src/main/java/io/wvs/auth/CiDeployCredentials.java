package io.wvs.auth;

import java.util.Map;

/**
 * The CI/CD variables a project's jobs get from its {@code wvs-deploy-token}:
 * {@code CI_DEPLOY_USER} and {@code CI_DEPLOY_PASSWORD}. {@link #toString()} masks the password.
 *
 * @param user the deploy token's username
 * @param password the deploy token itself
 * @since 0.1
 */
public record CiDeployCredentials(String user, String password) {
  /** {@return the variables by name} */
  public Map<String, String> asVariables() {
    return Map.of("CI_DEPLOY_USER", user, "CI_DEPLOY_PASSWORD", password);
  }

  @Override
  public String toString() {
    return "CiDeployCredentials{user=" + user + ", password=[masked]}";
  }
}
