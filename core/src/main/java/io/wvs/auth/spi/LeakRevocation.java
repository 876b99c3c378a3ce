package io.wvs.auth.spi;

import io.wvs.auth.TokenView;
import java.util.List;
import java.util.Objects;

/**
 * A token just revoked because someone reported its value leaked, with who is to be told and what
 * it belongs to. Made by the core once per token, by the call whose revocation took effect (a
 * second report of the same value revokes nothing and makes none). Holds the token's view, never
 * its value.
 *
 * @param token the token as it now is, revoked
 * @param description what it is, e.g. "personal access token" or "project access token of
 *     acme/api"
 * @param recipients who is told: the owner of a personal or impersonation token, the maintainers
 *     (direct or inherited) of an access or deploy token's project or group; never blocked users
 *     or bots; may be empty
 * @param resources the token's project or group followed by the groups above it, nearest first;
 *     empty for a user's token (and for one whose project or group the directory no longer knows)
 * @since 0.1
 */
public record LeakRevocation(TokenView token, String description, List<User> recipients,
    List<Resource> resources) {
  /**
   * Checks that every field is given and copies the lists.
   *
   * @param token the token as it now is
   * @param description what it is
   * @param recipients who is told
   * @param resources its resource and the groups above it, nearest first
   */
  public LeakRevocation {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(description, "description");
    recipients = List.copyOf(Objects.requireNonNull(recipients, "recipients"));
    resources = List.copyOf(Objects.requireNonNull(resources, "resources"));
  }
}
