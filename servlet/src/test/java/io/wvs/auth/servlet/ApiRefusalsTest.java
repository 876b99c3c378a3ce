package io.wvs.auth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.AuthResult;
import io.wvs.auth.Channel;
import io.wvs.auth.FailureReason;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link ApiRefusals} writes what the filter writes for the same refusal of a bearer credential on
 * the API: status, headers and body, byte for byte (one source of the texts).
 */
class ApiRefusalsTest {
  private static final AccessRule API = new AccessRule(Channel.API, ScopeRequirement.anyOf(Scope.READ_API), null);
  private static final Credential BEARER = new Credential("x", Credential.Source.BEARER, null);

  @Test
  void anAdaptersRefusalsAreTheFiltersOwnForEveryUnauthorizedReason() throws Exception {
    for (FailureReason reason : List.of(FailureReason.EXPIRED, FailureReason.REVOKED,
        FailureReason.IMPERSONATION_DISABLED, FailureReason.UNKNOWN, FailureReason.MALFORMED,
        FailureReason.WRONG_CHANNEL)) {
      Captured filter = new Captured();
      FailureResponder.refuse(filter.response(), API, BEARER,
          new AuthResult.Failure(reason, Set.of(), 0), false);
      Captured adapter = new Captured();
      ApiRefusals.unauthorized(adapter.response(), reason);
      assertThat(adapter.summary()).as(reason.name()).isEqualTo(filter.summary());
      assertThat(adapter.status).isEqualTo(401);
    }
    Captured expired = new Captured();
    ApiRefusals.unauthorized(expired.response(), FailureReason.EXPIRED);
    assertThat(expired.body()).isEqualTo("{\"error\":\"invalid_token\",\"error_description\":"
        + "\"Token is expired. You can either do re-authorization or token refresh.\"}");
  }

  @Test
  void anAdaptersInsufficientScopeAndOutageAreTheFiltersOwn() throws Exception {
    Captured filter = new Captured();
    FailureResponder.refuse(filter.response(), API, BEARER, new AuthResult.Failure(
        FailureReason.INSUFFICIENT_SCOPE, EnumSet.of(Scope.API, Scope.READ_API), 7), false);
    Captured adapter = new Captured();
    ApiRefusals.insufficientScope(adapter.response(), List.of(Scope.API, Scope.READ_API));
    assertThat(adapter.summary()).isEqualTo(filter.summary());
    assertThat(adapter.status).isEqualTo(403);

    Captured down = new Captured();
    FailureResponder.refuse(down.response(), API, BEARER,
        new AuthResult.Failure(FailureReason.STORE_UNAVAILABLE, Set.of(), 0), false);
    Captured adapterDown = new Captured();
    ApiRefusals.unavailable(adapterDown.response());
    assertThat(adapterDown.summary()).isEqualTo(down.summary());
    assertThat(adapterDown.headers).containsEntry("Retry-After", "5");
  }

  @Test
  void withoutACredentialTheChallengeIsBareAndNoScopeIsNamedWhenNoneIsKnown() throws Exception {
    Captured none = new Captured();
    ApiRefusals.unauthorized(none.response(), null);
    assertThat(none.status).isEqualTo(401);
    assertThat(none.headers).containsEntry("WWW-Authenticate", "Bearer realm=\"WVS\"");
    assertThat(none.body()).isEqualTo("{\"message\":\"401 Unauthorized\"}");
    Captured unnamed = new Captured();
    ApiRefusals.insufficientScope(unnamed.response(), List.of());
    assertThat(unnamed.headers.get("WWW-Authenticate")).doesNotContain("scope=");
  }

  /** What a refusal wrote: status, headers, content type and body. */
  static final class Captured {
    int status;
    String contentType;
    final Map<String, String> headers = new TreeMap<>();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    String summary() {
      return status + " " + contentType + " " + headers + " " + body();
    }

    String body() {
      return out.toString(StandardCharsets.UTF_8);
    }

    HttpServletResponse response() {
      ServletOutputStream stream = new ServletOutputStream() {
        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {}

        @Override
        public void write(int b) {
          out.write(b);
        }
      };
      return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
            switch (method.getName()) {
              case "setStatus" -> status = (Integer) args[0];
              case "setHeader", "addHeader" -> headers.put((String) args[0], (String) args[1]);
              case "setContentType" -> contentType = (String) args[0];
              case "getOutputStream" -> {
                return stream;
              }
              default -> { }
            }
            return null;
          });
    }
  }
}
