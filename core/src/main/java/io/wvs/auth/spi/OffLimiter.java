package io.wvs.auth.spi;

/** {@link FailureLimiter#off()}: allows everything, counts nothing. */
final class OffLimiter implements FailureLimiter {
  static final OffLimiter INSTANCE = new OffLimiter();

  private OffLimiter() {}

  @Override
  public Decision check(Kind kind, String clientAddress, String username) {
    return Allowed.INSTANCE;
  }

  @Override
  public Decision recordFailure(Kind kind, String clientAddress, String username) {
    return Allowed.INSTANCE;
  }

  @Override
  public String toString() {
    return "FailureLimiter.off()";
  }
}
