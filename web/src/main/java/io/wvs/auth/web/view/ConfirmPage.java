package io.wvs.auth.web.view;

/**
 * "Revoke &lt;name&gt;?": the confirmation a Revoke button leads to, usable without JavaScript.
 *
 * @param chrome the frame
 * @param kind what the token is called, e.g. "personal access token"
 * @param name the token's name
 * @param action where the confirm button posts
 * @param cancelPath the page to go back to
 */
public record ConfirmPage(Chrome chrome, String kind, String name, String action, String cancelPath) {}
