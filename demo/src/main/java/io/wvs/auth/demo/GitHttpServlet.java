package io.wvs.auth.demo;

import io.wvs.auth.AuthResult;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.ResourceDirectory;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;
import org.eclipse.jgit.transport.resolver.ServiceNotAuthorizedException;
import org.eclipse.jgit.transport.resolver.ServiceNotEnabledException;

/**
 * Everything outside {@code /api/v4}: git over HTTP ({@code /<full path>.git/...}) through JGit's
 * {@link GitServlet}, Git LFS ({@code /<full path>.git/info/lfs/...}) through {@link LfsServlet},
 * a short plain-text page at {@code /} saying where to start (a browser gets the pages of
 * {@link BrowserRoutes} there and at their paths). Anything else is a 404.
 *
 * <p>The wvs-auth filter in front has authenticated the request and checked the token's scope for
 * the route (pull needs {@code read_repository}, push {@code write_repository}); here the host's
 * part is added with {@link ProjectAccess}: project membership, and a resource token's reach.
 * Push is enabled for every request that passes both (JGit's own rule would want
 * {@code getRemoteUser()}; the filter's result is used instead).
 */
final class GitHttpServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient GitServlet git = new GitServlet();
  private final transient LfsServlet lfs;
  private final transient BrowserRoutes browser;
  private transient volatile String welcome = "wvs-auth demo server\n";

  GitHttpServlet(WvsAuth auth, GitRepositories repositories, LfsServlet lfs, BrowserRoutes browser) {
    this.lfs = lfs;
    this.browser = browser;
    ResourceDirectory directory = auth.resourceDirectory();
    ProjectAccess access = new ProjectAccess(auth);
    git.setRepositoryResolver((HttpServletRequest req, String name) -> {
      Optional<Resource> project = projectOf(req, directory, name);
      AuthResult.Success ok = RequestAuth.success(req);
      if (project.isEmpty()) {
        throw new RepositoryNotFoundException(name);
      }
      if (ok == null) {
        throw new ServiceNotAuthorizedException();
      }
      if (access.decide(req, ok, project.get(), ProjectAccess.Need.PULL) != ProjectAccess.Outcome.ALLOWED
          && access.decide(req, ok, project.get(), ProjectAccess.Need.PUSH) != ProjectAccess.Outcome.ALLOWED) {
        // As the platform does for a private project you cannot see: it does not exist.
        throw new RepositoryNotFoundException(name);
      }
      try {
        return repositories.open(project.get()).orElseThrow(() -> new RepositoryNotFoundException(name));
      } catch (RepositoryNotFoundException e) {
        throw e;
      } catch (IOException e) {
        throw new RepositoryNotFoundException(name, e);
      }
    });
    git.setUploadPackFactory((HttpServletRequest req, Repository db) -> {
      require(access, req, db, ProjectAccess.Need.PULL, directory);
      return new UploadPack(db);
    });
    git.setReceivePackFactory((HttpServletRequest req, Repository db) -> {
      AuthResult.Success ok = require(access, req, db, ProjectAccess.Need.PUSH, directory);
      ReceivePack receive = new ReceivePack(db);
      String username = ok.principal().username();
      receive.setRefLogIdent(new PersonIdent(username, username + "@users.noreply.wvs.invalid"));
      // JGit writes the pushed objects with the process umask: make them private again.
      receive.setPostReceiveHook((rp, commands) ->
          PrivateFiles.tightenQuietly(rp.getRepository().getDirectory().toPath()));
      return receive;
    });
  }

  private static AuthResult.Success require(ProjectAccess access, HttpServletRequest req, Repository db,
      ProjectAccess.Need need, ResourceDirectory directory)
      throws ServiceNotAuthorizedException, ServiceNotEnabledException {
    AuthResult.Success ok = RequestAuth.success(req);
    if (ok == null) {
      throw new ServiceNotAuthorizedException();
    }
    String name = nameOf(req);
    Optional<Resource> project = projectOf(req, directory, name);
    if (project.isEmpty() || access.decide(req, ok, project.get(), need) != ProjectAccess.Outcome.ALLOWED) {
      throw new ServiceNotEnabledException(need == ProjectAccess.Need.PUSH
          ? "You are not allowed to push code to this project."
          : "You are not allowed to download code from this project.");
    }
    return ok;
  }

  /** The repository name ({@code <full path>.git}) of a git request path. */
  private static String nameOf(HttpServletRequest req) {
    String path = req.getPathInfo();
    if (path == null) {
      return null;
    }
    int end = path.indexOf(".git/");
    return end < 0 ? (path.endsWith(".git") ? path.substring(1) : null) : path.substring(1, end + 4);
  }

  private static Optional<Resource> projectOf(HttpServletRequest req, ResourceDirectory directory, String name) {
    if (name == null || !name.endsWith(".git")) {
      return Optional.empty();
    }
    return ProjectAccess.projectOf(req, directory, name.substring(0, name.length() - 4));
  }

  /** The text of the page at {@code /}, known once the server listens. */
  void setWelcome(String text) {
    this.welcome = text;
  }

  @Override
  public void init(ServletConfig config) throws ServletException {
    super.init(config);
    git.init(config);
    lfs.init(config);
    if (browser != null) {
      browser.init(config);
    }
  }

  @Override
  public void destroy() {
    git.destroy();
    lfs.destroy();
    super.destroy();
  }

  private static void challenge(HttpServletResponse resp, boolean lfs) throws IOException {
    resp.setStatus(401);
    resp.setHeader("WWW-Authenticate", "Basic realm=\"WVS\"");
    if (lfs) {
      resp.setContentType(LfsServlet.MEDIA_TYPE);
      resp.getOutputStream().write("{\"message\":\"Credentials needed\"}".getBytes(StandardCharsets.UTF_8));
    } else {
      resp.setContentType("text/plain;charset=utf-8");
      resp.getOutputStream().write("HTTP Basic: Access denied\n".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp)
      throws ServletException, IOException {
    String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
    boolean lfsPath = LfsServlet.handles(path);
    boolean gitPath = path.contains(".git/") || path.endsWith(".git");
    if ((lfsPath || gitPath) && RequestAuth.success(req) == null) {
      // The filter lets requests without a credential through; projects are private, so ask for
      // one as the platform does. Git and Git LFS answer the challenge with the URL's credentials.
      challenge(resp, lfsPath);
    } else if (lfsPath) {
      lfs.service(req, resp);
    } else if (gitPath) {
      git.service(req, resp);
    } else if (browser != null && browser.handles(req, path)) {
      browser.service(req, resp, path, welcome);
    } else if (path.equals("/") && (req.getMethod().equals("GET") || req.getMethod().equals("HEAD"))) {
      resp.setStatus(200);
      resp.setContentType("text/plain;charset=utf-8");
      resp.getOutputStream().write(welcome.getBytes(StandardCharsets.UTF_8));
    } else {
      resp.setStatus(404);
      resp.setContentType("application/json");
      resp.getOutputStream().write("{\"message\":\"404 Not Found\"}".getBytes(StandardCharsets.UTF_8));
    }
  }
}
