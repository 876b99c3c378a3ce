package io.wvs.auth.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A bounded HTTP/1.1 load generator for the end-to-end figure: {@code N} keep-alive connections
 * over plain sockets, each on its own thread with exactly one request in flight (so nothing
 * queues: the load is closed-loop, never more than {@code N} requests outstanding), counting
 * responses by status. It measures two scenarios against the same server, each
 * {@code GET <path>}: {@code authenticated} with a {@code PRIVATE-TOKEN} header, {@code anonymous}
 * without one (on the demo's {@code /api/v4/user}: a 401 from the same servlet, its decision
 * logged too). Both are warmed up first (a fresh server's JIT is still compiling the first
 * scenario's path, so whichever ran first would be measured colder), then timed in alternating
 * rounds of one second, so a machine whose speed drifts is seen by both alike. Prints:
 *
 * <pre>
 * E2E &lt;scenario&gt; &lt;requests/s&gt; req/s (&lt;n&gt; responses in &lt;s&gt; s; status &lt;code&gt;=&lt;count&gt; ...; errors &lt;n&gt;)
 * E2E_RATIO authenticated_vs_anonymous &lt;x&gt;
 * </pre>
 *
 * <p>Arguments: {@code --url <base URL>} (required, http only), {@code --path} (default
 * {@code /api/v4/user}), {@code --connections} (8), {@code --seconds} (10 per scenario),
 * {@code --warmup} (5 s per scenario, before either is timed). The token comes from the
 * environment variable {@code WVS_BENCH_TOKEN}, never from the command line (which other users of
 * the machine can read). The token is sent only in the header and never printed.
 */
public final class LoadGenerator {
  private static final int MAX_HEADER_BYTES = 64 * 1024;

  private LoadGenerator() {}

  /**
   * Runs both scenarios and prints their figures.
   *
   * @param args the options above
   * @throws Exception when the server cannot be reached
   */
  public static void main(String[] args) throws Exception {
    String url = null;
    String path = "/api/v4/user";
    int connections = 8;
    int seconds = 10;
    int warmup = 5;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--url" -> url = args[i + 1];
        case "--path" -> path = args[i + 1];
        case "--connections" -> connections = Integer.parseInt(args[i + 1]);
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    String token = System.getenv("WVS_BENCH_TOKEN");
    if (url == null || token == null || token.isBlank()) {
      System.err.println("usage: WVS_BENCH_TOKEN=<token> java -cp benchmarks.jar "
          + LoadGenerator.class.getName() + " --url http://127.0.0.1:<port> [--path /api/v4/user]"
          + " [--connections 8] [--seconds 10] [--warmup 5]");
      System.exit(2);
      return;
    }
    URI base = URI.create(url);
    if (!"http".equals(base.getScheme())) {
      throw new IllegalArgumentException("--url must be an http URL");
    }
    InetSocketAddress address = new InetSocketAddress(base.getHost(),
        base.getPort() < 0 ? 80 : base.getPort());
    String host = base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort());
    String common = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: application/json\r\n";
    byte[] authenticated = (common + "PRIVATE-TOKEN: " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] anonymous = (common + "\r\n").getBytes(StandardCharsets.US_ASCII);

    System.out.printf(Locale.ROOT, "# %s %s, %d connections, %d s warm-up + %d s per scenario"
        + " (alternating 1 s rounds)%n", "GET", path, connections, warmup, seconds);
    runFor(address, authenticated, connections, warmup, new Counts());
    runFor(address, anonymous, connections, warmup, new Counts());
    Counts withToken = new Counts();
    Counts without = new Counts();
    for (int round = 0; round < seconds; round++) {
      runFor(address, authenticated, connections, 1, withToken);
      runFor(address, anonymous, connections, 1, without);
    }
    double ratio = report("authenticated", withToken) / report("anonymous", without);
    System.out.printf(Locale.ROOT, "E2E_RATIO authenticated_vs_anonymous %.2f%n", ratio);
  }

  /** Prints one scenario's line; returns its requests per second. */
  private static double report(String scenario, Counts counts) {
    double elapsed = counts.nanos / 1e9;
    long total = counts.total();
    double rate = total / elapsed;
    StringBuilder statuses = new StringBuilder();
    for (int code = 100; code < 600; code++) {
      long n = counts.byStatus.get(code);
      if (n > 0) {
        statuses.append(' ').append(code).append('=').append(n);
      }
    }
    System.out.printf(Locale.ROOT, "E2E %s %.0f req/s (%d responses in %.1f s; status%s; errors %d)%n",
        scenario, rate, total, elapsed, statuses, counts.errors.get(0));
    return rate;
  }

  /**
   * Runs {@code connections} closed loops for {@code seconds}, each keeping one connection, and
   * adds the time they took to {@code counts}.
   */
  private static void runFor(InetSocketAddress address, byte[] request, int connections, int seconds,
      Counts counts) throws InterruptedException {
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      Thread t = new Thread(() -> loop(address, request, end, counts), "load-" + c);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    counts.nanos += System.nanoTime() - start;
  }

  private static void loop(InetSocketAddress address, byte[] request, long end, Counts counts) {
    while (System.nanoTime() < end) {
      try (Socket socket = new Socket()) {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        socket.connect(address, 5_000);
        OutputStream out = socket.getOutputStream();
        InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        Response response = new Response();
        while (System.nanoTime() < end) {
          out.write(request);
          out.flush();
          if (!response.read(in)) {
            break; // the server closed the connection: open another
          }
          if (response.status >= 100 && response.status < 600) {
            counts.byStatus.incrementAndGet(response.status);
          }
          if (response.close) {
            break;
          }
        }
      } catch (IOException e) {
        counts.errors.incrementAndGet(0);
      }
    }
  }

  /** Responses by status code, and failed exchanges. */
  private static final class Counts {
    final AtomicLongArray byStatus = new AtomicLongArray(600);
    final AtomicLongArray errors = new AtomicLongArray(1);
    /** Time spent in this scenario's timed rounds, summed (written by the main thread only). */
    long nanos;

    long total() {
      long sum = 0;
      for (int i = 0; i < byStatus.length(); i++) {
        sum += byStatus.get(i);
      }
      return sum;
    }
  }

  /** Reads one HTTP/1.1 response: status, headers, and a Content-Length or chunked body (skipped). */
  private static final class Response {
    int status;
    boolean close;
    private final StringBuilder line = new StringBuilder();

    boolean read(InputStream in) throws IOException {
      String statusLine = readLine(in);
      if (statusLine == null) {
        return false;
      }
      status = statusLine.length() >= 12 ? Integer.parseInt(statusLine.substring(9, 12)) : -1;
      long length = -1;
      boolean chunked = false;
      close = false;
      int headerBytes = 0;
      for (String h = readLine(in); h != null && !h.isEmpty(); h = readLine(in)) {
        headerBytes += h.length();
        if (headerBytes > MAX_HEADER_BYTES) {
          throw new IOException("response headers too long");
        }
        int colon = h.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = h.substring(colon + 1).trim();
        switch (name) {
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          case "connection" -> close = value.equalsIgnoreCase("close");
          default -> { }
        }
      }
      if (chunked) {
        while (true) {
          String size = readLine(in);
          if (size == null) {
            throw new IOException("connection closed inside a chunked body");
          }
          int semi = size.indexOf(';');
          long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
          if (n == 0) {
            for (String t = readLine(in); t != null && !t.isEmpty(); t = readLine(in)) {
              // trailers: ignored
            }
            break;
          }
          skip(in, n);
          readLine(in);
        }
      } else if (length > 0) {
        skip(in, length);
      } else if (length < 0 && status >= 200 && status != 204 && status != 304) {
        close = true; // a body up to the end of the connection: read no further on it
      }
      return true;
    }

    private String readLine(InputStream in) throws IOException {
      line.setLength(0);
      for (int b = in.read(); b >= 0; b = in.read()) {
        if (b == '\n') {
          int n = line.length();
          if (n > 0 && line.charAt(n - 1) == '\r') {
            line.setLength(n - 1);
          }
          return line.toString();
        }
        if (line.length() > MAX_HEADER_BYTES) {
          throw new IOException("response line too long");
        }
        line.append((char) b);
      }
      return line.length() == 0 ? null : line.toString();
    }

    private static void skip(InputStream in, long n) throws IOException {
      while (n > 0) {
        long skipped = in.skip(n);
        if (skipped <= 0) {
          if (in.read() < 0) {
            throw new IOException("connection closed inside a body");
          }
          skipped = 1;
        }
        n -= skipped;
      }
    }
  }
}
