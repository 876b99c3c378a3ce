package io.wvs.auth.spring.app;

import static io.wvs.auth.spring.WvsAuthConfigurer.wvsAuth;

import io.wvs.auth.Principal;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.User;
import io.wvs.auth.spring.WvsAuthentication;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.springframework.web.bind.annotation.RestController;

/**
 * A host application as a team would write it: its own users, its own security chain with
 * {@code http.with(wvsAuth(), ...)}, a controller guarded by scope authorities.
 */
@SpringBootApplication
@EnableMethodSecurity
public class ScopedApp {
  public static final long ALICE = 1;
  public static final long ROOT = 2;
  public static final long BOB = 3;
  public static final long GROUP = 10;
  public static final long PROJECT = 11;

  @Bean
  InMemoryUserDirectory directory() {
    InMemoryUserDirectory d = new InMemoryUserDirectory();
    d.put(User.regular(ALICE, "alice"));
    d.put(User.admin(ROOT, "root"));
    d.put(User.regular(BOB, "bob"));
    d.addGroup(GROUP, "acme", null);
    d.addProject(PROJECT, "acme/api", GROUP);
    d.addMember(ALICE, ResourceRef.project(PROJECT), Role.OWNER);
    return d;
  }

  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    return http.with(wvsAuth(), wvs -> { })
        .authorizeHttpRequests(a -> a
            .requestMatchers("/api/v4/**").permitAll()
            .requestMatchers("/app/read/**").hasAuthority("SCOPE_read_api")
            .anyRequest().authenticated())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .build();
  }

  @RestController
  static class AppController {
    @GetMapping("/app/read/whoami")
    Map<String, Object> whoami(@AuthenticationPrincipal Principal principal, WvsAuthentication auth) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("username", principal.username());
      m.put("authorities", auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
      m.put("resource", String.valueOf(auth.resource()));
      m.put("impersonation", auth.impersonation());
      m.put("sudoBy", auth.sudoBy() == null ? "" : auth.sudoBy().username());
      return m;
    }

    @PostMapping("/app/write")
    @PreAuthorize("hasAuthority('SCOPE_api')")
    Map<String, Object> write(@AuthenticationPrincipal Principal principal) {
      return Map.of("written by", principal.username());
    }

    @GetMapping("/app/boom")
    List<String> boom() {
      throw new IllegalStateException("a bug in the application");
    }

    @GetMapping("/app/any")
    List<String> any(@AuthenticationPrincipal Principal principal) {
      return List.of(principal.username());
    }
  }
}
