package io.wvs.auth.demo;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the demo server from the command line and runs it until Ctrl-C (or SIGTERM).
 *
 * <pre>
 * mvn -q -B package -DskipTests -pl demo -am exec:java -Dexec.args="--port 8081"
 * </pre>
 *
 * <p>Exit codes: 0 after a normal stop or {@code --help}; 2 for an invalid command line; 1 when
 * the server cannot start (the message says why).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Parses, starts, prints where to start and waits for shutdown. Returns the exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    DemoConfig config;
    try {
      DemoConfig.Parsed parsed = DemoConfig.parse(args, System.getenv());
      if (parsed instanceof DemoConfig.Help) {
        out.println(DemoConfig.USAGE);
        return 0;
      }
      config = ((DemoConfig.Run) parsed).config();
    } catch (DemoConfig.UsageException e) {
      err.println("error: " + e.getMessage());
      err.println();
      err.println(DemoConfig.USAGE);
      return 2;
    }

    DemoServer server;
    try {
      server = DemoServer.start(config);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("error: the demo server could not start: " + describe(e));
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop();
      stopped.countDown();
    }, "wvs-demo-shutdown"));
    out.print(server.startupText());
    out.flush();
    try {
      server.join();
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.stop();
    }
    return 0;
  }

  /** The message of {@code e} and its causes, for a start-up failure. */
  private static String describe(Throwable e) {
    StringBuilder b = new StringBuilder(e.getMessage() == null || e instanceof java.io.IOException
        ? e.toString() : e.getMessage());
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c.getMessage() != null && !b.toString().contains(c.getMessage())) {
        b.append(": ").append(c.getMessage());
      }
    }
    if (e instanceof java.io.IOException && e.getMessage() != null && e.getMessage().contains("bind")) {
      b.append(" (is the port taken? choose another with --port)");
    }
    return b.toString();
  }
}
