import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.User;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Base64;

public class QuickStart {
  public static void main(String[] args) {
    // The pepper: at least 32 secret bytes. Keep it in your secret manager and read it at start,
    // e.g. from WVS_PEPPER (base64); a random one, as here, makes every stored token unusable at
    // the next start.
    String fromEnv = System.getenv("WVS_PEPPER");
    byte[] pepper;
    if (fromEnv != null) {
      pepper = Base64.getDecoder().decode(fromEnv);
    } else {
      pepper = new byte[32];
      new SecureRandom().nextBytes(pepper);
    }

    InMemoryUserDirectory users = new InMemoryUserDirectory();  // or your own UserDirectory
    users.put(User.regular(2, "alice"));
    Clock clock = Clock.systemUTC();
    WvsAuth auth = WvsAuth.builder()
        .tokenStore(new InMemoryTokenStore())                   // or a JdbcTokenStore
        .userDirectory(users)
        // Optional capabilities, each its own SPI (InMemoryUserDirectory implements them all):
        // .resourceDirectory(users)   projects, groups, roles: project, group and deploy tokens
        // .botAccounts(users)         bot users: project and group access tokens
        // .passwordVerifier(users)    git over HTTP with a password
        .keyring(DigestKeyring.of("k1", pepper))
        .clock(clock)
        .build();

    // Alice creates a token for herself, valid for 30 days from today (UTC).
    LocalDate expiresOn = LocalDate.now(clock).plusDays(30);
    CreatedToken created = auth.personalTokens()
        .create(2, 2, TokenSpec.of("laptop", Scope.READ_API).expiringOn(expiresOn));
    String value = created.value();                             // show it once; it is not stored

    AuthResult result = auth.authenticator().authenticate(AuthRequest.api(value, "GET"));
    if (result instanceof AuthResult.Success ok && ok.principal().username().equals("alice")) {
      System.out.println("authenticated as " + ok.principal().username()
          + " with scopes " + ok.scopes() + "; the token expires on " + expiresOn);
    } else {
      System.out.println("refused: " + result);
    }
  }
}
