package io.wvs.auth.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Whose turn it is in an {@linkplain RatioRunner.Interleaved interleaved} benchmark: the pair's
 * first operation in the first iteration (a warm-up one) and every other one after it, the second
 * in the others, as the runner splits the iterations. One per benchmark, shared by its threads.
 */
@State(Scope.Benchmark)
public class Turn {
  /** Whether this iteration runs the pair's first operation. */
  volatile boolean first;
  /** How many pairs of turns came before this iteration's: 0 in the first two iterations, and so on. */
  volatile int round;
  private int iterations;

  /** Before each iteration: the other operation's turn. */
  @Setup(Level.Iteration)
  public void next() {
    round = iterations / 2;
    first = iterations++ % 2 == 0;
  }
}
