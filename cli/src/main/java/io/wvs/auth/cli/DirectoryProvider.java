package io.wvs.auth.cli;

import io.wvs.auth.spi.UserDirectory;

/**
 * How a host gives the command line its own user directory instead of a fixture file: a class
 * implementing this interface, with a public no-argument constructor, named in
 * {@code META-INF/services/io.wvs.auth.cli.DirectoryProvider} of a jar on the class path
 * ({@code java -cp wvs-auth-cli.jar:your-directory.jar io.wvs.auth.cli.WvsAuthCli ...}). The
 * command line then resolves users (and, if the directory is also a
 * {@link io.wvs.auth.spi.ResourceDirectory}, projects and groups) through it.
 *
 * @since 0.1
 */
public interface DirectoryProvider {
  /**
   * The host's user directory, opened for one command; it may also implement
   * {@link io.wvs.auth.spi.ResourceDirectory} and {@link io.wvs.auth.spi.BotAccounts}.
   *
   * @return the directory
   */
  UserDirectory open();
}
