package io.wvs.auth.cli;

import io.wvs.auth.CreatedToken;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Scope;
import io.wvs.auth.Scopes;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenView;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.User;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code token create|revoke|show|list}: the console's token one-liners. */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = "Creates, revokes, shows and lists tokens.",
    subcommands = {TokenCommands.Create.class, TokenCommands.Revoke.class,
        TokenCommands.Show.class, TokenCommands.ListTokens.class})
final class TokenCommands {
  @ParentCommand WvsAuthCli root;

  /** Options of every token command. */
  static final class Common {
    @Mixin Deployment.Options deployment;

    @Option(names = "--actor", paramLabel = "<username|id>", defaultValue = "root",
        description = "the administrator the change is recorded as (default: ${DEFAULT-VALUE})")
    String actor;

    @Option(names = "--json", description = "print one JSON document")
    boolean json;
  }

  /** Runs {@code body} against the opened deployment, as the administrator {@code --actor}. */
  private static int within(TokenCommands parent, Common common, Body body) {
    WvsAuthCli root = parent.root;
    try (Deployment d = common.deployment.open(root.env, root.clock)) {
      User actor = user(d.auth, common.actor, "--actor");
      if (!actor.admin() || actor.blocked()) {
        throw new Refusal("--actor " + common.actor + " is not an active administrator");
      }
      return body.run(d.auth, actor.id(), new Output(root.out, common.json));
    }
  }

  private interface Body {
    int run(WvsAuth auth, long actorId, Output out);
  }

  /**
   * A token value as given: {@code -} reads it from the first line of standard input, so that it
   * stays out of the shell history and the process list.
   */
  static String value(String given) {
    if (!"-".equals(given)) {
      return given;
    }
    try {
      String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
          java.nio.charset.StandardCharsets.UTF_8)).readLine();
      if (line == null || line.isEmpty()) {
        throw new UsageException("--value -: standard input holds no value");
      }
      return line;
    } catch (java.io.IOException e) {
      throw new UsageException("--value -: standard input cannot be read");
    }
  }

  /** The user named {@code given}: a username, or a numeric id. */
  static User user(WvsAuth auth, String given, String flag) {
    Optional<User> found = auth.userDirectory().findUserByUsername(given);
    if (found.isEmpty() && given.matches("[0-9]{1,18}")) {
      found = auth.userDirectory().findUser(Long.parseLong(given));
    }
    return found.orElseThrow(() -> new Refusal(flag + " " + given + ": no such user"));
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = {"Creates a personal access token for a user, under the deployment's policy.",
          "With --value the token has that predetermined value (at least 20 characters); without"
              + " it a value is generated and printed once."})
  static final class Create implements Callable<Integer> {
    @ParentCommand TokenCommands parent;
    @Mixin Common common;

    @Option(names = "--user", required = true, paramLabel = "<username|id>",
        description = "the token's owner")
    String user;

    @Option(names = "--name", required = true, paramLabel = "<name>", description = "its name")
    String name;

    @Option(names = "--scopes", required = true, paramLabel = "<a,b>",
        description = "comma-separated scopes, e.g. read_user,read_repository")
    String scopes;

    @Option(names = "--expires-at", paramLabel = "<yyyy-mm-dd>",
        description = "the date from whose 00:00 UTC it stops working; default: the policy's")
    String expiresAt;

    @Option(names = "--value", paramLabel = "<token>",
        description = "a predetermined value (20 to 255 printable ASCII characters); - reads it"
            + " from standard input")
    String value;

    @Override
    public Integer call() {
      Set<Scope> parsed = Scopes.parse(scopes);
      LocalDate expiry = date(expiresAt);
      String given = value == null ? null : value(value);
      return within(parent, common, (auth, actorId, out) -> {
        User owner = user(auth, user, "--user");
        TokenSpec spec = new TokenSpec(name, parsed, expiry);
        Map<String, Object> shown = new LinkedHashMap<>();
        if (given != null) {
          shown.putAll(Output.fields(
              auth.personalTokens().createWithValue(owner.id(), spec, given)));
        } else {
          CreatedToken created = auth.personalTokens().create(actorId, owner.id(), spec);
          shown.putAll(Output.fields(created.token()));
          shown.put("token", created.value()); // generated here: shown this once, never stored
        }
        out.object(shown);
        return WvsAuthCli.OK;
      });
    }

    private static LocalDate date(String text) {
      if (text == null) {
        return null;
      }
      try {
        return LocalDate.parse(text);
      } catch (DateTimeParseException e) {
        throw new UsageException("--expires-at must be a date yyyy-mm-dd, was " + text);
      }
    }
  }

  /** Exactly one of the ways to name a token. */
  static final class Which {
    @Option(names = "--value", required = true, paramLabel = "<token>",
        description = "the token's value (any token type); - reads it from standard input")
    String value;

    @Option(names = "--id", required = true, paramLabel = "<id>", description = "the token's id")
    Long id;
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revokes a token of any type at once, by its value or its id. Idempotent.")
  static final class Revoke implements Callable<Integer> {
    @ParentCommand TokenCommands parent;
    @Mixin Common common;
    @ArgGroup(exclusive = true, multiplicity = "1") Which which;

    @Override
    public Integer call() {
      String given = which.value == null ? null : value(which.value);
      return within(parent, common, (auth, actorId, out) -> {
        TokenView revoked = given != null
            ? auth.adminTokens().revokeByValue(actorId, given)
            : auth.adminTokens().revokeById(actorId, which.id);
        out.object(Output.fields(revoked));
        return WvsAuthCli.OK;
      });
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Shows a token of any type found by its value: type, owner, scopes, state,"
          + " expiry and last use; never the value.")
  static final class Show implements Callable<Integer> {
    @ParentCommand TokenCommands parent;
    @Mixin Common common;

    @Option(names = "--value", required = true, paramLabel = "<token>",
        description = "the token's value; - reads it from standard input")
    String value;

    @Override
    public Integer call() {
      String given = value(value);
      return within(parent, common, (auth, actorId, out) -> {
        TokenView token = auth.adminTokens().inspect(actorId, given)
            .orElseThrow(() -> new Refusal("no token has this value"));
        Map<String, Object> shown = new LinkedHashMap<>(Output.fields(token));
        if (token.userId() != null) {
          shown.put("owner_username", auth.userDirectory().findUser(token.userId())
              .map(User::username).orElse(null));
        }
        out.object(shown);
        return WvsAuthCli.OK;
      });
    }
  }

  /** Exactly one owner to list the tokens of. */
  static final class Owner {
    @Option(names = "--user", required = true, paramLabel = "<username|id>",
        description = "a user's or bot user's tokens")
    String user;

    @Option(names = "--project", required = true, paramLabel = "<path|id>",
        description = "a project's access and deploy tokens")
    String project;

    @Option(names = "--group", required = true, paramLabel = "<path|id>",
        description = "a group's access and deploy tokens")
    String group;
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Lists the tokens of a user, a project or a group, with their state.")
  static final class ListTokens implements Callable<Integer> {
    @ParentCommand TokenCommands parent;
    @Mixin Common common;
    @ArgGroup(exclusive = true, multiplicity = "1") Owner owner;

    @Override
    public Integer call() {
      return within(parent, common, (auth, actorId, out) -> {
        if (owner.user != null) {
          out.tokens(auth.adminTokens().listOfUser(actorId, user(auth, owner.user, "--user").id()));
        } else if (owner.project != null) {
          out.tokens(auth.adminTokens().listOfResource(actorId,
              resource(auth, owner.project, ResourceRef.Kind.PROJECT, "--project")));
        } else {
          out.tokens(auth.adminTokens().listOfResource(actorId,
              resource(auth, owner.group, ResourceRef.Kind.GROUP, "--group")));
        }
        return WvsAuthCli.OK;
      });
    }

    private static ResourceRef resource(WvsAuth auth, String given, ResourceRef.Kind kind,
        String flag) {
      Optional<Resource> found = auth.resourceDirectory().findResourceByPath(given)
          .filter(r -> r.ref().kind() == kind);
      if (found.isEmpty() && given.matches("[0-9]{1,18}")) {
        ResourceRef ref = kind == ResourceRef.Kind.PROJECT
            ? ResourceRef.project(Long.parseLong(given)) : ResourceRef.group(Long.parseLong(given));
        found = auth.resourceDirectory().findResource(ref);
      }
      return found.map(Resource::ref)
          .orElseThrow(() -> new Refusal(flag + " " + given + ": no such " + flag.substring(2)));
    }
  }
}
