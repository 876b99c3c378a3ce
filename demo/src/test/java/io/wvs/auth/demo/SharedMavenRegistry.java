package io.wvs.auth.demo;

import static io.wvs.auth.demo.DemoHarness.postJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wvs.auth.demo.DemoHarness.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One demo server for the Maven repository tests, whichever classes use it: started by the first,
 * stopped when the test run ends (the JUnit root store closes it), its data folder under
 * {@code target/}. Register it with {@code @RegisterExtension static final SharedMavenRegistry
 * registry = new SharedMavenRegistry();}. Each class makes its own tokens (with the helpers here,
 * over the server's REST API as its administrator) and its own files.
 */
final class SharedMavenRegistry implements BeforeAllCallback {
  /** Numbers the deploy-token usernames made here, unique across the classes sharing the server. */
  private static final AtomicInteger NAMES = new AtomicInteger();
  private Running running;

  /** The server and its data folder; closed at the end of the run. */
  private record Running(DemoServer server, Path dataDir) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      server.stop();
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    running = context.getRoot().getStore(ExtensionContext.Namespace.create(SharedMavenRegistry.class))
        .getOrComputeIfAbsent(Running.class, k -> start(), Running.class);
  }

  private static Running start() {
    try {
      Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "maven-registry-")
          .toAbsolutePath().resolve("data");
      return new Running(DemoServer.start(DemoConfig.builder().port(0).dataDir(data).build()), data);
    } catch (Exception e) {
      throw new IllegalStateException("the demo server did not start", e);
    }
  }

  DemoServer server() {
    return running.server();
  }

  /** The server's data folder. */
  Path dataDir() {
    return running.dataDir();
  }

  /**
   * A new deploy token of {@code kind} ({@code projects} or {@code groups}) {@code id} with one
   * scope and a username of its own; the API's answer (its {@code token}, {@code username}, ...).
   */
  JsonNode deployToken(String kind, long id, String scope) {
    return deployToken(kind, id, "maven-" + NAMES.incrementAndGet(), scope);
  }

  /** As {@link #deployToken(String, long, String)}, with the username given. */
  JsonNode deployToken(String kind, long id, String username, String scope) {
    Answer a = postJson(api() + "/" + kind + "/" + id + "/deploy_tokens", rootToken(),
        "{\"name\":\"maven\",\"username\":\"" + username + "\",\"scopes\":[\"" + scope + "\"]}");
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    return a.json();
  }

  /** A new personal token of user {@code userId} with one scope: its value. */
  String personalToken(long userId, String scope) {
    Answer a = postJson(api() + "/users/" + userId + "/personal_access_tokens", rootToken(),
        "{\"name\":\"maven\",\"scopes\":[\"" + scope + "\"]}");
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    return a.json().path("token").asText();
  }

  private String api() {
    return server().baseUrl() + "/api/v4";
  }

  private String rootToken() {
    return server().rootToken().value();
  }
}
