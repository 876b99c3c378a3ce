package io.wvs.auth.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * Who is signed in, as the host knows it (its own session, Spring Security's context, ...). The
 * pages ask it on every request and never sign anybody in themselves. Implementations must be
 * thread-safe.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface SignedInUser {
  /**
   * The id of the user signed in on this request, as the host's {@link io.wvs.auth.spi.UserDirectory}
   * knows it.
   *
   * @param request the request
   * @return the user's id, or empty when nobody is signed in (the pages then redirect to the
   *     sign-in path)
   */
  Optional<Long> userId(HttpServletRequest request);
}
