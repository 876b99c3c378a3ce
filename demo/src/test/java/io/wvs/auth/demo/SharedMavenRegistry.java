package io.wvs.auth.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One demo server for the Maven repository tests, whichever classes use it: started by the first,
 * stopped when the test run ends (the JUnit root store closes it), its data folder under
 * {@code target/}. Register it with {@code @RegisterExtension static final SharedMavenRegistry
 * registry = new SharedMavenRegistry();}. Each class makes its own tokens and its own files.
 */
final class SharedMavenRegistry implements BeforeAllCallback {
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
}
