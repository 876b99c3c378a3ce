package io.wvs.auth.web;

import io.wvs.auth.spi.User;
import java.util.List;
import java.util.Objects;

/**
 * The host's links in the pages' top bar (its projects and groups, its admin area, ...).
 * Implementations must be thread-safe.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Navigation {
  /** No links. */
  Navigation NONE = user -> List.of();

  /**
   * The links to show to {@code user}, in order.
   *
   * @param user the signed-in user
   * @return the links; the pages escape label and address
   */
  List<Link> linksFor(User user);

  /**
   * One link of the top bar.
   *
   * @param label the text shown
   * @param href where it leads, e.g. {@code /acme/website/-/settings/access_tokens}
   */
  record Link(String label, String href) {
    /**
     * Checks that both are given.
     *
     * @param label the text shown
     * @param href where it leads
     * @throws NullPointerException if either is null
     */
    public Link {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(href, "href");
    }
  }
}
