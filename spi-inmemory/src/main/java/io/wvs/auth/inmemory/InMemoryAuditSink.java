package io.wvs.auth.inmemory;

import io.wvs.auth.spi.AuditEvent;
import io.wvs.auth.spi.AuditSink;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An {@link AuditSink} that keeps every event in memory, in arrival order. Thread-safe.
 *
 * @since 0.1
 */
public final class InMemoryAuditSink implements AuditSink {
  private final ConcurrentLinkedQueue<AuditEvent> events = new ConcurrentLinkedQueue<>();

  @Override
  public void record(AuditEvent event) {
    events.add(event);
  }

  /** {@return a snapshot of the events recorded so far} */
  public List<AuditEvent> events() {
    return List.copyOf(events);
  }
}
