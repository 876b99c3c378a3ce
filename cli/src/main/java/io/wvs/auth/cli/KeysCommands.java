package io.wvs.auth.cli;

import io.wvs.auth.RekeyReport;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code keys check|rekey}: the peppers of a deployment. */
@Command(name = "keys", mixinStandardHelpOptions = true,
    description = "Checks the peppers against the database and moves digests to the current one.",
    subcommands = {KeysCommands.Check.class, KeysCommands.Rekey.class})
final class KeysCommands {
  @ParentCommand WvsAuthCli root;

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = {"Compares every configured pepper (current and retired) with the check value"
          + " the database holds for its key id.",
          "A key id the database has no check value for yet gets this pepper's, as an"
              + " application instance's start does. Refused (exit 1) on a mismatch."})
  static final class Check implements Callable<Integer> {
    @ParentCommand KeysCommands parent;
    @Mixin Deployment.Options deployment;

    @Option(names = "--json", description = "print one JSON document")
    boolean json;

    @Override
    public Integer call() {
      WvsAuthCli root = parent.root;
      try (Deployment d = deployment.open(root.env, root.clock)) {
        List<String> ids = d.keyring.keyIds();
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("current", ids.get(0));
        shown.put("retired", ids.subList(1, ids.size()));
        shown.put("matching", ids);
        new Output(root.out, json).object(shown);
        return WvsAuthCli.OK;
      }
    }
  }

  @Command(name = "rekey", mixinStandardHelpOptions = true,
      description = {"Moves the digest of every active token under a retired pepper to the current"
          + " one where the value can be recovered (CI deploy tokens, sealed under the CI key), in"
          + " batches, beside the running application; counts the others, which the application"
          + " moves at their next use (a digest cannot be recomputed without the value).",
          "Resumable: run it again, or from the last id reported with --after-id. A retired pepper"
              + " is no longer needed when the report shows no pending or unknown-key tokens."})
  static final class Rekey implements Callable<Integer> {
    @ParentCommand KeysCommands parent;
    @Mixin Deployment.Options deployment;

    @Option(names = "--batch-size", paramLabel = "<n>", defaultValue = "1000",
        description = "tokens per batch, 1 to 100000 (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--after-id", paramLabel = "<id>", defaultValue = "0",
        description = "start after this token id (resume a run cut short)")
    long afterId;

    @Option(names = "--json", description = "print one JSON document")
    boolean json;

    @Override
    public Integer call() {
      if (batchSize < 1 || batchSize > 100_000) {
        throw new UsageException("--batch-size must be 1 to 100000, was " + batchSize);
      }
      WvsAuthCli root = parent.root;
      try (Deployment d = deployment.open(root.env, root.clock)) {
        Progress progress = new Progress(root.err, System.console() != null);
        RekeyReport report = d.auth.adminTokens().rekey(afterId, batchSize, progress::show);
        progress.finish();
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("current_key", d.keyring.currentKeyId());
        shown.put("scanned", report.scanned());
        shown.put("already_current", report.alreadyCurrent());
        shown.put("rekeyed", report.rekeyed());
        shown.put("pending_next_use", report.pendingUse());
        shown.put("unknown_key", report.unknownKey());
        shown.put("last_id", report.lastId());
        new Output(root.out, json).object(shown);
        return WvsAuthCli.OK;
      }
    }
  }

  /** Progress on stderr: a bar redrawn in place on a terminal, else one line per batch. */
  static final class Progress {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final boolean terminal;
    private boolean drawn;

    Progress(PrintWriter err, boolean terminal) {
      this.err = err;
      this.terminal = terminal;
    }

    void show(RekeyReport r) {
      int percent = r.total() == 0 ? 100 : (int) (r.scanned() * 100 / r.total());
      int filled = percent * WIDTH / 100;
      String line = "rekey [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent
          + "% " + r.scanned() + "/" + r.total() + " tokens, " + r.rekeyed() + " moved, "
          + r.pendingUse() + " pending, last id " + r.lastId();
      if (terminal) {
        err.print("\r" + line);
        drawn = true;
      } else {
        err.println(line);
      }
      err.flush();
    }

    void finish() {
      if (drawn) {
        err.println();
        err.flush();
      }
    }
  }
}
