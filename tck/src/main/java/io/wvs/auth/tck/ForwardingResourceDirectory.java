package io.wvs.auth.tck;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.spi.Membership;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.ResourceDirectory;
import java.util.List;
import java.util.Optional;

/**
 * A {@link ResourceDirectory} that hands every call to {@link #delegate()}. Test wrappers extend it
 * and override only the calls they break (an outage of projects and groups, say).
 *
 * @since 0.1
 */
public abstract class ForwardingResourceDirectory implements ResourceDirectory {

  /** {@return the directory the next call goes to} */
  protected abstract ResourceDirectory delegate();

  @Override
  public Optional<Resource> findResource(ResourceRef ref) {
    return delegate().findResource(ref);
  }

  @Override
  public Optional<Resource> findResourceByPath(String fullPath) {
    return delegate().findResourceByPath(fullPath);
  }

  @Override
  public Optional<Role> directRole(long userId, ResourceRef resource) {
    return delegate().directRole(userId, resource);
  }

  @Override
  public List<Membership> members(ResourceRef resource) {
    return delegate().members(resource);
  }
}
