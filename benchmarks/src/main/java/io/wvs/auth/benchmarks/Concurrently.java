package io.wvs.auth.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs a self-check's operation on several threads at once, as a multi-threaded benchmark does. */
final class Concurrently {
  private Concurrently() {}

  /**
   * Runs {@code operation} {@code times} times on each of {@code threads} threads, all started
   * together; rethrows the first failure as an {@link IllegalStateException} naming {@code what}.
   */
  static void run(String what, int threads, int times, Operation operation) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < times; i++) {
            operation.run();
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + ": interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + ": " + e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** One operation of a self-check; throws when it did not do what it should. */
  @FunctionalInterface
  interface Operation {
    void run() throws Exception;
  }
}
