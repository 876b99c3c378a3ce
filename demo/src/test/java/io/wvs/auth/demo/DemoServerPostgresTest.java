package io.wvs.auth.demo;

import static io.wvs.auth.demo.DemoHarness.get;
import static io.wvs.auth.demo.DemoHarness.postJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.demo.DemoHarness.Answer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With {@code --jdbc-url} the server keeps tokens and bot users in PostgreSQL. */
class DemoServerPostgresTest {
  @TempDir
  Path tmp;

  @Test
  void tokensAndBotsLiveInPostgresqlAcrossRestarts() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      DemoConfig config = DemoConfig.builder().port(0).dataDir(tmp.resolve("data"))
          .jdbcUrl(postgres.getJdbcUrl("postgres", "postgres")).jdbcUser("postgres").jdbcPassword("postgres")
          .adminToken("postgres-admin-token-0001").build();
      String personal;
      String project;
      try (DemoServer first = DemoServer.start(config)) {
        assertThat(first.startupText()).contains("jdbc:postgresql://").doesNotContain("H2");
        String api = first.baseUrl() + "/api/v4";
        Answer created = postJson(api + "/users/3/personal_access_tokens", "postgres-admin-token-0001",
            "{\"name\":\"pg\",\"scopes\":[\"read_user\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        personal = created.json().path("token").asText();
        Answer bot = postJson(api + "/projects/3/access_tokens", "postgres-admin-token-0001",
            "{\"name\":\"tools bot\",\"scopes\":[\"read_api\"]}");
        assertThat(bot.status()).as(bot.body()).isEqualTo(201);
        project = bot.json().path("token").asText();
      }
      try (DemoServer second = DemoServer.start(config)) {
        String api = second.baseUrl() + "/api/v4";
        assertThat(get(api + "/user", personal).json().path("username").asText()).isEqualTo("bob");
        assertThat(get(api + "/user", project).json().path("username").asText()).isEqualTo("project_3_bot");
        assertThat(get(api + "/user", "postgres-admin-token-0001").json().path("username").asText())
            .isEqualTo("root");
      }
    }
  }
}
