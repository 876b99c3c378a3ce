package io.wvs.auth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.FailureReason;
import io.wvs.auth.Principal;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.WvsAuth;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The automation document's two console one-liners, run through the real jar against PostgreSQL
 * and an H2 file: a predetermined token for {@code automation-bot} authenticates in the
 * application, and is refused there once revoked by its value.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AutomationOneLinersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private Site postgres;
  private Site h2;

  @BeforeAll
  void start() {
    postgres = Site.postgres();
    h2 = Site.h2();
  }

  @AfterAll
  void stop() throws Exception {
    postgres.close();
    h2.close();
  }

  Stream<Site> sites() {
    return Stream.of(postgres, h2);
  }

  /** A request that needs read_user, as the platform's GET /user with such a token. */
  private static AuthResult api(WvsAuth app, String value) {
    return app.authenticator().authenticate(AuthRequest.api(value,
        ScopeRequirement.anyOf(Scope.READ_USER)));
  }

  @ParameterizedTest(autoCloseArguments = false) // the sites are closed after all tests
  @MethodSource("sites")
  void aPredeterminedTokenMadeOnTheCommandLineAuthenticatesUntilItIsRevokedByValue(Site site)
      throws Exception {
    String value = "token-string-here123-" + site.jdbcUrl.hashCode();
    CliRun created = CliRun.run(site.args("token", "create", "--user", "automation-bot",
        "--name", "Automation token", "--scopes", "read_user,read_repository", "--value", value,
        "--json"));

    assertThat(created.exitCode()).as(created.err()).isZero();
    JsonNode token = JSON.readTree(created.out());
    assertThat(token.get("type").asText()).isEqualTo("personal");
    assertThat(token.get("name").asText()).isEqualTo("Automation token");
    assertThat(token.get("owner").asText()).isEqualTo("user:4");
    assertThat(token.get("state").asText()).isEqualTo("active");
    assertThat(created.out()).doesNotContain(value);
    WvsAuth app = site.app();
    AuthResult ok = api(app, value);
    assertThat(ok).isInstanceOf(AuthResult.Success.class);
    assertThat(((AuthResult.Success) ok).principal().username()).isEqualTo("automation-bot");
    assertThat(((AuthResult.Success) ok).scopes())
        .containsExactlyInAnyOrder(Scope.READ_USER, Scope.READ_REPOSITORY);
    assertThat(((AuthResult.Success) ok).principal()).isInstanceOf(Principal.Account.class);

    CliRun shown = CliRun.run(site.args("token", "show", "--value", value, "--json"));
    assertThat(shown.exitCode()).as(shown.err()).isZero();
    assertThat(shown.out()).doesNotContain(value);
    assertThat(JSON.readTree(shown.out()).get("last_used_at").isNull()).isFalse();
    assertThat(JSON.readTree(shown.out()).get("owner_username").asText())
        .isEqualTo("automation-bot");

    // The value may come on standard input instead, out of the shell history.
    CliRun revoked = CliRun.runWithInput(value + "\n",
        site.args("token", "revoke", "--value", "-"));
    assertThat(revoked.exitCode()).as(revoked.err()).isZero();
    assertThat(revoked.out()).contains("state: revoked").doesNotContain(value);
    assertThat(((AuthResult.Failure) api(app, value)).reason()).isEqualTo(FailureReason.REVOKED);
    assertThat(CliRun.run(site.args("token", "list", "--user", "automation-bot")).out())
        .contains("revoked").contains("Automation token");
    CliRun status = CliRun.run(site.dbArgs("schema", "status"));
    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out()).contains("up_to_date: true");
  }

  @ParameterizedTest(autoCloseArguments = false) // the sites are closed after all tests
  @MethodSource("sites")
  void aGeneratedTokenIsPrintedOnceAndAnyTokenTypeIsRevokedByValueOrId(Site site)
      throws Exception {
    CliRun created = CliRun.run(site.args("token", "create", "--user", "alice", "--name", "ci",
        "--scopes", "read_user", "--json"));
    assertThat(created.exitCode()).as(created.err()).isZero();
    String value = JSON.readTree(created.out()).get("token").asText();
    WvsAuth app = site.app();
    assertThat(api(app, value)).isInstanceOf(AuthResult.Success.class);
    String deploy = app.deployTokens().create(3, io.wvs.auth.ResourceRef.project(1),
        io.wvs.auth.DeployTokenSpec.of("reader", Scope.READ_REPOSITORY)).value();

    CliRun shownDeploy = CliRun.run(site.args("token", "show", "--value", deploy, "--json"));
    assertThat(shownDeploy.exitCode()).as(shownDeploy.err()).isZero();
    assertThat(JSON.readTree(shownDeploy.out()).get("type").asText()).isEqualTo("deploy");
    assertThat(CliRun.run(site.args("token", "list", "--project", "acme/api")).out())
        .contains("reader").contains("active");
    assertThat(CliRun.run(site.args("token", "revoke", "--value", deploy)).exitCode()).isZero();
    long id = JSON.readTree(created.out()).get("id").asLong();
    assertThat(CliRun.run(site.args("token", "revoke", "--id", Long.toString(id))).exitCode())
        .isZero();

    assertThat(((AuthResult.Failure) api(app, value)).reason()).isEqualTo(FailureReason.REVOKED);
    assertThat(CliRun.run(site.args("token", "list", "--project", "1", "--json")).out())
        .contains("\"state\":\"revoked\"");
  }
}
