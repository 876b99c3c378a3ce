package io.wvs.auth.demo;

import static io.wvs.auth.demo.DemoHarness.basic;
import static io.wvs.auth.demo.DemoHarness.newDir;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.wvs.auth.demo.DemoHarness.Answer;
import io.wvs.auth.demo.DemoHarness.GitRun;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secret hygiene over the whole demo scenario (DESIGN: "no raw token in any stored row, log line,
 * exception message or toString"). The real demo server runs twice over one H2 file database with
 * every logger at DEBUG, H2's JDBC trace included, and the expiry e-mails going to GreenMail; the
 * scenario issues personal, impersonation, project, group and deploy tokens through the v4 API,
 * uses them over every credential transport and with the real git client, presents wrong, forged
 * and revoked ones, rotates and revokes. Then every log line, every database cell and file, every
 * HTTP answer (headers and body) but the one that created the token, every git output and every
 * mail is searched for every token in every form {@link SecretScanner} knows: none may be found.
 *
 * <p>The server runs in a child JVM ({@code Main}, as a user starts it): slf4j-simple reads its
 * configuration once per JVM, so only a fresh JVM logs everything from its first line at the level
 * the test sets, and the child's standard output and error are captured whole, start-up text and
 * anything printed outside slf4j included. Only the default level and the demo's own package are
 * raised: the rest of the demo's {@code simplelogger.properties} stays, so the test checks what it
 * pins too (Jetty at WARN, whose DEBUG is a wire trace of every request header).
 */
class DemoSecretHygieneTest {
  /** The predetermined admin token of the README's automation example. */
  private static final String DOCUMENTED_ADMIN_TOKEN = "token-string-here123";
  private static final String API_PROJECT = "acme/platform/api";
  private static final String LFS_JSON = LfsServlet.MEDIA_TYPE;

  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(
      new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

  /** Kept when the test fails: the logs, the database and the data folder to look at. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path tmp;

  private final SecretScanner scanner = new SecretScanner();
  private final List<Exchange> exchanges = new ArrayList<>();
  private final List<GitRun> gitRuns = new ArrayList<>();
  private String api;
  private String base;
  private Path home;
  private Path work;

  /** One HTTP exchange of the scenario, and the tokens its answer created (allowed in it). */
  private record Exchange(String what, Answer answer, Set<String> created) {}

  /** What a scan of the database read. */
  private record Rows(int tables, int rows, int cells) {}

  /** What a scan of the data folder read. */
  private record Bytes(int files, long bytes) {}

  @Test
  void noRawTokenInAnyLogLineRowResponseGitOutputOrMail() throws Exception {
    DemoHarness.requireGit();
    Path data = tmp.resolve("data");
    home = newDir(tmp, "home");
    work = newDir(tmp, "work");
    String smtpPort = Integer.toString(greenMail.getSmtp().getPort());
    // The default H2 file, with H2's JDBC trace (every statement and parameter) sent to slf4j.
    String jdbcUrl = DemoDatabase.h2Url(data) + ";TRACE_LEVEL_FILE=4";
    List<String> args = List.of("--port", "0", "--data-dir", data.toString(), "--jdbc-url", jdbcUrl,
        "--smtp-host", "127.0.0.1", "--smtp-port", smtpPort);

    DemoProcess first = DemoProcess.start(tmp.resolve("first"), Map.of(), args);
    String root;
    Issued issued;
    try {
      root = first.rootToken();
      scanner.add("root token (start-up text)", root);
      useServer(first);
      issued = firstRun(root);
    } finally {
      first.stop();
    }

    // A restart with the README's predetermined admin token: the start-up catch-up of the expiry
    // checks mails the tokens that expire within seven days.
    scanner.add("predetermined admin token", DOCUMENTED_ADMIN_TOKEN);
    DemoProcess second = DemoProcess.start(tmp.resolve("second"),
        Map.of(DemoConfig.ADMIN_TOKEN_ENV, DOCUMENTED_ADMIN_TOKEN), args);
    try {
      useServer(second);
      assertThat(second.stdout()).contains("Root token: the predetermined one");
      assertThat(greenMail.waitForIncomingEmail(15_000, 2)).as("expiry mails to alice and bob").isTrue();
      secondRun(root, issued);
    } finally {
      second.stop();
    }

    List<String> findings = new ArrayList<>();
    int logLines = 0;
    for (DemoProcess p : List.of(first, second)) {
      logLines += scanLog(p, findings);
    }
    String logs = first.stdout() + second.stdout();
    assertThat(Stream.of("DEBUG TokenAuthenticator", "DEBUG WvsAuthFilter", "DEBUG SmtpNotifier",
        "DEBUG auth", "setString(", "DEBUG FileSnapshot", "DEBUG HikariConfig")
        .filter(marker -> !logs.contains(marker)))
        .as("DEBUG lines missing (core, servlet, notifier, demo, H2's JDBC trace, JGit, Hikari)").isEmpty();
    for (Exchange e : exchanges) {
      findings.addAll(scanner.scan("HTTP " + e.what(), e.answer().headers() + "\n" + e.answer().body(),
          e.created()));
    }
    for (GitRun run : gitRuns) {
      findings.addAll(scanner.scan("git output", run.output()));
    }
    MimeMessage[] mails = greenMail.getReceivedMessages();
    for (MimeMessage mail : mails) {
      findings.addAll(scanner.scan("mail to " + List.of(mail.getAllRecipients()),
          GreenMailUtil.getWholeMessage(mail)));
    }
    Rows rows = scanDatabase(data, findings);
    Bytes files = scanFiles(data, findings);
    System.out.printf("secret hygiene: %d tokens, %d log lines, %d rows (%d cells) in %d tables,"
        + " %d files (%d bytes), %d HTTP answers, %d git runs, %d mails%n", scanner.tokens().size(),
        logLines, rows.rows(), rows.cells(), rows.tables(), files.files(), files.bytes(),
        exchanges.size(), gitRuns.size(), mails.length);
    assertThat(findings).as("raw tokens found (logs and data kept in %s)", tmp).isEmpty();
    assertThat(mails).hasSizeGreaterThanOrEqualTo(2);

    // The scan can fail: a token planted in a log line, a row (as text and as bytes) and a
    // header is found, in each form.
    String planted = issued.groupDeploy();
    assertThat(scanner.scan("planted log line", "12:00:00.000 DEBUG X - got " + planted))
        .hasSize(3); // raw, without prefix, random body
    assertThat(scanner.scan("planted header", Map.of("Authorization", List.of(basic("alice", planted)))
        .toString())).singleElement().asString().contains("base64");
    // Another last character (a checksum character), never the one the token has.
    String forgedPlant = planted.substring(0, planted.length() - 1) + (planted.endsWith("x") ? "y" : "x");
    assertThat(scanner.scan("planted forged token", forgedPlant))
        .singleElement().asString().contains("random body");
    try (Connection c = openDatabase(data);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE planted (t VARCHAR(100), b VARBINARY(100))");
      s.execute("INSERT INTO planted VALUES ('" + planted + "', NULL), (NULL, X'"
          + HexFormat.of().formatHex(planted.getBytes(StandardCharsets.US_ASCII)) + "')");
    }
    List<String> plantedRows = new ArrayList<>();
    scanDatabase(data, plantedRows);
    assertThat(plantedRows).filteredOn(f -> f.contains("PLANTED")).hasSize(6); // 3 forms, text and bytes
  }

  /** The tokens the first run hands to the second. */
  private record Issued(String aliceLaptop, long aliceLaptopId, String bobRotated, String projectRotated,
      String groupDeploy, List<String> dead) {}

  private void useServer(DemoProcess server) {
    base = server.baseUrl();
    api = base + "/api/v4";
  }

  /** The README's walk-through and every other way the demo issues, uses and ends a token. */
  private Issued firstRun(String root) throws IOException {
    LocalDate soon = LocalDate.now(ZoneOffset.UTC).plusDays(3);
    expect(200, call("who am I", "GET", api + "/user", null, "PRIVATE-TOKEN", root));
    expect(200, call("welcome page", "GET", base + "/", null));

    // Personal token of the README, then clone and push with it (any username).
    String laptop = issue("alice laptop", 201, post("/users/2/personal_access_tokens", root,
        "{\"name\":\"laptop\",\"scopes\":[\"read_repository\",\"write_repository\"]}"));
    long laptopId = lastJson().path("id").asLong();
    gitOk("clone", cloneUrl("alice", laptop, API_PROJECT), "api");
    Path repo = work.resolve("api");
    Files.writeString(repo.resolve("HYGIENE.md"), "pushed by the secret hygiene test\n");
    gitOk(repo, "add", "HYGIENE.md");
    gitOk(repo, "commit", "-m", "Add HYGIENE.md");
    gitOk(repo, "push", cloneUrl("anyone", laptop, API_PROJECT), "HEAD:main");
    // The token as the username, with an empty password and with another one: refused.
    gitFails("clone", cloneUrl(laptop, "", API_PROJECT), "as-username");
    gitFails("clone", cloneUrl(laptop, "x", API_PROJECT), "as-username-2");
    expect(401, call("token as basic username", "GET", gitRefs(API_PROJECT), null,
        "Authorization", basic(laptop, "")));
    lfsRoundTrip(laptop);
    // TRACE and methods the platform does not use, on every path family: 405 before any echo.
    for (String method : List.of("TRACE", "OPTIONS", "PROPFIND")) {
      for (String url : List.of(api + "/user", gitRefs(API_PROJECT), base + "/" + API_PROJECT + ".git/git-upload-pack",
          base + "/" + API_PROJECT + ".git/info/lfs/objects/batch", base + "/", base + "/nowhere")) {
        expect(405, call(method + " " + url, method, url, null, "PRIVATE-TOKEN", laptop,
            "Authorization", basic("alice", laptop)));
      }
    }
    // A token in the URL path, where no client should put it: never logged verbatim.
    call("token in the API path", "GET", api + "/personal_access_tokens/" + laptop, null,
        "PRIVATE-TOKEN", root);
    call("token in the git path", "GET", base + "/" + laptop + "@acme/platform/api.git/info/refs"
        + "?service=git-upload-pack", null);
    call("predetermined shape in the API path", "GET", api + "/personal_access_tokens/"
        + DOCUMENTED_ADMIN_TOKEN, null, "PRIVATE-TOKEN", root);
    // git with the fixture passwords: bob's works, alice's (two-factor) is refused.
    gitOk("clone", cloneUrl("bob", "bob-password", "acme/website"), "website");
    gitFails("clone", cloneUrl("alice", "alice-password", API_PROJECT), "two-factor");

    String bob = issue("bob api", 201, post("/users/3/personal_access_tokens", root,
        "{\"name\":\"bob-api\",\"scopes\":[\"api\"],\"expires_at\":\"" + soon + "\"}"));
    long bobId = lastJson().path("id").asLong();
    String aliceSoon = issue("alice soon", 201, post("/users/2/personal_access_tokens", root,
        "{\"name\":\"alice-soon\",\"scopes\":[\"read_api\"],\"expires_at\":\"" + soon + "\"}"));

    // Every credential transport, and sudo.
    expect(200, call("Bearer", "GET", api + "/user", null, "Authorization", "Bearer " + bob));
    expect(200, call("private_token query", "GET", api + "/user?private_token=" + bob, null));
    String bobRotatedByForm = issue("bob api rotated by root", 200, call("private_token form", "POST",
        api + "/personal_access_tokens/" + bobId + "/rotate", "private_token=" + root + "&expires_at=" + soon,
        "Content-Type", "application/x-www-form-urlencoded"));
    expect(401, call("rotated-away token", "GET", api + "/user", null, "PRIVATE-TOKEN", bob));
    expect(200, call("sudo", "GET", api + "/user", null, "PRIVATE-TOKEN", root, "Sudo", "alice"));
    expect(403, call("sudo refused", "GET", api + "/user", null, "PRIVATE-TOKEN", bobRotatedByForm,
        "Sudo", "alice"));
    expect(403, call("insufficient scope", "POST", api + "/user/personal_access_tokens", "{}",
        "PRIVATE-TOKEN", aliceSoon));
    expect(400, call("two credentials", "GET", api + "/user", null, "PRIVATE-TOKEN", root,
        "Authorization", "Bearer " + bobRotatedByForm));

    // Self endpoints: read, rotate, revoke.
    expect(200, call("self", "GET", api + "/personal_access_tokens/self", null, "PRIVATE-TOKEN",
        bobRotatedByForm));
    String expiresSoon = "{\"expires_at\":\"" + soon + "\"}";
    String bobRotated = issue("bob api self-rotated", 200, call("self rotate", "POST",
        api + "/personal_access_tokens/self/rotate", expiresSoon, "PRIVATE-TOKEN", bobRotatedByForm,
        "Content-Type", "application/json"));
    expect(401, call("rotate a rotated-away token", "POST", api + "/personal_access_tokens/self/rotate",
        null, "PRIVATE-TOKEN", bobRotatedByForm));
    String selfRevoked = issue("alice self-revoked", 201, post("/users/2/personal_access_tokens", root,
        "{\"name\":\"alice-self\",\"scopes\":[\"api\"]}"));
    expect(204, call("self revoke", "DELETE", api + "/personal_access_tokens/self", null,
        "PRIVATE-TOKEN", selfRevoked));
    expect(401, call("self-revoked token", "GET", api + "/user", null, "PRIVATE-TOKEN", selfRevoked));

    // Impersonation token.
    String impersonation = issue("alice impersonation", 201, post("/users/2/impersonation_tokens", root,
        "{\"name\":\"support\",\"scopes\":[\"api\",\"read_repository\"]}"));
    long impersonationId = lastJson().path("id").asLong();
    expect(200, call("impersonation", "GET", api + "/user", null, "PRIVATE-TOKEN", impersonation));
    gitOk("clone", cloneUrl("support", impersonation, API_PROJECT), "impersonated");
    expect(204, call("revoke impersonation", "DELETE", api + "/users/2/impersonation_tokens/"
        + impersonationId, null, "PRIVATE-TOKEN", root));
    expect(401, call("revoked impersonation", "GET", api + "/user", null, "PRIVATE-TOKEN", impersonation));

    // Project access token (bob maintains the project), rotated.
    String project = issue("project 1 bot", 201, post("/projects/1/access_tokens", bobRotated,
        "{\"name\":\"bot\",\"scopes\":[\"api\",\"write_repository\"],\"expires_at\":\"" + soon + "\"}"));
    long projectId = lastJson().path("id").asLong();
    expect(200, call("project bot", "GET", api + "/user", null, "PRIVATE-TOKEN", project));
    gitOk("clone", cloneUrl("whoever", project, API_PROJECT), "project-bot");
    gitFails("clone", cloneUrl("whoever", project, "acme/website"), "project-bot-elsewhere");
    String projectRotated = issue("project 1 bot rotated", 200, call("rotate project token", "POST",
        api + "/projects/1/access_tokens/" + projectId + "/rotate", expiresSoon, "PRIVATE-TOKEN", bobRotated,
        "Content-Type", "application/json"));
    gitFails("clone", cloneUrl("whoever", project, API_PROJECT), "rotated-away-bot");

    // Group access token of acme/platform.
    String group = issue("group 2 bot", 201, post("/groups/2/access_tokens", root,
        "{\"name\":\"group bot\",\"scopes\":[\"read_api\",\"read_repository\"]}"));
    expect(200, call("group bot", "GET", api + "/user", null, "Authorization", "Bearer " + group));
    gitOk("clone", cloneUrl("group-bot", group, API_PROJECT), "group-bot");

    // Deploy tokens: a group's (with its own username only) and a project's.
    String groupDeploy = issue("acme deploy", 201, post("/groups/1/deploy_tokens", root,
        "{\"name\":\"ci\",\"username\":\"acme-ci\",\"scopes\":[\"read_repository\"],\"expires_at\":\""
            + soon + "\"}"));
    gitOk("clone", cloneUrl("acme-ci", groupDeploy, API_PROJECT), "deploy");
    gitFails("clone", cloneUrl("someone-else", groupDeploy, API_PROJECT), "deploy-wrong-user");
    expect(401, call("deploy token on the API", "GET", api + "/user", null, "PRIVATE-TOKEN", groupDeploy));
    expect(401, call("Deploy-Token header on the API", "GET", api + "/projects/1", null,
        "Deploy-Token", groupDeploy));
    expect(200, call("LFS batch with a deploy token", "POST", base + "/" + API_PROJECT
        + ".git/info/lfs/objects/batch", "{\"operation\":\"download\",\"objects\":[{\"oid\":\""
        + "a".repeat(64) + "\",\"size\":3}]}", "Authorization", basic("acme-ci", groupDeploy),
        "Accept", LFS_JSON, "Content-Type", LFS_JSON));
    String projectDeploy = issue("website deploy", 201, post("/projects/2/deploy_tokens", bobRotated,
        "{\"name\":\"website-ci\",\"scopes\":[\"read_repository\"]}"));
    String deployUser = lastJson().path("username").asText();
    long projectDeployId = lastJson().path("id").asLong();
    gitOk("clone", cloneUrl(deployUser, projectDeploy, "acme/website"), "website-deploy");
    expect(204, call("revoke deploy token", "DELETE", api + "/projects/2/deploy_tokens/" + projectDeployId,
        null, "PRIVATE-TOKEN", bobRotated));
    gitFails("clone", cloneUrl(deployUser, projectDeploy, "acme/website"), "revoked-deploy");

    // Wrong and forged tokens, on the API and on git.
    String forged = laptop.substring(0, laptop.length() - 1) + (laptop.endsWith("x") ? "y" : "x");
    String unknown = "not-a-token-of-this-server-0001";
    String typo = "wvspad-" + laptop.substring(7);
    for (String wrong : List.of(forged, unknown, typo)) {
      expect(401, call("wrong token", "GET", api + "/user", null, "PRIVATE-TOKEN", wrong));
      expect(401, call("wrong token, query", "GET", api + "/user?private_token=" + wrong, null));
      gitFails("clone", cloneUrl("alice", wrong, API_PROJECT), "wrong");
    }
    scanner.add("forged (alice laptop, another checksum)", forged);
    scanner.add("unknown token", unknown);
    scanner.add("mistyped prefix", typo);

    // Every list and read endpoint, with the token as a query parameter on a paginated list.
    for (String path : List.of("/personal_access_tokens", "/personal_access_tokens?user_id=2&per_page=1",
        "/personal_access_tokens/" + laptopId, "/users/2/impersonation_tokens?state=all",
        "/projects/1/access_tokens", "/groups/2/access_tokens", "/deploy_tokens",
        "/groups/1/deploy_tokens", "/projects/2/deploy_tokens?active=false")) {
      expect(200, call("list " + path, "GET", api + path, null, "PRIVATE-TOKEN", root));
    }
    expect(200, call("list with private_token", "GET",
        api + "/personal_access_tokens?per_page=1&private_token=" + root, null));
    return new Issued(laptop, laptopId, bobRotated, projectRotated, groupDeploy,
        List.of(bob, bobRotatedByForm, selfRevoked, impersonation, project, projectDeploy));
  }

  /** Git LFS as its client does it: upload batch, object PUT, download batch, object GET. */
  private void lfsRoundTrip(String token) {
    String content = "an LFS object of the hygiene test\n";
    String oid = HexFormat.of().formatHex(sha256(content));
    String batch = base + "/" + API_PROJECT + ".git/info/lfs/objects/batch";
    String objects = "\"objects\":[{\"oid\":\"" + oid + "\",\"size\":" + content.length() + "}]";
    String auth = basic("alice", token);
    expect(200, call("LFS upload batch", "POST", batch, "{\"operation\":\"upload\"," + objects + "}",
        "Authorization", auth, "Accept", LFS_JSON, "Content-Type", LFS_JSON));
    String href = lastJson().path("objects").get(0).path("actions").path("upload").path("href").asText();
    expect(200, call("LFS upload", "PUT", href, content, "Authorization", auth,
        "Content-Type", "application/octet-stream"));
    expect(200, call("LFS download batch", "POST", batch, "{\"operation\":\"download\"," + objects + "}",
        "Authorization", auth, "Accept", LFS_JSON, "Content-Type", LFS_JSON));
    assertThat(call("LFS download", "GET", href, null, "Authorization", auth).body()).isEqualTo(content);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** After the restart: the survivors still work, the dead stay dead, then everything is revoked. */
  private void secondRun(String root, Issued t) {
    expect(200, call("admin token", "GET", api + "/user", null, "PRIVATE-TOKEN", DOCUMENTED_ADMIN_TOKEN));
    expect(200, call("old root token", "GET", api + "/user", null, "PRIVATE-TOKEN", root));
    expect(200, call("bob after restart", "GET", api + "/user", null, "PRIVATE-TOKEN", t.bobRotated()));
    expect(200, call("bot after restart", "GET", api + "/user", null, "PRIVATE-TOKEN", t.projectRotated()));
    for (String dead : t.dead()) {
      expect(401, call("dead token", "GET", api + "/user", null, "PRIVATE-TOKEN", dead));
    }
    gitOk("clone", cloneUrl("acme-ci", t.groupDeploy(), API_PROJECT), "deploy-after-restart");
    expect(204, call("revoke", "DELETE", api + "/personal_access_tokens/" + t.aliceLaptopId(), null,
        "PRIVATE-TOKEN", DOCUMENTED_ADMIN_TOKEN));
    gitFails("clone", cloneUrl("alice", t.aliceLaptop(), API_PROJECT), "revoked-laptop");
    expect(204, call("revoke self", "DELETE", api + "/personal_access_tokens/self", null,
        "PRIVATE-TOKEN", t.bobRotated()));
    expect(401, call("revoked", "GET", api + "/user", null, "PRIVATE-TOKEN", t.bobRotated()));
  }

  // ------------------------------------------------------------------------------ the scans

  /** Scans the child's standard output and error line by line; returns the number of lines. */
  private int scanLog(DemoProcess p, List<String> findings) {
    int lines = 0;
    for (Path file : List.of(p.stdoutFile(), p.stderrFile())) {
      List<String> all = readLines(file);
      for (int i = 0; i < all.size(); i++) {
        String line = all.get(i);
        // The start-up text shows a fresh root token once: that is its creation.
        boolean creation = line.equals("  export TOKEN=" + p.printedToken());
        Set<String> allowed = creation ? Set.of(p.printedToken()) : Set.of();
        findings.addAll(scanner.scan(file.getFileName() + ":" + (i + 1), line, allowed));
      }
      lines += all.size();
    }
    return lines;
  }

  /**
   * Scans every cell of every table of the H2 database (binary columns as bytes); returns the
   * number of tables, rows and cells.
   */
  private Rows scanDatabase(Path data, List<String> findings) throws SQLException {
    List<String> tables = new ArrayList<>();
    int rows = 0;
    int cells = 0;
    try (Connection c = openDatabase(data); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME FROM"
          + " INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA <> 'INFORMATION_SCHEMA'")) {
        while (rs.next()) {
          tables.add('"' + rs.getString(1) + "\".\"" + rs.getString(2) + '"');
        }
      }
      assertThat(tables).as("tables").anyMatch(t -> t.contains("WVS_AUTH_TOKENS"));
      for (String table : tables) {
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
          ResultSetMetaData meta = rs.getMetaData();
          while (rs.next()) {
            rows++;
            for (int col = 1; col <= meta.getColumnCount(); col++) {
              cells++;
              String where = table + "." + meta.getColumnName(col) + " row " + rows;
              if (isBinary(meta.getColumnType(col))) {
                byte[] bytes = rs.getBytes(col);
                findings.addAll(scanner.scan(where, bytes == null ? new byte[0] : bytes));
              } else {
                findings.addAll(scanner.scan(where, String.valueOf(rs.getString(col))));
              }
            }
          }
        }
      }
    }
    assertThat(rows).as("rows").isPositive();
    return new Rows(tables.size(), rows, cells);
  }

  /**
   * The stopped server's H2 file, opened here. No compaction on close: H2 2.3.232 trips one of its
   * own assertions there when the JVM runs with -ea, as under surefire.
   */
  private static Connection openDatabase(Path data) throws SQLException {
    return DriverManager.getConnection(DemoDatabase.h2Url(data) + ";MAX_COMPACT_TIME=0", "", "");
  }

  private static boolean isBinary(int type) {
    return type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY
        || type == Types.BLOB;
  }

  /**
   * Scans the bytes of every file in the data folder: the database file (old row versions too),
   * the key files, the repositories; returns the number of files and bytes.
   */
  private Bytes scanFiles(Path data, List<String> findings) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(data)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    long total = 0;
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      total += bytes.length;
      findings.addAll(scanner.scan("file " + data.relativize(f), bytes));
    }
    return new Bytes(files.size(), total);
  }

  // ------------------------------------------------------------------------------ HTTP and git

  private Answer call(String what, String method, String url, String body, String... headers) {
    Answer a = DemoHarness.send(method, url, body, headers);
    exchanges.add(new Exchange(what, a, new HashSet<>()));
    return a;
  }

  private Answer post(String path, String token, String json) {
    return call("POST " + path, "POST", api + path, json, "PRIVATE-TOKEN", token,
        "Content-Type", "application/json");
  }

  private static Answer expect(int status, Answer a) {
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    return a;
  }

  /**
   * The token the last answer created (with {@code status}), registered as {@code label} and
   * allowed in that answer only.
   */
  private String issue(String label, int status, Answer answer) {
    String token = expect(status, answer).json().path("token").asText();
    assertThat(token).as("%s: token in the answer", label).isNotEmpty();
    exchanges.get(exchanges.size() - 1).created().add(scanner.add(label, token));
    return token;
  }

  private com.fasterxml.jackson.databind.JsonNode lastJson() {
    return exchanges.get(exchanges.size() - 1).answer().json();
  }

  private String gitRefs(String fullPath) {
    return base + "/" + fullPath + ".git/info/refs?service=git-upload-pack";
  }

  private String cloneUrl(String username, String password, String fullPath) {
    return base.replace("http://", "http://" + enc(username) + ":" + enc(password) + "@") + "/"
        + fullPath + ".git";
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private GitRun git(Path dir, String... args) {
    GitRun run = DemoHarness.git(home, dir, args);
    gitRuns.add(run);
    return run;
  }

  private void gitOk(String... args) {
    gitOk(work, args);
  }

  private void gitOk(Path dir, String... args) {
    git(dir, args).ok();
  }

  private void gitFails(String... args) {
    GitRun run = git(work, args);
    assertThat(run.exitCode()).as("git %s should fail:%n%s", args[0], run.output()).isNotZero();
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------------------ the child JVM

  /**
   * The demo's {@code Main} in a child JVM on this test's class path, every logger at DEBUG
   * (the demo's own package too, which its {@code simplelogger.properties} sets to INFO), standard
   * output and error to files.
   */
  private record DemoProcess(Process process, Path stdoutFile, Path stderrFile, String baseUrl,
      String printedToken) {
    private static final Pattern API_URL = Pattern.compile("REST API: +(http://\\S+)/api/v4");
    private static final Pattern TOKEN_LINE = Pattern.compile("(?m)^  export TOKEN=(\\S+)$");

    static DemoProcess start(Path dir, Map<String, String> env, List<String> args)
        throws IOException, InterruptedException {
      Files.createDirectories(dir);
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          // A short-lived server on a 2-core machine: quick start beats peak speed.
          "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
          "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug",
          "-Dorg.slf4j.simpleLogger.log.io.wvs.auth.demo=debug",
          "-cp", System.getProperty("java.class.path"), Main.class.getName()));
      command.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(command)
          .redirectOutput(dir.resolve("stdout.log").toFile())
          .redirectError(dir.resolve("stderr.log").toFile());
      pb.environment().remove(DemoConfig.ADMIN_TOKEN_ENV);
      pb.environment().putAll(env);
      Process process = pb.start();
      Path out = dir.resolve("stdout.log");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      String text = "";
      while (!text.contains("Stop with Ctrl-C.")) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new AssertionError("the demo server did not start:\n" + text
              + Files.readString(dir.resolve("stderr.log"), StandardCharsets.ISO_8859_1));
        }
        Thread.sleep(50);
        text = Files.readString(out, StandardCharsets.ISO_8859_1);
      }
      Matcher url = API_URL.matcher(text);
      assertThat(url.find()).as("API URL in the start-up text").isTrue();
      Matcher token = TOKEN_LINE.matcher(text);
      return new DemoProcess(process, out, dir.resolve("stderr.log"), url.group(1),
          token.find() ? token.group(1) : null);
    }

    /** The fresh root token the start-up text printed. */
    String rootToken() {
      assertThat(printedToken).as("root token in the start-up text").isNotNull();
      return printedToken;
    }

    String stdout() {
      return String.join("\n", readLines(stdoutFile));
    }

    /** SIGTERM, as Ctrl-C: the shutdown hook stops the server and closes the database. */
    void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the demo server did not stop within 30 s");
      }
      assertThat(stdout().contains("INFO DemoServer - stopped")).as("stopped cleanly").isTrue();
    }
  }
}
