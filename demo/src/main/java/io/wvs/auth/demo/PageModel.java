package io.wvs.auth.demo;

import io.wvs.auth.web.Navigation;
import java.util.List;

/**
 * What every page of the demo's own (sign-in, home, admin users) shows in its frame.
 *
 * @param title the page title
 * @param username the signed-in user's username, or null when nobody is signed in
 * @param csrf the session's CSRF token for the page's forms ({@code authenticity_token})
 * @param links the top bar's links (the projects and groups the user maintains, the admin area)
 */
public record PageModel(String title, String username, String csrf, List<Navigation.Link> links) {
  /** Copies the links. */
  public PageModel {
    links = List.copyOf(links);
  }
}
