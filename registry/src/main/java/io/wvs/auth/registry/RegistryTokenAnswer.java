package io.wvs.auth.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What {@link RegistryTokenService#issue} answers: an {@link Issued} token or a {@link Refused} request.
 *
 * @since 0.1
 */
public sealed interface RegistryTokenAnswer permits RegistryTokenAnswer.Issued, RegistryTokenAnswer.Refused {
  /** Why a request was refused, with the registry's error code and HTTP status. */
  enum Code {
    /** 400: a malformed scope or another service. */
    INVALID_REQUEST(400),
    /** 401: no credential, or one that is no active token. */
    UNAUTHORIZED(401),
    /** 403: an active token without any registry scope. */
    DENIED(403),
    /** 503: the store or directory could not answer, or signing failed. */
    UNAVAILABLE(503);

    private final int status;

    Code(int status) {
      this.status = status;
    }

    /** {@return the HTTP status of this refusal} */
    public int status() {
      return status;
    }
  }

  /**
   * An issued token.
   *
   * @param token the signed JWT (compact serialization)
   * @param expiresIn how long it is valid from {@code issuedAt}
   * @param issuedAt when it was issued, by the instance's clock
   * @param access what it grants, one entry per repository asked
   */
  record Issued(String token, Duration expiresIn, Instant issuedAt, List<RegistryAccess> access)
      implements RegistryTokenAnswer {
    /**
     * Copies {@code access}, so the value is immutable.
     *
     * @param token the signed JWT
     * @param expiresIn how long it is valid
     * @param issuedAt when it was issued
     * @param access what it grants
     */
    public Issued {
      Objects.requireNonNull(token, "token");
      access = List.copyOf(access);
    }

    @Override
    public String toString() {
      return "Issued{token=[masked], expiresIn=" + expiresIn + ", issuedAt=" + issuedAt
          + ", access=" + access + "}";
    }
  }

  /**
   * A refused request.
   *
   * @param code the registry's error code and HTTP status
   * @param message a message safe to return (it never holds the credential)
   */
  record Refused(Code code, String message) implements RegistryTokenAnswer {
    /**
     * Checks that both are given.
     *
     * @param code the error code
     * @param message the message
     */
    public Refused {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }

    static Refused of(Code code, String message) {
      return new Refused(code, message);
    }
  }
}
