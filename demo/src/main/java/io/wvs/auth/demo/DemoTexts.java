package io.wvs.auth.demo;

import io.wvs.auth.demo.DemoServer.RootToken;
import java.util.Locale;
import java.util.Optional;

/**
 * The demo server's two texts for people: the plain-text page at {@code /} and what {@code Main}
 * prints at start. Neither shows a key; only the start-up text shows a freshly generated root
 * token, once.
 */
final class DemoTexts {
  private DemoTexts() {}

  /** The plain-text page at {@code /}: where to start. No token in it. */
  static String welcome(DemoServer server) {
    Fixture fixture = server.fixture();
    StringBuilder b = new StringBuilder();
    b.append("wvs-auth demo server\n\n");
    b.append("REST API:  ").append(server.baseUrl()).append("/api/v4   (PRIVATE-TOKEN header, Bearer, or private_token)\n");
    b.append("Git:       ");
    String indent = "";
    for (Fixture.FixtureProject p : fixture.projects()) {
      b.append(indent).append(server.gitUrl(p.path())).append('\n');
      indent = "           ";
    }
    if (fixture.projects().isEmpty()) {
      b.append("(no projects)\n");
    }
    b.append("\nUsers:     ");
    indent = "";
    for (Fixture.FixtureUser u : fixture.users()) {
      b.append(indent).append(u.username()).append(" (id ").append(u.id());
      if (u.admin()) {
        b.append(", administrator");
      }
      if (u.twoFactor()) {
        b.append(", two-factor on");
      }
      if (u.blocked()) {
        b.append(", blocked");
      }
      b.append(")\n");
      indent = "           ";
    }
    b.append("\nTry:       curl -H \"PRIVATE-TOKEN: $TOKEN\" ").append(server.baseUrl()).append("/api/v4/user\n");
    if (!fixture.projects().isEmpty()) {
      b.append("           git clone ").append(server.baseUrl().replace("http://", "http://any:$TOKEN@"))
          .append('/').append(fixture.projects().get(0).path()).append(".git\n");
    }
    return b.toString();
  }

  /** Where a key comes from, for the start-up text: its flag and file, its variable, or the data folder. */
  private static String describe(DemoConfig.KeySource source, String flag) {
    if (source instanceof DemoConfig.KeySource.File file) {
      return flag + " " + file.path();
    }
    if (source instanceof DemoConfig.KeySource.Environment env) {
      return env.variable();
    }
    return "the data folder";
  }

  /**
   * What {@code Main} prints at start: the URLs, the root token line (the only place a fresh token
   * is shown), and two curl examples.
   */
  static String startup(DemoServer server) {
    Fixture fixture = server.fixture();
    DemoConfig config = server.config();
    RootToken rootToken = server.rootToken();
    String base = server.baseUrl();
    StringBuilder b = new StringBuilder();
    b.append('\n').append("wvs-auth demo server is running.").append("\n\n");
    b.append(welcome(server).lines().skip(2).takeWhile(l -> !l.startsWith("Try:"))
        .reduce(new StringBuilder(), (sb, l) -> sb.append(l.isEmpty() ? "" : "  ").append(l).append('\n'),
            StringBuilder::append));
    b.append("  Storage:   ").append(DemoDatabase.describe(config)).append('\n');
    DemoConfig.Smtp smtp = config.smtp();
    b.append("  Mail:      ").append(smtp == null ? "expiry e-mails go to the log"
        : "expiry e-mails via SMTP " + smtp.host() + ":" + smtp.port() + " ("
            + smtp.tls().name().toLowerCase(Locale.ROOT) + ")").append('\n');
    if (config.webhook() != null) {
      b.append("  Webhook:   expiry and leak events to ").append(config.webhook().url().getScheme())
          .append("://").append(config.webhook().url().getRawAuthority()).append('\n');
    }
    b.append("  Data:      ").append(config.dataDir().toAbsolutePath()).append(" (")
        .append(config.keys().pepper() instanceof DemoConfig.KeySource.DataDir ? "pepper, " : "")
        .append(config.keys().ciKey() instanceof DemoConfig.KeySource.DataDir ? "CI key, " : "")
        .append("git repositories)\n");
    if (!config.keys().equals(DemoConfig.Keys.DATA_DIR)) {
      b.append("  Keys:      pepper from ").append(describe(config.keys().pepper(), "--pepper-file"))
          .append(", CI key from ").append(describe(config.keys().ciKey(), "--ci-key-file"))
          .append('\n');
    }
    b.append('\n');
    if (rootToken == null) {
      b.append("No root token: the fixture has no administrator.\n");
      b.append("  export TOKEN=<a token you create>\n");
    } else if (rootToken.predetermined()) {
      b.append("Root token: the predetermined one from --admin-token / ").append(DemoConfig.ADMIN_TOKEN_ENV)
          .append(" (user ").append(rootToken.username()).append(", scopes api, sudo, expires on ")
          .append(rootToken.expiresOn()).append(").\n");
      b.append("  export TOKEN=<your admin token>\n");
    } else {
      b.append("Root token for ").append(rootToken.username()).append(" (scopes api, sudo; expires on ")
          .append(rootToken.expiresOn()).append("; shown this once, only its digest is stored):\n");
      b.append("  export TOKEN=").append(rootToken.value()).append('\n');
    }
    b.append('\n').append("Try:\n");
    b.append("  curl -H \"PRIVATE-TOKEN: $TOKEN\" ").append(base).append("/api/v4/user\n\n");
    Optional<Fixture.FixtureUser> alice = fixture.users().stream().filter(u -> !u.admin()).findFirst();
    long userId = alice.map(Fixture.FixtureUser::id).orElse(1L);
    b.append("  # a personal access token for ").append(alice.map(Fixture.FixtureUser::username).orElse("a user"))
        .append(", then a clone with it (any username)\n");
    b.append("  curl -X POST -H \"PRIVATE-TOKEN: $TOKEN\" -H \"Content-Type: application/json\" \\\n")
        .append("       -d '{\"name\":\"laptop\",\"scopes\":[\"read_repository\",\"write_repository\"]}' \\\n")
        .append("       ").append(base).append("/api/v4/users/").append(userId).append("/personal_access_tokens\n");
    if (!fixture.projects().isEmpty()) {
      b.append("  git clone ").append(base.replace("http://", "http://any:<token>@")).append('/')
          .append(fixture.projects().get(0).path()).append(".git\n");
    }
    if (server.registry() != null) {
      b.append(server.registry().startupText(base,
          fixture.projects().isEmpty() ? null : fixture.projects().get(0).path()));
    }
    b.append("\nStop with Ctrl-C.\n");
    return b.toString();
  }
}
