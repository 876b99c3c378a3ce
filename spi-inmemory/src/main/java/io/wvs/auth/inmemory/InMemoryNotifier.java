package io.wvs.auth.inmemory;

import io.wvs.auth.spi.ExpiryNotice;
import io.wvs.auth.spi.Notifier;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A {@link Notifier} that keeps every delivered notice in memory. Thread-safe.
 *
 * @since 0.1
 */
public final class InMemoryNotifier implements Notifier {
  private final ConcurrentLinkedQueue<ExpiryNotice> sent = new ConcurrentLinkedQueue<>();

  @Override
  public void send(ExpiryNotice notice) {
    sent.add(notice);
  }

  /** {@return a snapshot of the notices delivered so far, in order} */
  public List<ExpiryNotice> sent() {
    return List.copyOf(sent);
  }
}
