package io.wvs.auth.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wvs.auth.AuthResult;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.ResourceDirectory;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small Git LFS server (batch API, basic transfer) under {@code /<project>.git/info/lfs/}: the
 * batch endpoint {@code objects/batch}, downloads ({@code GET objects/<oid>}) and uploads
 * ({@code PUT objects/<oid>}) and an empty lock list ({@code locks}, {@code locks/verify}), kept in {@code <data-dir>/lfs/<project>/}. Requests reach it only
 * through the wvs-auth filter, so a group deploy token of the project's group (or of a parent
 * group) can fetch LFS objects like a project deploy token (on the platform they cannot; here they can).
 *
 * <p>The action links of a batch answer carry no credentials (never the request's own
 * {@code Authorization} header: an answer must not repeat a token); they are on the same host as
 * the batch endpoint, so LFS clients send the remote's credentials to them, as the batch API says.
 */
final class LfsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  static final String MEDIA_TYPE = "application/vnd.git-lfs+json";
  private static final Pattern PATH = Pattern.compile("^/(.+)\\.git/info/lfs/objects/(batch|[0-9a-f]{64})$");
  private static final Pattern LOCKS = Pattern.compile("^/(.+)\\.git/info/lfs/locks(/verify)?$");
  private static final Pattern OID = Pattern.compile("[0-9a-f]{64}");
  private static final long MAX_BATCH_BODY = 1 << 20;
  /** The largest LFS object the demo keeps: 100 MiB. */
  static final long MAX_OBJECT_BYTES = 100L << 20;

  private final transient ResourceDirectory directory;
  private final transient ProjectAccess access;
  private final Path root;
  private final String externalUrl;
  private final transient ObjectMapper json = new ObjectMapper();

  /**
   * @param externalUrl the start of the action links (the server's external URL, never the
   *     request's {@code Host} header)
   */
  LfsServlet(WvsAuth auth, Path root, String externalUrl) {
    this.externalUrl = externalUrl;
    this.directory = auth.resourceDirectory();
    this.access = new ProjectAccess(auth);
    this.root = root;
  }

  /** Whether {@code path} is an LFS path this servlet serves. */
  static boolean handles(String path) {
    return path != null && path.contains(".git/info/lfs/");
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo() == null ? req.getServletPath() : req.getPathInfo();
    Matcher locks = LOCKS.matcher(path);
    if (locks.matches()) {
      locks(req, resp, locks.group(1), locks.group(2) != null);
      return;
    }
    Matcher m = PATH.matcher(path);
    if (!m.matches()) {
      error(resp, 404, "Not found");
      return;
    }
    Optional<Resource> project = ProjectAccess.projectOf(req, directory, m.group(1));
    AuthResult.Success ok = RequestAuth.success(req);
    if (project.isEmpty() || ok == null) {
      error(resp, 404, "Repository or object not found");
      return;
    }
    String what = m.group(2);
    String method = req.getMethod();
    if (what.equals("batch") && method.equals("POST")) {
      batch(req, resp, project.get(), ok);
    } else if (!what.equals("batch") && (method.equals("GET") || method.equals("HEAD"))) {
      if (allowed(req, resp, ok, project.get(), ProjectAccess.Need.PULL)) {
        download(resp, project.get(), what, method.equals("HEAD"));
      }
    } else if (!what.equals("batch") && method.equals("PUT")) {
      if (allowed(req, resp, ok, project.get(), ProjectAccess.Need.PUSH)) {
        upload(req, resp, project.get(), what);
      }
    } else {
      resp.setHeader("Allow", what.equals("batch") ? "POST" : "GET, HEAD, PUT");
      error(resp, 405, "Method not allowed");
    }
  }

  /**
   * The file locking API, answered as a server without locks: listing ({@code GET locks}) and
   * verifying before a push ({@code POST locks/verify}) return no locks; creating one is refused.
   */
  private void locks(HttpServletRequest req, HttpServletResponse resp, String fullPath, boolean verify)
      throws IOException {
    Optional<Resource> project = ProjectAccess.projectOf(req, directory, fullPath);
    AuthResult.Success ok = RequestAuth.success(req);
    if (project.isEmpty() || ok == null) {
      error(resp, 404, "Repository or object not found");
      return;
    }
    ObjectNode answer = json.createObjectNode();
    if (verify && req.getMethod().equals("POST")) {
      if (!allowed(req, resp, ok, project.get(), ProjectAccess.Need.PUSH)) {
        return;
      }
      answer.putArray("ours");
      answer.putArray("theirs");
    } else if (!verify && req.getMethod().equals("GET")) {
      if (!allowed(req, resp, ok, project.get(), ProjectAccess.Need.PULL)) {
        return;
      }
      answer.putArray("locks");
    } else {
      error(resp, 501, "File locking is not supported by the demo server");
      return;
    }
    resp.setStatus(200);
    resp.setContentType(MEDIA_TYPE);
    json.writeValue(resp.getOutputStream(), answer);
  }

  private boolean allowed(HttpServletRequest req, HttpServletResponse resp, AuthResult.Success ok,
      Resource project, ProjectAccess.Need need) throws IOException {
    ProjectAccess.Outcome outcome = access.decide(req, ok, project, need);
    if (outcome == ProjectAccess.Outcome.ALLOWED) {
      return true;
    }
    if (outcome == ProjectAccess.Outcome.FORBIDDEN) {
      error(resp, 403, "You are not allowed to push code to this project");
    } else {
      error(resp, 404, "Repository or object not found");
    }
    return false;
  }

  private void batch(HttpServletRequest req, HttpServletResponse resp, Resource project,
      AuthResult.Success ok) throws IOException {
    if (req.getContentLengthLong() > MAX_BATCH_BODY) {
      error(resp, 413, "Batch request too large");
      return;
    }
    JsonNode body;
    try (InputStream in = req.getInputStream()) {
      byte[] bytes = in.readNBytes((int) MAX_BATCH_BODY + 1);
      if (bytes.length > MAX_BATCH_BODY) {
        error(resp, 413, "Batch request too large");
        return;
      }
      body = json.readTree(bytes);
    } catch (IOException e) {
      error(resp, 422, "Batch request is not valid JSON");
      return;
    }
    if (body == null || !body.path("objects").isArray()
        || !(body.path("operation").asText().equals("download") || body.path("operation").asText().equals("upload"))) {
      error(resp, 422, "Batch request needs an operation (download or upload) and objects");
      return;
    }
    boolean upload = body.path("operation").asText().equals("upload");
    if (!allowed(req, resp, ok, project, upload ? ProjectAccess.Need.PUSH : ProjectAccess.Need.PULL)) {
      return;
    }
    String base = externalUrl + "/" + project.fullPath() + ".git/info/lfs/objects/";
    ObjectNode answer = json.createObjectNode();
    answer.put("transfer", "basic");
    ArrayNode objects = answer.putArray("objects");
    for (JsonNode requested : body.path("objects")) {
      String oid = requested.path("oid").asText("");
      long size = requested.path("size").asLong(-1);
      ObjectNode o = objects.addObject();
      o.put("oid", oid);
      o.put("size", size);
      if (!OID.matcher(oid).matches() || size < 0) {
        o.putObject("error").put("code", 422).put("message", "Invalid object id or size");
        continue;
      }
      Path file = objectFile(project, oid);
      boolean present = Files.isRegularFile(file) && Files.size(file) == size;
      if (upload && present) {
        continue; // already there: no action, as the batch API says
      }
      if (!upload && !present) {
        o.putObject("error").put("code", 404).put("message", "Object does not exist");
        continue;
      }
      ObjectNode action = o.putObject("actions").putObject(upload ? "upload" : "download");
      action.put("href", base + oid);
      action.put("expires_in", 3600);
    }
    answer.put("hash_algo", "sha256");
    resp.setStatus(200);
    resp.setContentType(MEDIA_TYPE);
    json.writeValue(resp.getOutputStream(), answer);
  }

  private void download(HttpServletResponse resp, Resource project, String oid, boolean headOnly)
      throws IOException {
    Path file = objectFile(project, oid);
    if (!Files.isRegularFile(file)) {
      error(resp, 404, "Object does not exist");
      return;
    }
    resp.setStatus(200);
    resp.setContentType("application/octet-stream");
    resp.setContentLengthLong(Files.size(file));
    if (!headOnly) {
      try (OutputStream out = resp.getOutputStream()) {
        Files.copy(file, out);
      }
    }
  }

  private void upload(HttpServletRequest req, HttpServletResponse resp, Resource project, String oid)
      throws IOException {
    if (req.getContentLengthLong() > MAX_OBJECT_BYTES) {
      error(resp, 413, "Objects larger than " + (MAX_OBJECT_BYTES >> 20) + " MiB are not kept by the demo server");
      return;
    }
    Path file = objectFile(project, oid);
    // Folders 0700; the temporary file is created 0600 and keeps that when moved into place.
    PrivateFiles.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), oid, ".part");
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(req.getInputStream(), sha256)) {
        Files.copy(new BoundedInputStream(in, MAX_OBJECT_BYTES + 1), tmp, StandardCopyOption.REPLACE_EXISTING);
      }
      if (Files.size(tmp) > MAX_OBJECT_BYTES) {
        error(resp, 413, "Objects larger than " + (MAX_OBJECT_BYTES >> 20) + " MiB are not kept by the demo server");
        return;
      }
      if (!HexFormat.of().formatHex(sha256.digest()).equals(oid)) {
        error(resp, 422, "The content does not match the object id");
        return;
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      resp.setStatus(200);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Reads at most {@code limit} bytes of {@code in}. */
  private static final class BoundedInputStream extends java.io.FilterInputStream {
    private long left;

    BoundedInputStream(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = super.read(buf, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }

  private Path objectFile(Resource project, String oid) {
    return root.resolve(project.fullPath()).resolve(oid.substring(0, 2)).resolve(oid.substring(2, 4))
        .resolve(oid);
  }

  private void error(HttpServletResponse resp, int status, String message) throws IOException {
    resp.setStatus(status);
    resp.setContentType(MEDIA_TYPE);
    ObjectNode body = json.createObjectNode().put("message", message);
    resp.getOutputStream().write(json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
  }
}
