package io.wvs.auth.servlet;

import java.util.Map;

/** An API answer other than success: the status and the platform's JSON body. Never holds a token. */
final class ApiException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient Map<String, Object> body;

  ApiException(int status, Map<String, Object> body) {
    super(status + " " + body, null, false, false);
    this.status = status;
    this.body = body;
  }

  int status() {
    return status;
  }

  Map<String, Object> body() {
    return body;
  }

  /** 400 {@code {"error": "<param> is missing"}} and the like: a parameter validation failure. */
  static ApiException invalidParameter(String error) {
    return new ApiException(400, Json.object("error", error));
  }

  /** 400 {@code {"message": "400 Bad request - <reason>"}}. */
  static ApiException badRequest(String reason) {
    return new ApiException(400, Json.message("400 Bad request - " + reason));
  }

  static ApiException unauthorized() {
    return new ApiException(401, Json.message("401 Unauthorized"));
  }

  static ApiException forbidden() {
    return new ApiException(403, Json.message("403 Forbidden"));
  }

  /** 404 {@code {"message": "404 <what> Not Found"}}; "Not found" alone when {@code what} is null. */
  static ApiException notFound(String what) {
    return new ApiException(404, Json.message(what == null ? "404 Not found" : "404 " + what + " Not Found"));
  }
}
