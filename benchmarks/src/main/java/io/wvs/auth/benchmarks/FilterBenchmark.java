package io.wvs.auth.benchmarks;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.TokenAuthenticator;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.servlet.AccessRule;
import io.wvs.auth.servlet.RouteRules;
import io.wvs.auth.servlet.WvsAuthFilter;
import io.wvs.auth.spi.TokenStore;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The servlet filter's cost around an authentication, single thread, throughput in ops/s.
 * {@code filter_interleaved} runs two operations in turns of one iteration, on one filter and its
 * authenticator in the world of {@link InMemoryFixture}; the runner splits it ({@link #PAIRS}):
 *
 * <ul>
 *   <li>{@code filter_authenticate}: one whole pass through {@link WvsAuthFilter} of
 *       {@code GET /api/v4/user} with a {@code PRIVATE-TOKEN} header from {@link #CLIENT_ADDRESS}
 *       over an {@link InProcessExchange} (credential resolution, the route decision by
 *       {@link RouteRules#standard}, the authentication over {@link InMemoryTokenStore} with the
 *       failed-authentication limiter's lookup for the client, the wrapped request handed to the
 *       chain, which reads {@code getRemoteUser()});
 *   <li>{@code authenticate_alone}: the authentication that pass makes, without the filter: the
 *       same authenticator given the request the filter builds for this route (the API channel,
 *       the route's scope requirement, the client's address), built once.
 * </ul>
 *
 * <p>Its bar divides the first by the second. In one fork both turns run the same compiled
 * authentication on the same machine; in two forks the ratio also carried how the JIT compiled
 * each and how busy the machine was in each.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Threads(1)
@Warmup(iterations = RatioRunner.WARMUP_ITERATIONS, time = 1)
@Measurement(iterations = RatioRunner.MEASUREMENT_ITERATIONS, time = 1)
public class FilterBenchmark {
  /** The client the exchange comes from (its remote address, which the limiter and last use read). */
  static final String CLIENT_ADDRESS = "192.0.2.10";

  /**
   * A filter, its world, and one exchange reused by the thread (attributes reset each pass); and
   * the authentication the pass makes, as a request of its own.
   */
  @State(Scope.Thread)
  public static class Exchange {
    WvsAuthFilter filter;
    TokenAuthenticator authenticator;
    AuthRequest alone;
    InProcessExchange.Request request;
    InProcessExchange.Response response;
    InProcessExchange.Chain chain;

    @Setup(Level.Trial)
    public void setUp() {
      set(InMemoryFixture.create());
    }

    void set(InMemoryFixture f) {
      authenticator = f.auth.authenticator();
      RouteRules rules = RouteRules.standard(f.auth);
      filter = new WvsAuthFilter(authenticator, rules);
      request = new InProcessExchange.Request("GET", "/api/v4/user", null, CLIENT_ADDRESS,
          Map.of("PRIVATE-TOKEN", f.token, "Host", "localhost", "Accept", "application/json"));
      response = new InProcessExchange.Response();
      AccessRule rule = rules.ruleFor(request);
      alone = AuthRequest.builder(f.token).channel(rule.channel()).require(rule.requirement())
          .resource(rule.resource()).clientAddress(CLIENT_ADDRESS).build();
      chain = new InProcessExchange.Chain();
      // The first pass from this address records it among the token's last-used addresses (one
      // write); every later pass finds it there and writes nothing, as a returning client does.
      try {
        pass();
      } catch (IOException | ServletException e) {
        throw new IllegalStateException("filter_authenticate: the first pass failed", e);
      }
    }

    /** One pass, as a container would make it with a fresh request. */
    String pass() throws IOException, ServletException {
      request.reset();
      response.clear();
      chain.reset();
      filter.doFilter(request, response, chain);
      return chain.remoteUser;
    }
  }

  /** The interleaved benchmark of this class: the runner splits it into its two throughputs. */
  static final List<RatioRunner.Interleaved> PAIRS = List.of(
      new RatioRunner.Interleaved("filter_interleaved", "filter_authenticate", "authenticate_alone"));

  /** A filter pass in one iteration, the authentication alone in the next, and so on. */
  @Benchmark
  @Fork(RatioRunner.PAIR_FORKS)
  @Warmup(iterations = 8, time = 1)
  @Measurement(iterations = 12, time = 1)
  public Object filter_interleaved(Exchange s, Turn turn) throws IOException, ServletException {
    return turn.first ? s.pass() : s.authenticator.authenticate(s.alone);
  }

  /**
   * Proves, untimed, that a pass authenticates: 1,000 passes each reach the chain as the fixture's
   * user, decided as an API route, and 1,000 authentications alone succeed, with exactly one store
   * read each and no write; throws {@link IllegalStateException} otherwise.
   */
  static void selfCheck() {
    CountingTokenStore counting = new CountingTokenStore(new InMemoryTokenStore());
    InMemoryFixture f = InMemoryFixture.over(counting);
    Exchange e = new Exchange();
    e.set(f);
    counting.reset();
    e.chain.passes = 0;
    int n = 1_000;
    try {
      for (int i = 0; i < n; i++) {
        String user = e.pass();
        if (!"alice".equals(user) || e.response.getStatus() != 200) {
          throw new IllegalStateException("filter_authenticate: pass " + i + " reached the chain as "
              + user + " with status " + e.response.getStatus());
        }
        if (!(e.request.getAttribute(WvsAuthFilter.RESULT_ATTRIBUTE) instanceof AuthResult.Success)
            || !(e.request.getAttribute(WvsAuthFilter.RULE_ATTRIBUTE) instanceof AccessRule rule)
            || rule.channel() != io.wvs.auth.Channel.API) {
          throw new IllegalStateException("filter_authenticate: not authenticated as an API request");
        }
      }
    } catch (IOException | ServletException ex) {
      throw new IllegalStateException("filter_authenticate failed", ex);
    }
    for (int i = 0; i < n; i++) {
      if (!e.authenticator.authenticate(e.alone).isSuccess()) {
        throw new IllegalStateException("authenticate_alone: call " + i + " did not succeed");
      }
    }
    if (e.chain.passes != n || counting.reads() != 2L * n || counting.writes() != 0) {
      throw new IllegalStateException("filter_interleaved: expected " + n + " passes and " + n
          + " authentications alone with one store read each and no write, saw " + e.chain.passes + " passes, " + counting.reads() + " reads, "
          + counting.writes() + " writes");
    }
  }
}
