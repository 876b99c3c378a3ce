package io.wvs.auth.example;

import static io.wvs.auth.spring.WvsAuthConfigurer.wvsAuth;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.Principal;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.User;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small application over the wvs-auth starter: its users (an administrator {@code root} and
 * {@code alice}), a controller whose routes need token scopes, and the token REST API at
 * {@code /api/v4}. The administrator's first token is the value of {@code EXAMPLE_ADMIN_TOKEN}
 * (at least 20 characters), registered at start so that nothing secret is printed.
 */
@SpringBootApplication
@EnableMethodSecurity
public class ExampleApplication {
  private static final Logger LOG = LoggerFactory.getLogger(ExampleApplication.class);
  static final long ROOT = 1;
  static final long ALICE = 2;

  /**
   * Starts the application.
   *
   * @param args Spring Boot's arguments, e.g. {@code --server.port=8081}
   */
  public static void main(String[] args) {
    SpringApplication.run(ExampleApplication.class, args);
  }

  /** The application's users, projects and memberships: in a real one, its own tables. */
  @Bean
  InMemoryUserDirectory users() {
    InMemoryUserDirectory users = new InMemoryUserDirectory();
    users.put(User.admin(ROOT, "root"));
    users.put(User.regular(ALICE, "alice"));
    users.addGroup(10, "acme", null);
    users.addProject(11, "acme/shop", 10);
    users.addMember(ALICE, ResourceRef.project(11), Role.OWNER);
    return users;
  }

  /** Which routes need which scopes; the library's routes under /api/v4 guard themselves. */
  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    return http.with(wvsAuth(), wvs -> { })
        .authorizeHttpRequests(a -> a
            .requestMatchers("/api/v4/**").permitAll()
            .requestMatchers("/hello").hasAuthority("SCOPE_read_api")
            .anyRequest().authenticated())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .build();
  }

  /** Registers {@code EXAMPLE_ADMIN_TOKEN} as root's token (scopes api and sudo), once. */
  @Bean
  ApplicationRunner adminToken(WvsAuth auth, @Value("${EXAMPLE_ADMIN_TOKEN:}") String value) {
    return args -> {
      if (value.isBlank()) {
        LOG.info("no EXAMPLE_ADMIN_TOKEN: set it (20+ characters) to get a first token for root");
        return;
      }
      if (auth.authenticator().authenticate(AuthRequest.api(value, "GET")) instanceof AuthResult.Success) {
        return;
      }
      auth.personalTokens().createWithValue(ROOT,
          new TokenSpec("example admin token", EnumSet.of(Scope.API, Scope.SUDO), null), value);
      LOG.info("root's token is the value of EXAMPLE_ADMIN_TOKEN");
    };
  }

  /** The application's own API. */
  @RestController
  static class ShopController {
    @GetMapping("/hello")
    Map<String, Object> hello(@AuthenticationPrincipal Principal user,
        org.springframework.security.core.Authentication authentication) {
      List<String> authorities = authentication.getAuthorities().stream()
          .map(GrantedAuthority::getAuthority).toList();
      return Map.of("hello", user.username(), "authorities", authorities);
    }

    @PostMapping("/orders")
    @PreAuthorize("hasAuthority('SCOPE_api')")
    Map<String, Object> order(@AuthenticationPrincipal Principal user, @RequestBody Map<String, Object> order) {
      return Map.of("ordered_by", user.username(), "item", String.valueOf(order.get("item")));
    }
  }
}
