package io.wvs.auth.cli;

import io.wvs.auth.InvalidScopeException;
import io.wvs.auth.WvsAuthException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The administrator's command line of a wvs-auth deployment: tokens, peppers and the schema of its
 * JDBC store. Run it as {@code java -jar wvs-auth-cli.jar <command> --help}.
 *
 * <p>Exit codes: {@value #OK} done; {@value #REFUSED} refused (unknown user or token, a value the
 * policy refuses, a wrong pepper, the database cannot be reached); {@value #USAGE} usage (an
 * unknown option or scope, a missing or malformed key file). Every error is one line on stderr,
 * never with a token value, a key or a stack trace.
 *
 * @since 0.1
 */
@Command(name = "wvs-auth-cli", mixinStandardHelpOptions = true, version = "wvs-auth-cli 0.1",
    description = "Administers the tokens, peppers and schema of a wvs-auth deployment's JDBC"
        + " store.",
    subcommands = {TokenCommands.class, KeysCommands.class, SchemaCommands.class,
        CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "1:refused: unknown user or token, a value the policy refuses, a"
        + " wrong pepper, the database cannot be reached", "2:usage: an unknown option or scope, a"
        + " missing or malformed key file"})
public final class WvsAuthCli {
  /** Exit code of a command that did what it was asked. */
  public static final int OK = 0;
  /** Exit code of a command the deployment refused. */
  public static final int REFUSED = 1;
  /** Exit code of a command line that is not valid. */
  public static final int USAGE = 2;

  final Map<String, String> env;
  final Clock clock;
  final PrintWriter out;
  final PrintWriter err;

  private WvsAuthCli(Map<String, String> env, Clock clock, PrintWriter out, PrintWriter err) {
    this.env = env;
    this.clock = clock;
    this.out = out;
    this.err = err;
  }

  /**
   * Runs the command line and exits with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    // The libraries' own log lines (the JDBC store's, the drivers') stay out of the operator's
    // terminal: stderr carries the progress and one line per error.
    java.util.logging.LogManager.getLogManager().reset();
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(args, System.getenv(), Clock.systemUTC(), out, err));
  }

  static int run(String[] args, Map<String, String> env, Clock clock, PrintWriter out,
      PrintWriter err) {
    CommandLine cli = new CommandLine(new WvsAuthCli(env, clock, out, err));
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((e, argv) -> {
      err.println("error: " + oneLine(masked(e)) + " (see --help)");
      return USAGE;
    });
    cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
      err.println("error: " + oneLine(message(e)));
      return exitCode(e);
    });
    return cli.execute(args);
  }

  /**
   * The parser's message without the arguments it quotes: a token pasted in the wrong place (after
   * a mistyped option, say) must not be echoed. Option names stay.
   */
  private static String masked(CommandLine.ParameterException e) {
    if (e instanceof CommandLine.UnmatchedArgumentException u) {
      List<String> options = new ArrayList<>();
      int others = 0;
      for (String arg : u.getUnmatched()) {
        if (arg.startsWith("-") && arg.length() <= 40) {
          options.add("'" + arg.replaceAll("=.*", "=…") + "'");
        } else {
          others++;
        }
      }
      return (options.isEmpty() ? "unexpected arguments" : "unknown option"
          + (options.size() > 1 ? "s " : " ") + String.join(", ", options))
          + (others == 0 ? "" : " (and " + others + " more argument" + (others > 1 ? "s" : "")
          + ", not shown)");
    }
    String message = e.getMessage();
    if (e.getValue() != null && !e.getValue().isEmpty()) {
      message = message.replace(e.getValue(), "…");
    }
    return message;
  }

  private static int exitCode(Exception e) {
    return e instanceof UsageException || e instanceof InvalidScopeException ? USAGE : REFUSED;
  }

  private static String message(Exception e) {
    if (e instanceof UsageException || e instanceof Refusal || e instanceof WvsAuthException) {
      return e.getMessage();
    }
    return "unexpected " + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("[\\r\\n]+", " ").strip();
  }
}
