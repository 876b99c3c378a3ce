package io.wvs.auth.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.wvs.auth.jdbc.JdbcDialect;
import io.wvs.auth.jdbc.SchemaInstaller;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code schema migrate|status}: the bundled migrations of the JDBC store. */
@Command(name = "schema", mixinStandardHelpOptions = true,
    description = "Applies or lists the bundled migrations of the token store's schema.",
    subcommands = {SchemaCommands.Migrate.class, SchemaCommands.Status.class})
final class SchemaCommands {
  @ParentCommand WvsAuthCli root;

  /** Options of both schema commands. */
  static final class Common {
    @Mixin DatabaseOptions database;

    @Option(names = "--json", description = "print one JSON document")
    boolean json;
  }

  @Command(name = "migrate", mixinStandardHelpOptions = true,
      description = "Applies every bundled migration not applied yet (idempotent, safe beside"
          + " running instances).")
  static final class Migrate implements Callable<Integer> {
    @ParentCommand SchemaCommands parent;
    @Mixin Common common;

    @Override
    public Integer call() {
      WvsAuthCli root = parent.root;
      try (HikariDataSource ds = common.database.open(root.env)) {
        JdbcDialect dialect = JdbcDialect.detect(ds);
        List<Integer> applied = SchemaInstaller.install(ds, dialect);
        Map<String, Object> shown = answer(dialect);
        shown.put("applied", applied);
        shown.put("pending", SchemaInstaller.pending(ds, dialect));
        new Output(root.out, common.json).object(shown);
        return WvsAuthCli.OK;
      }
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Lists the bundled migrations not applied yet; changes nothing. Exit code 1"
          + " when some are pending.")
  static final class Status implements Callable<Integer> {
    @ParentCommand SchemaCommands parent;
    @Mixin Common common;

    @Override
    public Integer call() {
      WvsAuthCli root = parent.root;
      try (HikariDataSource ds = common.database.open(root.env)) {
        JdbcDialect dialect = JdbcDialect.detect(ds);
        List<Integer> pending = SchemaInstaller.pending(ds, dialect);
        Map<String, Object> shown = answer(dialect);
        shown.put("pending", pending);
        shown.put("up_to_date", pending.isEmpty());
        new Output(root.out, common.json).object(shown);
        return pending.isEmpty() ? WvsAuthCli.OK : WvsAuthCli.REFUSED;
      }
    }
  }

  /** The start of every schema command's answer: the dialect it spoke. */
  static Map<String, Object> answer(JdbcDialect dialect) {
    Map<String, Object> shown = new LinkedHashMap<>();
    shown.put("dialect", dialect.name().toLowerCase(java.util.Locale.ROOT));
    return shown;
  }
}
