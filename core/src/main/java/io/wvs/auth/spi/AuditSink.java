package io.wvs.auth.spi;

/**
 * Receives audit events: token created, revoked, rotated, used, authentication failed. Called
 * synchronously on the caller's thread, so implementations should be fast and must not throw
 * (an exception is logged and otherwise ignored).
 *
 * @since 0.1
 */
@FunctionalInterface
public interface AuditSink {
  /** A sink that discards every event. */
  AuditSink NONE = event -> { };

  /**
   * Records {@code event}. Called on the request path, so keep it fast; an exception is logged and ignored.
   *
   * @param event what happened; never holds a raw token
   */
  void record(AuditEvent event);
}
