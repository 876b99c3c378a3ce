package io.wvs.auth.servlet;

import io.wvs.auth.spi.UserDirectory;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;

/**
 * Decides what each request needs from its credential. {@link WvsAuthFilter} asks it only when a
 * request carries a credential. Implementations must be thread-safe and cheap; they may consult the
 * host's directory (a failure there surfaces as a 503, never as an unchecked pass).
 *
 * <p>Returning null means the filter does not guard the route: the request passes on untouched and
 * its credential is ignored (the host sees an anonymous request).
 *
 * @since 0.1
 */
@FunctionalInterface
public interface RouteRules {

  /**
   * The rule for {@code request}, or null when the filter should leave the request alone.
   *
   * @throws io.wvs.auth.StoreUnavailableException if the directory could not answer (the filter
   *     answers 503)
   */
  AccessRule ruleFor(HttpServletRequest request);

  /**
   * The platform's routes, resolving projects and groups through {@code directory}:
   *
   * <ul>
   *   <li>{@code /api/v4/**}: {@link io.wvs.auth.Channel#API}, {@code read_api} for GET and HEAD,
   *       else {@code api}; GET and HEAD on {@code /api/v4/user}, {@code /api/v4/user/**} and
   *       {@code /api/v4/users/**} need {@code read_user} (which {@code api} and
   *       {@code read_api} imply). The resource is taken from {@code /api/v4/projects/:id/…} and
   *       {@code /api/v4/groups/:id/…}, {@code :id} being a numeric id or a URL-encoded full
   *       path ({@code acme%2Fplatform%2Fapi});
   *   <li>{@code /api/v4/projects/:id/packages/**}, {@code /api/v4/groups/:id/-/packages/**} and
   *       {@code /api/v4/packages/**}: {@link io.wvs.auth.Channel#PACKAGE_REGISTRY},
   *       {@code read_package_registry} for GET and HEAD, else {@code write_package_registry};
   *   <li>git over HTTP, {@code /<full path>.git/…}: {@link io.wvs.auth.Channel#GIT_HTTP} on the
   *       project with that full path; {@code info/refs?service=git-upload-pack},
   *       {@code git-upload-pack}, the LFS batch API {@code info/lfs/objects/batch} and other reads
   *       need {@code read_repository}; {@code info/refs?service=git-receive-pack},
   *       {@code git-receive-pack}, LFS object uploads (PUT), LFS locks and other writes need
   *       {@code write_repository};
   *   <li>anything else: no rule.
   * </ul>
   *
   * <p>Hostile paths (dot segments, encoded slashes outside the {@code :id} segment, backslashes,
   * path parameters, bad escapes, more than 2048 characters) get no rule, so their credentials
   * are ignored. Thread-safe.
   */
  static RouteRules standard(UserDirectory directory) {
    return new StandardRouteRules(Objects.requireNonNull(directory, "directory"));
  }
}
