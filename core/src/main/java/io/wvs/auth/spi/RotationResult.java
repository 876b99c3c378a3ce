package io.wvs.auth.spi;

/**
 * What {@link TokenStore#rotate} did.
 *
 * @param outcome what happened
 * @param successor the new token when {@code outcome} is {@link Outcome#ROTATED}, else null
 * @since 0.1
 */
public record RotationResult(Outcome outcome, TokenRecord successor) {
  /** The possible outcomes of a rotation. */
  public enum Outcome {
    /** The predecessor was active; it is now revoked and the successor inserted. */
    ROTATED,
    /** The predecessor was already revoked; every active token of its family is now revoked. */
    REUSE_DETECTED,
    /** No token with that id exists. */
    NOT_FOUND
  }

  /**
   * A rotation that inserted {@code successor}.
   *
   * @param successor the new token
   * @return a {@link Outcome#ROTATED} result
   */
  public static RotationResult rotated(TokenRecord successor) {
    return new RotationResult(Outcome.ROTATED, successor);
  }

  /** {@return a {@link Outcome#REUSE_DETECTED} result} */
  public static RotationResult reuseDetected() {
    return new RotationResult(Outcome.REUSE_DETECTED, null);
  }

  /** {@return a {@link Outcome#NOT_FOUND} result} */
  public static RotationResult notFound() {
    return new RotationResult(Outcome.NOT_FOUND, null);
  }
}
