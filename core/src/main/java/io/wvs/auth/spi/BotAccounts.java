package io.wvs.auth.spi;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;

/**
 * Creates and deletes the bot users that project and group access tokens act as. Optional
 * ({@code WvsAuth.builder().botAccounts(...)}, which needs a {@link ResourceDirectory} too):
 * without it, creating a project or group access token fails with
 * {@link io.wvs.auth.MissingCapabilityException}. Implementations must be thread-safe. The library
 * wraps it once: any failure (a runtime exception that is none of the library's own, or a null
 * answer) becomes an {@link io.wvs.auth.StoreUnavailableException}.
 *
 * @since 0.1
 */
public interface BotAccounts {

  /**
   * Creates a bot user for a project or group access token and makes it a member of
   * {@code resource} with {@code role}, in one step: either both exist afterwards or neither.
   * A bot belongs to that resource only and takes no licensed seat.
   *
   * @param resource the project or group the bot is made a member of
   * @param username the username the library chose ({@code project_<id>_bot…})
   * @param name the display name (the token's name)
   * @param role the bot's role in {@code resource}
   * @return the new bot user, with {@link User#bot()} set
   * @throws io.wvs.auth.TokenConflictException if {@code username} is taken (the library then
   *     tries the next name)
   */
  User createBot(ResourceRef resource, String username, String name, Role role);

  /**
   * Deletes a bot user and its membership, moving every record it owns to the system-wide
   * "Ghost User". Idempotent.
   *
   * @param botUserId the bot user's id
   */
  void deleteBot(long botUserId);
}
