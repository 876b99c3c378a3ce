package io.wvs.auth.demo;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Hands items from request threads to one writer thread through a bounded queue: a request thread
 * only {@linkplain #offer offers} (no formatting, no I/O, never blocks); when the queue is full the
 * item is dropped and counted, and the writer reports the count as one WARN line. So a burst of
 * requests costs memory up to the bound and no request ever waits for the log.
 *
 * <p>{@link #start()} starts the writer (a daemon thread); {@link #close()} stops taking items,
 * writes what is queued (for at most {@value #CLOSE_WAIT_MS} ms) and stops it. Before
 * {@code start()} and after {@code close()}, an offered item is written on the caller's thread.
 *
 * @param <T> what is queued (an immutable value: it is read on another thread)
 */
final class BoundedWriter<T> implements AutoCloseable {
  static final long CLOSE_WAIT_MS = 2_000;
  private static final long POLL_MS = 200;

  private final String name;
  private final BlockingQueue<T> queue;
  private final Consumer<T> write;
  private final Logger log;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong droppedTotal = new AtomicLong();
  private volatile Thread writer;
  private volatile boolean running;

  /**
   * @param name the writer thread's name
   * @param capacity the most items waiting at once
   * @param write writes one item (on the writer thread); a throw is logged and the writer goes on
   * @param log where drops and write failures are reported
   */
  BoundedWriter(String name, int capacity, Consumer<T> write, Logger log) {
    this.name = name;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.write = write;
    this.log = log;
  }

  /** Starts the writer thread; a second call does nothing. */
  synchronized void start() {
    if (writer != null) {
      return;
    }
    running = true;
    Thread t = new Thread(this::drain, name);
    t.setDaemon(true);
    writer = t;
    t.start();
  }

  /** Queues {@code item} for the writer, or drops and counts it when the queue is full. */
  void offer(T item) {
    if (!running) {
      writeSafely(item); // not started, or closed: written here, as before the writer existed
      return;
    }
    if (!queue.offer(item)) {
      dropped.incrementAndGet();
      droppedTotal.incrementAndGet();
    }
  }

  /** {@return how many items were dropped because the queue was full, since start} */
  long droppedTotal() {
    return droppedTotal.get();
  }

  private void drain() {
    try {
      while (running || !queue.isEmpty()) {
        T item = queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
        if (item != null) {
          writeSafely(item);
        }
        reportDrops();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    reportDrops();
  }

  private void reportDrops() {
    long n = dropped.getAndSet(0);
    if (n > 0) {
      log.warn("{}: {} lines dropped, the log could not keep up", name, n);
    }
  }

  private void writeSafely(T item) {
    try {
      write.accept(item);
    } catch (RuntimeException e) {
      log.warn("{}: a line could not be written: {}", name, e.toString());
    }
  }

  /** Stops taking items, writes what is queued (bounded wait) and stops the writer. */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      t = writer;
      running = false;
    }
    if (t == null) {
      return;
    }
    try {
      t.join(CLOSE_WAIT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (T item = queue.poll(); item != null; item = queue.poll()) {
      writeSafely(item); // offered while closing
    }
  }
}
