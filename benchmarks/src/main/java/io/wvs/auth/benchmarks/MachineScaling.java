package io.wvs.auth.benchmarks;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.TokenAuthenticator;
import io.wvs.auth.spi.TokenRecord;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.crypto.Mac;

/**
 * What two threads get on this machine, now: the raw floor of {@link InMemoryAuthBenchmark}
 * (HMAC-SHA256 and a map read, each thread with its own {@link Mac} and map, nothing shared) and a
 * valid authentication (one authenticator and store shared, as in
 * {@code authenticate_valid_2_threads}), each in alternating one-second windows of one thread and
 * of two. A cross-check of {@code authenticate_valid_2_threads_vs_1}: two virtual CPUs are not
 * always two cores' worth of work (two hyperthreads of one core, or a busy neighbour), and then
 * the raw primitive does not scale either. The paired windows see the same machine; two JMH forks
 * a minute apart may not. A plain {@code main}, not part of the run.
 */
public final class MachineScaling {
  private static final int PAIRS = 6;
  private static final long WINDOW_NANOS = 1_000_000_000L;

  private MachineScaling() {}

  /**
   * Warms up, then prints one {@code SCALING} line per operation: the median, lowest and highest
   * ratio of two threads' throughput to one thread's over {@value #PAIRS} paired windows.
   *
   * @param args none
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    InMemoryFixture f = InMemoryFixture.create();
    TokenAuthenticator authenticator = f.auth.authenticator();
    AuthRequest valid = f.validRequest();
    if (!authenticator.authenticate(valid).isSuccess()) {
      throw new IllegalStateException("the fixture token does not authenticate");
    }
    Map<String, TokenRecord> byDigest = new ConcurrentHashMap<>();
    byDigest.put(InMemoryFixture.floorKey(InMemoryFixture.newMac(), f.token), f.record);
    Operation floor = () -> {
      Mac mac = InMemoryFixture.newMac(); // per thread: nothing shared
      Map<String, TokenRecord> own = new ConcurrentHashMap<>(byDigest);
      return () -> own.get(InMemoryFixture.floorKey(mac, f.token));
    };
    Operation authenticate = () -> () -> authenticator.authenticate(valid);
    for (int w = 0; w < 3; w++) {
      ratio(floor);
      ratio(authenticate);
    }
    print("floor", floor);
    print("authenticate_valid", authenticate);
  }

  private static void print(String name, Operation op) throws InterruptedException {
    double[] ratios = new double[PAIRS];
    for (int i = 0; i < PAIRS; i++) {
      ratios[i] = ratio(op);
    }
    Arrays.sort(ratios);
    System.out.printf(Locale.ROOT, "SCALING %s 2_threads_vs_1 %.2f (median of %d paired windows;"
        + " lowest %.2f, highest %.2f)%n", name, (ratios[PAIRS / 2 - 1] + ratios[PAIRS / 2]) / 2,
        PAIRS, ratios[0], ratios[PAIRS - 1]);
  }

  /** One window of one thread, one of two threads: the second's throughput over the first's. */
  private static double ratio(Operation op) throws InterruptedException {
    double one = window(op, 1);
    double two = window(op, 2);
    return two / one;
  }

  /** Operations per second of {@code threads} threads running {@code op} for one window. */
  private static double window(Operation op, int threads) throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    long[] counts = new long[threads];
    Thread[] running = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int index = t;
      Supplier<Object> step = op.forThread();
      running[t] = new Thread(() -> {
        // Each thread keeps what it got to itself until the window ends: a field written by both
        // threads on every operation would bounce its cache line between the cores and measure
        // that instead.
        long n = 0;
        long nulls = 0;
        while (!stop.get()) {
          if (step.get() == null) {
            nulls++;
          }
          n++;
        }
        counts[index] = n;
        if (nulls > 0) {
          throw new IllegalStateException(nulls + " operations returned nothing");
        }
      });
    }
    long start = System.nanoTime();
    for (Thread t : running) {
      t.start();
    }
    Thread.sleep(WINDOW_NANOS / 1_000_000);
    stop.set(true);
    for (Thread t : running) {
      t.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return Arrays.stream(counts).sum() / seconds;
  }

  /** Makes, for each thread of a window, the step it repeats. */
  @FunctionalInterface
  private interface Operation {
    Supplier<Object> forThread();
  }
}
