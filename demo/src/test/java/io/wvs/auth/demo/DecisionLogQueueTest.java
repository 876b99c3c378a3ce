package io.wvs.auth.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The decision log's queue: lines are written on its one writer thread, never on the request
 * thread; a full queue drops and counts instead of blocking a request; closing writes what is
 * queued.
 */
class DecisionLogQueueTest {

  @Test
  void decisionLinesAreWrittenOnTheWriterThreadNotTheRequestThread() throws Exception {
    List<String> threads = new CopyOnWriteArrayList<>();
    CountDownLatch written = new CountDownLatch(3);
    BoundedWriter<String> writer = new BoundedWriter<>("test-writer", 16, line -> {
      threads.add(Thread.currentThread().getName());
      written.countDown();
    }, LoggerFactory.getLogger(DecisionLogQueueTest.class));
    writer.start();
    try {
      for (int i = 0; i < 3; i++) {
        writer.offer("line " + i);
      }
      assertThat(written.await(5, TimeUnit.SECONDS)).isTrue();
    } finally {
      writer.close();
    }
    assertThat(threads).containsOnly("test-writer");
  }

  @Test
  void aFullDecisionQueueDropsAndCountsLinesInsteadOfBlockingTheRequest() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch firstTaken = new CountDownLatch(1);
    List<String> lines = new CopyOnWriteArrayList<>();
    BoundedWriter<String> writer = new BoundedWriter<>("test-writer", 4, line -> {
      firstTaken.countDown();
      try {
        release.await(); // a writer that cannot keep up
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      lines.add(line);
    }, LoggerFactory.getLogger(DecisionLogQueueTest.class));
    writer.start();
    try {
      writer.offer("taken");
      assertThat(firstTaken.await(5, TimeUnit.SECONDS)).isTrue();
      long start = System.nanoTime();
      for (int i = 0; i < 1_000; i++) {
        writer.offer("line " + i);
      }
      assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(2);
      assertThat(writer.droppedTotal()).isEqualTo(1_000 - 4);
    } finally {
      release.countDown();
      writer.close();
    }
    // Closing wrote what was queued: the one taken and the four that fitted.
    assertThat(lines).containsExactly("taken", "line 0", "line 1", "line 2", "line 3");
  }
}
