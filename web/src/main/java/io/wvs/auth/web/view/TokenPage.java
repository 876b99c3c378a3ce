package io.wvs.auth.web.view;

import java.util.List;

/**
 * A token page: its create form, the token just created (once), and the active and inactive
 * tokens.
 *
 * @param chrome the frame
 * @param title the page's h1 and title
 * @param profileNav whether the profile's side navigation shows (the user's own settings)
 * @param section the h2 above the form ("Deploy tokens" on the repository settings), or empty
 * @param kind what the tokens are called, e.g. "personal access token"
 * @param intro one sentence under the heading
 * @param action where the form posts (the page's own path)
 * @param form the form's fields
 * @param shown the token created by the last post, shown once; null otherwise
 * @param active the active tokens
 * @param inactive the revoked and expired tokens
 * @param columns which optional columns the tables have
 */
public record TokenPage(Chrome chrome, String title, boolean profileNav, String section, String kind, String intro,
    String action, Form form, Shown shown, List<Row> active, List<Row> inactive, Columns columns) {
  /** Copies the lists. */
  public TokenPage {
    active = List.copyOf(active);
    inactive = List.copyOf(inactive);
  }

  /**
   * The create form.
   *
   * @param name the name field's value
   * @param expires the expiry field's value (yyyy-MM-dd), or empty
   * @param expiresMin the earliest expiry date
   * @param expiresMax the latest expiry date, or null for no limit
   * @param expiryHint the text under the expiry field
   * @param scopes one checkbox per scope
   * @param roles the roles to pick from (project and group tokens), else empty
   * @param askUsername whether the form has a username field (deploy tokens)
   * @param username the username field's value
   * @param askDescription whether the form has a description field
   * @param description the description field's value
   * @param note a visible note (unknown prefill scopes), or empty
   * @param error the refusal of the last post, or empty
   */
  public record Form(String name, String expires, String expiresMin, String expiresMax,
      String expiryHint, List<ScopeOption> scopes, List<RoleOption> roles, boolean askUsername,
      String username, boolean askDescription, String description, String note, String error) {
    /** Copies the lists. */
    public Form {
      scopes = List.copyOf(scopes);
      roles = List.copyOf(roles);
    }
  }

  /**
   * The optional columns.
   *
   * @param lastUsed the Last used column (user and access tokens)
   * @param bot the bot user and role columns (project and group access tokens)
   * @param username the username column (deploy tokens)
   * @param description the description column (user and access tokens)
   */
  public record Columns(boolean lastUsed, boolean bot, boolean username, boolean description) {}
}
