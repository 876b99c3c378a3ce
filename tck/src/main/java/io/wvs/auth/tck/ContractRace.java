package io.wvs.auth.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Runs tasks on parallel threads released together, so that they really race, and returns their
 * results in task order. {@link #run} releases the tasks once; {@link #runSteps} moves the racers
 * in lock step, releasing them together again before every step, so that no racer runs ahead
 * through the steps while the others are still waking up. A task's exception fails the race with
 * that exception as the cause; a task that does not finish in time (a deadlock) fails it too.
 * Reuse one instance across rounds of a test and close it at the end.
 */
public final class ContractRace implements AutoCloseable {
  private static final long TIMEOUT_SECONDS = 60;

  private final ExecutorService pool;
  private final int threads;

  /**
   * A race of up to {@code threads} tasks at a time.
   *
   * @param threads the most tasks one race runs at once
   */
  public ContractRace(int threads) {
    this.threads = threads;
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "contract-race");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Runs {@code tasks} (at most the thread count) at once.
   *
   * @param <T> what a task returns
   * @param tasks the tasks to race
   * @return their results, in order
   * @throws InterruptedException if interrupted while waiting for the tasks
   */
  public <T> List<T> run(List<Callable<T>> tasks) throws InterruptedException {
    if (tasks.size() > threads) {
      throw new IllegalArgumentException(tasks.size() + " tasks for " + threads + " threads");
    }
    CountDownLatch ready = new CountDownLatch(tasks.size());
    CountDownLatch go = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> task : tasks) {
      futures.add(pool.submit(() -> {
        ready.countDown();
        go.await();
        return task.call();
      }));
    }
    if (!ready.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError("race threads did not start");
    }
    go.countDown();
    List<T> results = new ArrayList<>();
    Throwable failure = null;
    for (Future<T> future : futures) {
      try {
        results.add(future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      } catch (ExecutionException e) {
        // Report the racer that failed first, not those that stopped because it failed.
        if (failure == null || failure instanceof RaceAborted) {
          failure = e.getCause();
        }
      } catch (TimeoutException e) {
        throw new AssertionError(
            "a racing call did not finish within " + TIMEOUT_SECONDS + " s", e);
      }
    }
    if (failure != null) {
      throw new AssertionError("a racing call failed: " + failure, failure);
    }
    return results;
  }

  /**
   * Runs {@code racers} (at most the thread count) in lock step for {@code steps} steps: every
   * racer calls its function with step 0, then, once all have finished step 0, with step 1, and
   * so on.
   *
   * @param <T> what a racer returns per step
   * @param steps how many steps each racer takes
   * @param racers the racers, each called with the step number
   * @return each racer's results, per step
   * @throws InterruptedException if interrupted while waiting for the racers
   */
  public <T> List<List<T>> runSteps(int steps, List<IntFunction<T>> racers)
      throws InterruptedException {
    StepGate gate = new StepGate(racers.size());
    List<Callable<List<T>>> tasks = new ArrayList<>();
    for (IntFunction<T> racer : racers) {
      tasks.add(() -> {
        List<T> results = new ArrayList<>(steps);
        try {
          for (int step = 0; step < steps; step++) {
            gate.await();
            results.add(racer.apply(step));
          }
        } catch (RuntimeException | Error e) {
          gate.abort();
          throw e;
        }
        return results;
      });
    }
    return run(tasks);
  }

  /**
   * A reusable barrier that waits by yielding rather than parking: parked threads wake up one by
   * one, tens of microseconds apart, which would let the first one finish a fast step alone. When
   * a step is slow, it falls back to short parks.
   */
  private static final class StepGate {
    private static final int YIELDS_BEFORE_PARKING = 2_000;

    private final int parties;
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile int generation;
    private volatile boolean aborted;

    StepGate(int parties) {
      this.parties = parties;
    }

    void await() {
      int current = generation;
      if (waiting.incrementAndGet() == parties) {
        waiting.set(0);
        generation = current + 1;
        return;
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
      for (int spins = 0; generation == current; spins++) {
        if (aborted) {
          throw new RaceAborted();
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("racers did not reach the next step in time");
        }
        if (spins < YIELDS_BEFORE_PARKING) {
          Thread.yield();
        } else {
          // A slow store (a database round trip per call): stop taking CPU from it.
          LockSupport.parkNanos(50_000);
        }
      }
    }

    void abort() {
      aborted = true;
    }
  }

  /** Thrown in the racers still waiting when another racer failed. */
  private static final class RaceAborted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RaceAborted() {
      super("another racer failed", null, false, false);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
