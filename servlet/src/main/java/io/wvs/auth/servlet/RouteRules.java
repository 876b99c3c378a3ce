package io.wvs.auth.servlet;

import io.wvs.auth.Channel;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.WvsAuth;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
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
   * @param request the request, as the container received it
   * @return the rule, or null
   * @throws io.wvs.auth.StoreUnavailableException if the directory could not answer (the filter
   *     answers 503)
   */
  AccessRule ruleFor(HttpServletRequest request);

  /**
   * The platform's routes, resolving projects and groups through {@code auth}'s
   * {@linkplain WvsAuth#resourceDirectory() resource directory}:
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
   *   <li>the container-registry token service, {@code /jwt/auth}:
   *       {@link io.wvs.auth.Channel#CONTAINER_REGISTRY}, {@code read_registry} or
   *       {@code write_registry} (which {@code api} and {@code read_api} imply), no resource (the
   *       service decides per repository); refusals in the registry's error JSON;
   *   <li>anything else: no rule.
   * </ul>
   *
   * <p>Hostile paths (dot segments, encoded slashes outside the {@code :id} segment, backslashes,
   * path parameters, bad escapes, more than 2048 characters) get no rule, so their credentials
   * are ignored. Thread-safe.
   *
   * @param auth the token system the filter authenticates with
   * @return the standard rules
   */
  static RouteRules standard(WvsAuth auth) {
    return new StandardRouteRules(Objects.requireNonNull(auth, "auth").resourceDirectory());
  }

  /**
   * These rules, then {@code next} for the routes these leave alone (null). With
   * {@code RouteRules.standard(auth).orElse(hostRules)} the platform's routes keep their
   * rules whatever the host's rules say, and the host's rules guard the rest.
   *
   * @param next the rules asked when these return null
   * @return the combined rules
   */
  default RouteRules orElse(RouteRules next) {
    return first(this, next);
  }

  /**
   * Rules asked in order: the first that returns a rule decides; null when none does. With
   * {@code RouteRules.first(hostRules, RouteRules.standard(auth))} the host's rules win where
   * they return one, even on the platform's routes.
   *
   * @param rules the rules, in order
   * @return the combined rules
   */
  static RouteRules first(RouteRules... rules) {
    List<RouteRules> ordered = List.of(rules);
    return request -> {
      for (RouteRules r : ordered) {
        AccessRule rule = r.ruleFor(request);
        if (rule != null) {
          return rule;
        }
      }
      return null;
    };
  }

  /**
   * The host's own API routes: {@code prefix} (e.g. {@code "/app"}) and every path below it get
   * {@link Channel#API} with {@link ScopeRequirement#forApiMethod(String)} ({@code read_api} for
   * GET and HEAD, else {@code api}) and no resource. Hostile paths (as for
   * {@link #standard(WvsAuth)}) and encoded slashes get no rule.
   *
   * @param prefix an absolute path of plain segments, without a trailing slash, e.g. {@code "/app"}
   * @return rules for the routes under {@code prefix}
   * @throws IllegalArgumentException if {@code prefix} is not such a path
   */
  static RouteRules apiRoutesUnder(String prefix) {
    List<String> segments = RequestPath.parse(Objects.requireNonNull(prefix, "prefix"))
        .filter(p -> !prefix.endsWith("/") && !prefix.contains("%") && p.size() > 0)
        .map(RequestPath::segments)
        .orElseThrow(() -> new IllegalArgumentException("not a plain absolute path: " + prefix));
    return request -> RequestPath.of(request)
        .filter(p -> !p.hasEncodedSlashOutside(-1) && p.size() >= segments.size()
            && p.segments().subList(0, segments.size()).equals(segments))
        .map(p -> new AccessRule(Channel.API, ScopeRequirement.forApiMethod(request.getMethod()), null))
        .orElse(null);
  }
}
