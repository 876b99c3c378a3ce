package io.wvs.auth.benchmarks;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.TokenAuthenticator;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The CPU time (not wall time) one thread spends per filter pass, per valid authentication and per
 * forged-token refusal, measured in alternating rounds in one JVM: a cross-check of
 * {@code filter_vs_authenticate} and {@code forged_reject_vs_valid} that other processes on a
 * shared machine disturb far less than JMH's throughput (they take the CPU away between rounds,
 * not inside the thread's own CPU time). The same work as {@link FilterBenchmark} and
 * {@link InMemoryAuthBenchmark}, untimed warm-up first. A plain {@code main}, not part of the run.
 */
public final class CpuTimePerPass {
  private static final int ROUNDS = 8;
  private static final int PASSES = 500_000;
  /** Forged refusals are about ten times cheaper: more of them per round. */
  private static final int FORGED_PER_PASS = 4;
  private static volatile Object sink;

  private CpuTimePerPass() {}

  /**
   * Warms up, measures {@value #ROUNDS} rounds and prints one {@code CPU_NS_PER_OP} line (medians
   * and fastest rounds) and the two ratios.
   *
   * @param args none
   * @throws Exception if a pass fails
   */
  public static void main(String[] args) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    FilterBenchmark.Exchange exchange = new FilterBenchmark.Exchange();
    exchange.setUp();
    InMemoryFixture f = InMemoryFixture.create();
    TokenAuthenticator authenticator = f.auth.authenticator();
    AuthRequest valid = f.validRequest();
    AuthRequest forged = f.forgedRequest();
    if (!"alice".equals(exchange.pass()) || !authenticator.authenticate(valid).isSuccess()
        || authenticator.authenticate(forged) instanceof AuthResult.Success) {
      throw new IllegalStateException("the fixture does not authenticate as expected");
    }
    for (int w = 0; w < 6; w++) {
      round(exchange, authenticator, valid, forged, threads);
    }
    double[][] nanos = new double[3][ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      long[] spent = round(exchange, authenticator, valid, forged, threads);
      nanos[0][r] = spent[0] / (double) PASSES;
      nanos[1][r] = spent[1] / (double) PASSES;
      nanos[2][r] = spent[2] / (double) (PASSES * FORGED_PER_PASS);
    }
    for (double[] n : nanos) {
      Arrays.sort(n);
    }
    double filter = median(nanos[0]);
    double auth = median(nanos[1]);
    double refusal = median(nanos[2]);
    System.out.printf(Locale.ROOT, "CPU_NS_PER_OP filter_authenticate %.0f (fastest round %.0f)"
        + " authenticate_valid %.0f (%.0f) forged_reject %.1f (%.1f)%n",
        filter, nanos[0][0], auth, nanos[1][0], refusal, nanos[2][0]);
    System.out.printf(Locale.ROOT, "CPU_RATIO filter_vs_authenticate %.2f (fastest rounds %.2f)%n",
        auth / filter, nanos[1][0] / nanos[0][0]);
    System.out.printf(Locale.ROOT, "CPU_RATIO forged_reject_vs_valid %.2f (fastest rounds %.2f)%n",
        auth / refusal, nanos[1][0] / nanos[2][0]);
  }

  /** One round: the CPU nanoseconds of the passes, the valid authentications, the refusals. */
  private static long[] round(FilterBenchmark.Exchange exchange, TokenAuthenticator authenticator,
      AuthRequest valid, AuthRequest forged, ThreadMXBean threads)
      throws IOException, ServletException {
    long t0 = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < PASSES; i++) {
      sink = exchange.pass();
    }
    long t1 = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < PASSES; i++) {
      sink = authenticator.authenticate(valid);
    }
    long t2 = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < PASSES * FORGED_PER_PASS; i++) {
      sink = authenticator.authenticate(forged);
    }
    long t3 = threads.getCurrentThreadCpuTime();
    return new long[] {t1 - t0, t2 - t1, t3 - t2};
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
