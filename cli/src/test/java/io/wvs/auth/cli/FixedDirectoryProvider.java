package io.wvs.auth.cli;

import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.User;
import io.wvs.auth.spi.UserDirectory;

/** A host's directory as the command line finds it through the service loader: two users. */
public final class FixedDirectoryProvider implements DirectoryProvider {
  @Override
  public UserDirectory open() {
    InMemoryUserDirectory directory = new InMemoryUserDirectory();
    directory.put(User.admin(1, "root"));
    directory.put(User.regular(77, "provided-user"));
    return directory;
  }
}
