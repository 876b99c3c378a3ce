package io.wvs.auth.web;

/** A request the pages answer with an error page of their own: its status, heading and message. */
final class Refusal extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int status;
  final String title;

  Refusal(int status, String title, String message) {
    super(message, null, false, false);
    this.status = status;
    this.title = title;
  }

  static Refusal notFound() {
    return new Refusal(404, "Not found", "The page could not be found or you don't have permission to view it.");
  }
}
