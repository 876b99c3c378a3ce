package io.wvs.auth.web.view;

/**
 * One token in a table; texts already formatted.
 *
 * @param id the token's id
 * @param name its name
 * @param description what it is for, or empty
 * @param scopes its scopes, comma-separated
 * @param created when it was created
 * @param lastUsed when it was last used, or "Never"
 * @param expires its expiry date, or "Never"
 * @param state "Revoked" or "Expired" for an inactive token, empty for an active one
 * @param bot a project or group token's bot username, else empty
 * @param role a project or group token's role, else empty
 * @param username a deploy token's username, else empty
 * @param revokePath where its Revoke form posts
 */
public record Row(long id, String name, String description, String scopes, String created, String lastUsed,
    String expires, String state, String bot, String role, String username, String revokePath) {}
