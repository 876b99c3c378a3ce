package io.wvs.auth.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.Console;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the deployment's JDBC store is. The password comes from {@value #PASSWORD_ENV}, else from
 * a prompt on the terminal; {@code --insecure-jdbc-password} takes it as a flag value (which lands
 * in the shell's history and the process list) only when the operator insists.
 */
final class DatabaseOptions {
  /** The environment variable holding the database password. */
  static final String PASSWORD_ENV = "WVS_JDBC_PASSWORD";

  @Option(names = "--jdbc-url", required = true, paramLabel = "<url>",
      description = "the deployment's database, e.g. jdbc:postgresql://db:5432/wvs or"
          + " jdbc:h2:file:/srv/wvs/wvs-auth;AUTO_SERVER=TRUE")
  String url;

  @Option(names = "--jdbc-user", paramLabel = "<user>", description = "the database user")
  String user;

  @Option(names = "--insecure-jdbc-password", paramLabel = "<password>",
      description = "the database password as a flag value (it lands in the shell history);"
          + " prefer the environment variable " + PASSWORD_ENV + " or the prompt")
  String insecurePassword;

  /** Opens a small pool; fails at once, as a refusal, when the database cannot be reached. */
  HikariDataSource open(Map<String, String> env) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    if (user != null) {
      config.setUsername(user);
    }
    String password = password(env);
    if (password != null) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(4);
    config.setConnectionTimeout(5_000);
    config.setInitializationFailTimeout(1);
    config.setPoolName("wvs-auth-cli");
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new Refusal("the database " + shown() + " cannot be reached: " + cause(e));
    }
  }

  private String password(Map<String, String> env) {
    if (insecurePassword != null) {
      return insecurePassword;
    }
    if (env.get(PASSWORD_ENV) != null) {
      return env.get(PASSWORD_ENV);
    }
    Console console = System.console();
    if (console != null && user != null) {
      char[] typed = console.readPassword("Password of database user %s: ", user);
      return typed == null ? null : new String(typed);
    }
    return null;
  }

  /** The URL without its parameters, which may hold credentials. */
  String shown() {
    int cut = url.length();
    for (char c : new char[] {'?', ';'}) {
      int at = url.indexOf(c);
      if (at >= 0 && at < cut) {
        cut = at;
      }
    }
    return url.substring(0, cut);
  }

  /** The innermost cause's message, first line only, without the URL's parameters. */
  private String cause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null
        ? root.getClass().getSimpleName() : root.getMessage();
    message = message.lines().findFirst().orElse("").replace(url, shown());
    return message.length() > 300 ? message.substring(0, 300) + "…" : message;
  }
}
