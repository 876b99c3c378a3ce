package io.wvs.auth.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.PepperMismatchException;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.demo.Fixture;
import io.wvs.auth.jdbc.JdbcDialect;
import io.wvs.auth.jdbc.JdbcTokenStore;
import io.wvs.auth.spi.BotAccounts;
import io.wvs.auth.spi.ResourceDirectory;
import io.wvs.auth.spi.UserDirectory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.ServiceLoader;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A running deployment's store, directory and keys, wired into one {@link WvsAuth} per command. */
final class Deployment implements AutoCloseable {
  private final HikariDataSource dataSource;
  final WvsAuth auth;
  final DigestKeyring keyring;

  private Deployment(HikariDataSource dataSource, DigestKeyring keyring, WvsAuth auth) {
    this.dataSource = dataSource;
    this.keyring = keyring;
    this.auth = auth;
  }

  /** The options every command that reads or writes tokens takes. */
  static final class Options {
    @Mixin DatabaseOptions database;
    @Mixin KeyOptions keys;

    @Option(names = "--fixture", paramLabel = "<file.json>",
        description = "the users, groups and projects in the demo's fixture format; without it a"
            + " DirectoryProvider on the class path, else the demo's built-in fixture")
    Path fixture;

    /** Opens the deployment; the caller closes it. */
    Deployment open(Map<String, String> env, Clock clock) {
      UserDirectory directory = directory();
      DigestKeyring keyring = keys.keyring(env);
      byte[] ciKey = keys.ciKey(env);
      HikariDataSource ds = database.open(env);
      try {
        JdbcTokenStore store = new JdbcTokenStore(ds, JdbcDialect.detect(ds));
        WvsAuth.Builder builder = WvsAuth.builder().tokenStore(store).userDirectory(directory)
            .keyring(keyring).clock(clock);
        if (directory instanceof ResourceDirectory resources) {
          builder.resourceDirectory(resources);
          if (directory instanceof BotAccounts bots) {
            builder.botAccounts(bots);
          }
          if (ciKey != null) {
            builder.ciSecretKey(ciKey);
          }
        }
        return new Deployment(ds, keyring, builder.build());
      } catch (PepperMismatchException e) {
        ds.close();
        throw new Refusal("the pepper does not match the one registered in this database under key"
            + " id" + (e.keyIds().size() > 1 ? "s " : " ") + String.join(", ", e.keyIds())
            + ": give the deployment's pepper (--pepper-file or " + KeyFiles.PEPPER_ENV + ")");
      } catch (RuntimeException e) {
        ds.close();
        throw e;
      } finally {
        if (ciKey != null) {
          Arrays.fill(ciKey, (byte) 0);
        }
      }
    }

    private UserDirectory directory() {
      if (fixture != null) {
        try {
          return Fixture.load(fixture).toDirectory();
        } catch (IllegalArgumentException e) {
          throw new UsageException("--fixture: " + e.getMessage());
        }
      }
      Iterator<DirectoryProvider> providers =
          ServiceLoader.load(DirectoryProvider.class).iterator();
      if (providers.hasNext()) {
        return providers.next().open();
      }
      return Fixture.builtIn().toDirectory();
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
