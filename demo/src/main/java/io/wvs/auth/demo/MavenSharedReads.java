package io.wvs.auth.demo;

import io.wvs.auth.AuthResult;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.ResourceDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Downloads that look through several projects' repositories: the group-level endpoint (the
 * projects of a group and its subgroups) and the instance-level one (every project). Only the
 * projects the credential may read count, decided for each by {@link PackageAccess} as the
 * project-level endpoint decides (a project or deploy token reaches its own project or its group's;
 * users need Reporter); a file held only by other projects is answered as one held by none.
 *
 * <p>A file comes from the first such project (lowest id) that has it; a checksum or signature
 * ({@code .md5}, {@code .sha1}, {@code .sha256}, {@code .sha512}, {@code .asc}) from the project
 * whose file it belongs to. An artifact-level {@code maven-metadata.xml} held by several such
 * projects is merged ({@link MavenMetadata}); the checksums of a {@code maven-metadata.xml} are
 * computed from the answer itself, so they always match it, and a merged file has no signature.
 */
final class MavenSharedReads {
  private static final Map<String, String> DIGESTS =
      Map.of(".md5", "MD5", ".sha1", "SHA-1", ".sha256", "SHA-256", ".sha512", "SHA-512");
  private static final List<String> SIDECARS = List.of(".md5", ".sha1", ".sha256", ".sha512", ".asc");

  /** What a read answers: a stored file as it is, or bytes made for this request. */
  sealed interface Answer {
    /** A stored file, answered as it is. */
    record Stored(Path file) implements Answer {}

    /** A made body (a merged metadata file, or a checksum). */
    record Made(byte[] body) implements Answer {}
  }

  private final ResourceDirectory directory;
  private final ProjectAccess projects;
  private final PackageAccess access;
  private final MavenStore store;

  MavenSharedReads(ResourceDirectory directory, ProjectAccess projects, PackageAccess access, MavenStore store) {
    this.directory = directory;
    this.projects = projects;
    this.access = access;
    this.store = store;
  }

  /**
   * The answer to a download of {@code path} by {@code ok} through the group {@code within}, or at
   * the instance level when {@code within} is null; empty when no project the credential may read
   * has it.
   */
  Optional<Answer> read(AuthResult.Success ok, ResourceRef within, MavenPath path) throws IOException {
    String name = path.fileName();
    if (name.equals(MavenMetadata.FILE_NAME)) {
      return metadata(ok, within, path);
    }
    for (Map.Entry<String, String> d : DIGESTS.entrySet()) {
      if (name.equals(MavenMetadata.FILE_NAME + d.getKey())) {
        Optional<Answer> metadata = metadata(ok, within, path.withFileName(MavenMetadata.FILE_NAME));
        return metadata.isEmpty() ? metadata : Optional.of(checksum(metadata.get(), d.getValue()));
      }
    }
    if (name.equals(MavenMetadata.FILE_NAME + ".asc")) {
      // The signature of the file answered; a merged file has none (the projects' would not match).
      Optional<Answer> metadata = metadata(ok, within, path.withFileName(MavenMetadata.FILE_NAME));
      return metadata.isPresent() && metadata.get() instanceof Answer.Stored stored
          ? Optional.of(stored.file().resolveSibling(name)).filter(Files::isRegularFile).map(Answer.Stored::new)
          : Optional.empty();
    }
    for (String sidecar : SIDECARS) {
      if (name.endsWith(sidecar) && name.length() > sidecar.length()) {
        MavenPath base = path.withFileName(name.substring(0, name.length() - sidecar.length()));
        List<Long> owner = readable(ok, within, base, 1);
        if (!owner.isEmpty()) {
          return store.find(owner.get(0), path).map(Answer.Stored::new);
        }
      }
    }
    List<Long> first = readable(ok, within, path, 1);
    return first.isEmpty() ? Optional.empty() : store.find(first.get(0), path).map(Answer.Stored::new);
  }

  private Optional<Answer> metadata(AuthResult.Success ok, ResourceRef within, MavenPath path)
      throws IOException {
    List<Long> holders = readable(ok, within, path, Integer.MAX_VALUE);
    if (holders.isEmpty()) {
      return Optional.empty();
    }
    Path first = store.find(holders.get(0), path).orElse(null);
    Optional<String[]> coordinates = MavenMetadata.coordinatesOf(path);
    if (holders.size() == 1 || coordinates.isEmpty()) {
      return Optional.ofNullable(first).map(Answer.Stored::new);
    }
    List<MavenMetadata.Parsed> mergeable = new ArrayList<>();
    for (long id : holders) {
      Optional<Path> file = store.find(id, path);
      if (file.isPresent()) {
        MavenMetadata.parse(file.get(), coordinates.get()[0], coordinates.get()[1]).ifPresent(mergeable::add);
      }
    }
    if (mergeable.isEmpty()) {
      // Version-level or unreadable metadata is not merged: the first project's, as any file.
      return Optional.ofNullable(first).map(Answer.Stored::new);
    }
    return Optional.of(new Answer.Made(MavenMetadata.merge(mergeable)));
  }

  private static Answer checksum(Answer of, String algorithm) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no " + algorithm, e);
    }
    if (of instanceof Answer.Made made) {
      digest.update(made.body());
    } else {
      try (InputStream in = Files.newInputStream(((Answer.Stored) of).file())) {
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) > 0; ) {
          digest.update(buf, 0, n);
        }
      }
    }
    return new Answer.Made(HexFormat.of().formatHex(digest.digest()).getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The ids of the projects, lowest first and at most {@code limit}, that hold {@code path}, lie in
   * {@code within} (any, when null) and whose packages {@code ok} may read. Only a project that
   * holds the file is looked up and decided.
   */
  private List<Long> readable(AuthResult.Success ok, ResourceRef within, MavenPath path, int limit)
      throws IOException {
    List<Long> out = new ArrayList<>();
    for (long id : store.projects()) {
      if (store.find(id, path).isEmpty()) {
        continue;
      }
      Optional<Resource> project = directory.findResource(ResourceRef.project(id));
      if (project.isPresent() && (within == null || projects.reaches(within, project.get().ref()))
          && access.decide(ok, project.get(), false) == ProjectAccess.Outcome.ALLOWED) {
        out.add(id);
        if (out.size() == limit) {
          break;
        }
      }
    }
    return out;
  }
}
