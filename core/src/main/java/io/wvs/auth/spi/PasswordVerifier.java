package io.wvs.auth.spi;

/**
 * Checks user passwords, for git over HTTP with basic auth. Optional
 * ({@code WvsAuth.builder().passwordVerifier(...)}): without it no password is ever accepted (every
 * password is refused alike, as a wrong one). Implementations must be thread-safe. The library
 * wraps it once: a failure (a runtime exception that is none of the library's own) makes the
 * authentication fail closed with {@link io.wvs.auth.FailureReason#STORE_UNAVAILABLE}.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface PasswordVerifier {

  /**
   * Whether {@code password} is the password of {@code username}. Compare in constant time. A
   * refusal must cost the same whatever its cause: for an unknown user, or a user without a
   * password, compute a stand-in hash with the same algorithm and parameters as a real check, so
   * the time of a refusal does not tell which usernames exist or have a password. The library
   * clears {@code password} after the call; do not keep it.
   *
   * @param username the username presented
   * @param password the password presented
   * @return true if {@code password} is the password of {@code username}
   */
  boolean verifyPassword(String username, char[] password);
}
