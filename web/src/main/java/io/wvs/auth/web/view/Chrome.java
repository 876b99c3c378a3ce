package io.wvs.auth.web.view;

import io.wvs.auth.web.Navigation;
import java.util.List;

/**
 * The frame of every page: the top bar (product name, the host's links, the avatar menu) and what
 * its forms need.
 *
 * @param username the signed-in user's username, or null when nobody is (error pages)
 * @param links the host's navigation links
 * @param tokensPath the personal access tokens page
 * @param signOutPath where the sign-out form posts
 * @param csrf the session's CSRF token, for the forms
 * @param assetsPath the path prefix of the stylesheet and the script
 */
public record Chrome(String username, List<Navigation.Link> links, String tokensPath,
    String signOutPath, String csrf, String assetsPath) {
  /** The product name in the top bar and the titles. */
  public static final String PRODUCT = "WVS";

  /** Copies the links. */
  public Chrome {
    links = List.copyOf(links);
  }

  /** {@return the user's initial for the avatar, upper case; empty when nobody is signed in} */
  public String initial() {
    if (username == null || username.isEmpty()) {
      return "";
    }
    return new String(Character.toChars(Character.toUpperCase(username.codePointAt(0))));
  }
}
