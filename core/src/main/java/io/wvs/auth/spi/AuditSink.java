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

  /**
   * Called as an authentication (or an introspection) begins, on the thread that runs it: the
   * library then records that authentication's {@link AuditEvent.Type#USED} or
   * {@link AuditEvent.Type#AUTHENTICATION_FAILED} event through the sink returned, once, on the
   * same thread. A sink that measures how long authentications take starts its timer here and
   * stops it when the returned sink records the event. The default returns this sink: nothing is
   * measured and nothing is allocated. Keep it fast; an exception is logged and the event then
   * goes to this sink.
   *
   * @return the sink that records this authentication's event
   * @since 0.1
   */
  default AuditSink startAuthentication() {
    return this;
  }
}
