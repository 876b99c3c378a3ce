package io.wvs.auth.web.view;

/**
 * A token just created, shown this once.
 *
 * @param name its name
 * @param value the token itself
 * @param username a deploy token's username, else empty
 */
public record Shown(String name, String value, String username) {
  @Override
  public String toString() {
    return "Shown{name=" + name + ", value=[masked], username=" + username + "}";
  }
}
