package io.wvs.auth.servlet;

/** What an endpoint answers: a status and a JSON body (null for none). */
record Reply(int status, Object body) {
  static Reply ok(Object body) {
    return new Reply(200, body);
  }

  static Reply created(Object body) {
    return new Reply(201, body);
  }

  static Reply noContent() {
    return new Reply(204, null);
  }
}
