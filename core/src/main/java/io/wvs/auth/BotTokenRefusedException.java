package io.wvs.auth;

/**
 * A personal or impersonation token was asked for a bot user (the user of a project or group access
 * token). A bot acts only through its project's or group's access tokens, so nobody, administrators
 * included, creates or rotates personal or impersonation tokens for it. Nothing was changed.
 *
 * @since 0.1
 */
public final class BotTokenRefusedException extends PermissionDeniedException {
  private static final long serialVersionUID = 1L;

  /**
   * A refusal for the bot user {@code username}.
   *
   * @param what the kind of token refused, e.g. {@code personal access tokens}
   * @param username the bot's username
   */
  public BotTokenRefusedException(String what, String username) {
    super("user " + username + " is a bot: bots get no " + what
        + "; use an access token of its project or group instead");
  }
}
