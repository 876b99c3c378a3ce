package io.wvs.auth.demo;

import io.wvs.auth.AuthResult;
import io.wvs.auth.Channel;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.servlet.AccessRule;
import io.wvs.auth.servlet.WvsAuthFilter;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.ResourceDirectory;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Maven repository per project, as the platform's Maven package API serves it:
 * {@code /api/v4/projects/:id/packages/maven/<path>} takes {@code PUT} (upload: artifacts, POMs,
 * {@code maven-metadata.xml} and checksums, a file replacing the one at its path), {@code GET} and
 * {@code HEAD} (download). Downloads only, through several projects ({@link MavenSharedReads}):
 * {@code /api/v4/groups/:id/-/packages/maven/<path>} over the projects of the group and its
 * subgroups, and the instance-level {@code /api/v4/packages/maven/<path>} over every project; each
 * answers from the projects the credential may read, merging an artifact's
 * {@code maven-metadata.xml}. Files live under {@code <data-dir>/packages/maven/<project id>/},
 * written durably ({@link MavenStore}).
 *
 * <p>It stands behind the wvs-auth filter, whose standard rules put these paths on the package
 * registry channel ({@code read_package_registry} for GET and HEAD, {@code write_package_registry}
 * for PUT; {@code Deploy-Token}, {@code Private-Token}, Bearer or Basic credentials) and resolved
 * the project or group; the membership is decided here ({@link PackageAccess}). Answers:
 * {@code 400} for a path that could name anything outside the project's folder ({@link MavenPath}),
 * {@code 401} with a Basic challenge without a credential (projects are private), {@code 404} for a
 * project the credential may not read or a file that is not there, {@code 403} for an upload it may
 * not make, {@code 405} for other methods (so for every upload at the group and instance levels),
 * {@code 413} above {@value MavenStore#MAX_FILE_BYTES} bytes; each with the platform's JSON {@code {"message": …}}, never the path or a token.
 */
final class MavenRepositoryFilter implements Filter {
  private static final Logger LOG = LoggerFactory.getLogger(MavenRepositoryFilter.class);
  private static final String PROJECT_PREFIX = "/api/v4/projects/";
  private static final String GROUP_PREFIX = "/api/v4/groups/";
  private static final String PROJECT_MAVEN = "/packages/maven/";
  private static final String GROUP_MAVEN = "/-/packages/maven/";
  private static final String INSTANCE_PREFIX = "/api/v4/packages/maven/";

  private final ResourceDirectory directory;
  private final PackageAccess access;
  private final ProjectAccess projects;
  private final MavenStore store;
  private final MavenSharedReads shared;

  /**
   * @param auth the library: its guarded resource directory decides
   * @param root the folder of the repositories ({@code <data-dir>/packages/maven})
   */
  MavenRepositoryFilter(WvsAuth auth, Path root) {
    this.directory = auth.resourceDirectory();
    this.projects = new ProjectAccess(auth);
    this.access = new PackageAccess(projects);
    this.store = new MavenStore(root);
    this.shared = new MavenSharedReads(directory, projects, access, store);
  }

  /** Where a Maven request goes: one project's repository, a group's, or the instance's. */
  private enum Level {
    PROJECT,
    GROUP,
    INSTANCE
  }

  /** A Maven request: its level, and the undecoded file path. */
  private record Target(Level level, String rawPath) {
    static Target of(String uri) {
      if (uri == null) {
        return null;
      }
      if (uri.startsWith(INSTANCE_PREFIX)) {
        return new Target(Level.INSTANCE, uri.substring(INSTANCE_PREFIX.length()));
      }
      boolean group = uri.startsWith(GROUP_PREFIX);
      if (!group && !uri.startsWith(PROJECT_PREFIX)) {
        return null;
      }
      int idStart = group ? GROUP_PREFIX.length() : PROJECT_PREFIX.length();
      int idEnd = uri.indexOf('/', idStart);
      String marker = group ? GROUP_MAVEN : PROJECT_MAVEN;
      if (idEnd <= idStart || !uri.startsWith(marker, idEnd)) {
        return null;
      }
      return new Target(group ? Level.GROUP : Level.PROJECT, uri.substring(idEnd + marker.length()));
    }
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse resp)) {
      chain.doFilter(request, response);
      return;
    }
    Target target = Target.of(req.getRequestURI());
    if (target == null) {
      chain.doFilter(request, response);
      return;
    }
    Optional<MavenPath> path = MavenPath.parse(target.rawPath());
    if (path.isEmpty()) {
      json(resp, 400, "400 Bad request - invalid package file path: only plain segments of letters,"
          + " digits and . _ - + ~ are accepted (no empty, dot or encoded segments)");
      return;
    }
    String method = req.getMethod();
    boolean read = method.equals("GET") || method.equals("HEAD");
    boolean project = target.level() == Level.PROJECT;
    if (!read && !(method.equals("PUT") && project)) {
      // Uploads go to a project only; the group and instance levels are for downloads.
      resp.setHeader("Allow", project ? "GET, HEAD, PUT" : "GET, HEAD");
      json(resp, 405, "405 Method Not Allowed");
      return;
    }
    AuthResult.Success ok = RequestAuth.success(req);
    if (ok == null) {
      // Projects are private: ask for credentials, as Maven expects before it sends its own.
      resp.setHeader("WWW-Authenticate", "Basic realm=\"WVS Package Registry\"");
      json(resp, 401, "401 Unauthorized");
      return;
    }
    boolean headOnly = method.equals("HEAD");
    if (target.level() == Level.INSTANCE) {
      // No resource in the route: which project (if any) is decided per project, here.
      if (!(req.getAttribute(WvsAuthFilter.RULE_ATTRIBUTE) instanceof AccessRule rule)
          || rule.channel() != Channel.PACKAGE_REGISTRY) {
        json(resp, 404, "404 Not Found");
        return;
      }
      sharedDownload(resp, ok, null, path.get(), headOnly);
      return;
    }
    Optional<Resource> resource = resource(req, target.level() == Level.GROUP);
    if (resource.isEmpty()) {
      json(resp, 404, project ? "404 Project Not Found" : "404 Group Not Found");
      return;
    }
    if (!project) {
      sharedDownload(resp, ok, resource.get().ref(), path.get(), headOnly);
      return;
    }
    ProjectAccess.Outcome outcome = access.decide(ok, resource.get(), !read);
    if (outcome == ProjectAccess.Outcome.NOT_FOUND) {
      json(resp, 404, "404 Project Not Found");
    } else if (outcome == ProjectAccess.Outcome.FORBIDDEN) {
      json(resp, 403, "403 Forbidden");
    } else if (read) {
      download(resp, store.find(resource.get().ref().id(), path.get()), path.get(), headOnly);
    } else {
      upload(req, resp, resource.get(), path.get());
    }
  }

  /**
   * The project or group the wvs-auth filter resolved for this request's {@code :id}: its route
   * decision is used, so the id is read once and the same way.
   */
  private Optional<Resource> resource(HttpServletRequest req, boolean group) {
    if (!(req.getAttribute(WvsAuthFilter.RULE_ATTRIBUTE) instanceof AccessRule rule)
        || rule.channel() != Channel.PACKAGE_REGISTRY || rule.resource() == null
        || rule.resource().kind() != (group ? ResourceRef.Kind.GROUP : ResourceRef.Kind.PROJECT)) {
      return Optional.empty();
    }
    if (req.getAttribute(WvsAuthFilter.RESOURCE_ATTRIBUTE) instanceof Resource known
        && known.ref().equals(rule.resource())) {
      return Optional.of(known);
    }
    return directory.findResource(rule.resource());
  }

  /** A download through a group ({@code within}) or at the instance level ({@code within} null). */
  private void sharedDownload(HttpServletResponse resp, AuthResult.Success ok, ResourceRef within,
      MavenPath path, boolean headOnly) throws IOException {
    Optional<MavenSharedReads.Answer> answer = shared.read(ok, within, path);
    if (answer.isPresent() && answer.get() instanceof MavenSharedReads.Answer.Made made) {
      resp.setStatus(200);
      resp.setContentType(path.contentType());
      resp.setContentLength(made.body().length);
      if (!headOnly) {
        resp.getOutputStream().write(made.body());
      }
      return;
    }
    download(resp, answer.map(a -> ((MavenSharedReads.Answer.Stored) a).file()), path, headOnly);
  }

  private static void download(HttpServletResponse resp, Optional<Path> file, MavenPath path,
      boolean headOnly) throws IOException {
    if (file.isEmpty()) {
      json(resp, 404, "404 Not Found");
      return;
    }
    resp.setStatus(200);
    resp.setContentType(path.contentType());
    resp.setContentLengthLong(Files.size(file.get()));
    if (!headOnly) {
      try (OutputStream out = resp.getOutputStream()) {
        Files.copy(file.get(), out);
      }
    }
  }

  private void upload(HttpServletRequest req, HttpServletResponse resp, Resource project, MavenPath path)
      throws IOException {
    if (req.getContentLengthLong() > MavenStore.MAX_FILE_BYTES) {
      json(resp, 413, "413 Request Entity Too Large");
      return;
    }
    try (InputStream body = req.getInputStream()) {
      store.write(project.ref().id(), path, body);
    } catch (MavenStore.TooLargeException e) {
      json(resp, 413, "413 Request Entity Too Large");
      return;
    } catch (FileAlreadyExistsException e) {
      json(resp, 400, "400 Bad request - a folder of the package file path is a file");
      return;
    } catch (IOException e) {
      if (HttpHygiene.statusFor(e) != 500) {
        throw e; // the client broke off or stalled: answered 400 or 408 by the hygiene filter
      }
      LOG.warn("could not store a package file of project {}: {}", project.ref().id(), e.toString());
      json(resp, 500, "500 Internal Server Error - the file could not be stored");
      return;
    }
    // Stored and forced to disk: only now the 2xx.
    json(resp, 201, "201 Created");
  }

  private static void json(HttpServletResponse resp, int status, String message) throws IOException {
    resp.setStatus(status);
    resp.setContentType("application/json");
    resp.setHeader("Cache-Control", "no-store");
    byte[] body = ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
    resp.setContentLength(body.length);
    resp.getOutputStream().write(body);
  }

  @Override
  public String toString() {
    return "MavenRepositoryFilter";
  }
}
