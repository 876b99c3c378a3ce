package io.wvs.auth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DeployTokenSpec;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenPolicy;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.User;
import io.wvs.auth.tck.TestClock;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The grant rules of the registry token service, over the real core and in-memory SPIs. */
class RegistryTokenServiceTest {
  static final String API = "acme/platform/api";
  static final String TOOLS = "other/tools";
  static final ResourceRef API_REF = ResourceRef.project(1);
  private static final KeyPair EC_KEYS = keyPair("EC", new ECGenParameterSpec("secp256r1"));

  private final TestClock clock = new TestClock(Instant.parse("2026-06-01T10:00:00Z"));
  private InMemoryUserDirectory directory;
  private WvsAuth auth;
  private RegistrySigningKey key;
  private RegistryTokenService service;

  @BeforeEach
  void setUp() {
    directory = new InMemoryUserDirectory();
    directory.put(User.admin(1, "root"));
    directory.put(User.regular(2, "alice"));
    directory.put(User.regular(3, "bob"));
    directory.put(User.regular(4, "carol"));
    directory.put(User.regular(5, "dave"));
    directory.put(new User(6, "erin", false, false, true, false));
    directory.addGroup(1, "acme", null);
    directory.addGroup(2, "acme/platform", 1L);
    directory.addGroup(3, "other", null);
    directory.addProject(1, API, 2);
    directory.addProject(3, TOOLS, 3);
    directory.addMember(2, API_REF, Role.DEVELOPER);
    directory.addMember(3, API_REF, Role.REPORTER);
    directory.addMember(5, ResourceRef.group(1), Role.MAINTAINER);
    auth = WvsAuth.builder().tokenStore(new InMemoryTokenStore()).userDirectory(directory)
        .resourceDirectory(directory).botAccounts(directory).passwordVerifier(directory)
        .keyring(DigestKeyring.of("k1", new byte[32]))
        .policy(TokenPolicy.builder().registryEnabled(true).build()).clock(clock).build();
    key = RegistrySigningKey.selfSigned(EC_KEYS, "wvs-registry-auth", clock, Duration.ofDays(30));
    service = RegistryTokenService.builder().auth(auth).signingKey(key).issuer("wvs-test")
        .service("container_registry").build();
  }

  /** The deploy tokens made here, by value: their usernames. */
  private final Map<String, String> deployUsernames = new java.util.HashMap<>();

  private String deployToken(ResourceRef on, Scope... scopes) {
    CreatedToken created = auth.deployTokens().create(1, on,
        DeployTokenSpec.of("ci", scopes[0], Arrays.copyOfRange(scopes, 1, scopes.length)));
    deployUsernames.put(created.value(), created.token().username());
    return created.value();
  }

  private String usernameOf(String deployToken) {
    return deployUsernames.get(deployToken);
  }

  private String personal(long userId, Scope... scopes) {
    return auth.personalTokens().create(userId, userId,
        TokenSpec.of("laptop", scopes[0], Arrays.copyOfRange(scopes, 1, scopes.length))).value();
  }

  private RegistryTokenAnswer ask(String username, String token, String... scopes) {
    return service.issue(username, token, "container_registry", List.of(scopes));
  }

  private static List<String> granted(RegistryTokenAnswer answer) {
    assertThat(answer).isInstanceOf(RegistryTokenAnswer.Issued.class);
    return ((RegistryTokenAnswer.Issued) answer).access().get(0).actions();
  }

  @Test
  void pullNeedsReadRegistryAndReadRegistryCannotPush() {
    String token = deployToken(API_REF, Scope.READ_REGISTRY);
    assertThat(granted(ask(usernameOf(token), token, "repository:" + API + ":pull,push")))
        .containsExactly("pull");
  }

  @Test
  void pushNeedsWriteRegistry() {
    String token = deployToken(API_REF, Scope.WRITE_REGISTRY);
    assertThat(granted(ask(usernameOf(token), token, "repository:" + API + ":push,pull")))
        .containsExactly("push", "pull");
  }

  @Test
  void apiImpliesPullAndPush() {
    String token = personal(2, Scope.API);
    assertThat(granted(ask("alice", token, "repository:" + API + ":pull,push"))).containsExactly("pull", "push");
  }

  @Test
  void readApiImpliesPullOnly() {
    String token = personal(2, Scope.READ_API);
    assertThat(granted(ask("alice", token, "repository:" + API + ":pull,push"))).containsExactly("pull");
  }

  @Test
  void whatTheCredentialMayNotDoIsAnEmptyGrantNotAnError() {
    String token = deployToken(API_REF, Scope.READ_REGISTRY);
    RegistryTokenAnswer answer = ask(usernameOf(token), token, "repository:" + API + ":push");
    assertThat(answer).isInstanceOf(RegistryTokenAnswer.Issued.class);
    assertThat(((RegistryTokenAnswer.Issued) answer).access())
        .containsExactly(new RegistryAccess("repository", API, List.of()));
  }

  @Test
  void aDeployTokenNeedsItsOwnUsername() {
    String token = deployToken(API_REF, Scope.READ_REGISTRY);
    assertThat(ask("someone-else", token, "repository:" + API + ":pull"))
        .isEqualTo(new RegistryTokenAnswer.Refused(RegistryTokenAnswer.Code.UNAUTHORIZED, "HTTP Basic: Access denied"));
    assertThat(granted(ask(usernameOf(token), token, "repository:" + API + ":pull"))).containsExactly("pull");
  }

  @Test
  void aProjectDeployTokenReachesOnlyItsProject() {
    String token = deployToken(API_REF, Scope.WRITE_REGISTRY);
    assertThat(granted(ask(usernameOf(token), token, "repository:" + TOOLS + ":pull,push"))).isEmpty();
  }

  @Test
  void aProjectAccessTokenReachesOnlyItsProject() {
    String token = auth.resourceTokens().create(1, API_REF,
        TokenSpec.of("bot", Scope.READ_REGISTRY, Scope.WRITE_REGISTRY), Role.DEVELOPER).value();
    assertThat(granted(ask("any", token, "repository:" + API + ":pull,push"))).containsExactly("pull", "push");
    assertThat(granted(ask("any", token, "repository:" + TOOLS + ":pull"))).isEmpty();
  }

  @Test
  void aGroupDeployTokenReachesTheProjectsOfItsSubgroups() {
    String token = deployToken(ResourceRef.group(1), Scope.READ_REGISTRY);
    String username = usernameOf(token);
    assertThat(granted(ask(username, token, "repository:" + API + ":pull"))).containsExactly("pull");
    assertThat(granted(ask(username, token, "repository:" + TOOLS + ":pull"))).isEmpty();
  }

  @Test
  void aReporterMayPullButNotPushWithAPersonalToken() {
    String token = personal(3, Scope.API);
    assertThat(granted(ask("bob", token, "repository:" + API + ":pull,push"))).containsExactly("pull");
  }

  @Test
  void aUserWithoutARoleOnTheProjectIsGrantedNothing() {
    String token = personal(4, Scope.API);
    assertThat(granted(ask("carol", token, "repository:" + API + ":pull,push"))).isEmpty();
  }

  @Test
  void aRoleInAParentGroupCounts() {
    String token = personal(5, Scope.WRITE_REGISTRY);
    assertThat(granted(ask("dave", token, "repository:" + API + ":pull,push"))).containsExactly("pull", "push");
  }

  @Test
  void anImageBelowTheProjectPathBelongsToTheProject() {
    String token = personal(2, Scope.READ_REGISTRY);
    assertThat(granted(ask("alice", token, "repository:" + API + "/worker/arm64:pull"))).containsExactly("pull");
    assertThat(granted(ask("alice", token, "repository:acme/platform:pull"))).isEmpty();
  }

  @Test
  void aRevokedTokenIsRefusedAtTheNextRequest() {
    String token = deployToken(API_REF, Scope.READ_REGISTRY);
    String username = usernameOf(token);
    assertThat(granted(ask(username, token, "repository:" + API + ":pull"))).containsExactly("pull");
    auth.deployTokens().revoke(1, API_REF, auth.deployTokens().list(1, API_REF).get(0).id());
    assertThat(ask(username, token, "repository:" + API + ":pull"))
        .extracting(a -> ((RegistryTokenAnswer.Refused) a).code()).isEqualTo(RegistryTokenAnswer.Code.UNAUTHORIZED);
  }

  @Test
  void passwordsAreRefusedWithOrWithoutTwoFactor() {
    directory.setPassword("bob", "bob-password");
    directory.setPassword("erin", "erin-password");
    assertThat(ask("bob", "bob-password", "repository:" + API + ":pull"))
        .extracting(a -> ((RegistryTokenAnswer.Refused) a).code()).isEqualTo(RegistryTokenAnswer.Code.UNAUTHORIZED);
    assertThat(ask("erin", "erin-password"))
        .extracting(a -> ((RegistryTokenAnswer.Refused) a).code()).isEqualTo(RegistryTokenAnswer.Code.UNAUTHORIZED);
  }

  @Test
  void aTokenWithoutAnyRegistryScopeIsDenied() {
    String token = deployToken(API_REF, Scope.READ_REPOSITORY);
    assertThat(ask(usernameOf(token), token))
        .isEqualTo(new RegistryTokenAnswer.Refused(RegistryTokenAnswer.Code.DENIED, "the token has no registry scope"));
  }

  @Test
  void noCredentialIsUnauthorizedAndAMalformedScopeAnInvalidRequest() {
    assertThat(ask(null, null)).extracting(a -> ((RegistryTokenAnswer.Refused) a).code()).isEqualTo(RegistryTokenAnswer.Code.UNAUTHORIZED);
    String token = personal(2, Scope.API);
    assertThat(ask("alice", token, "repository:Acme/API:pull"))
        .extracting(a -> ((RegistryTokenAnswer.Refused) a).code()).isEqualTo(RegistryTokenAnswer.Code.INVALID_REQUEST);
    assertThat(service.issue("alice", token, "another", List.of()))
        .extracting(a -> ((RegistryTokenAnswer.Refused) a).code()).isEqualTo(RegistryTokenAnswer.Code.INVALID_REQUEST);
  }

  @Test
  void aLoginCheckWithoutScopeIssuesATokenGrantingNothing() {
    String token = personal(2, Scope.READ_REGISTRY);
    assertThat(((RegistryTokenAnswer.Issued) ask("alice", token)).access()).isEmpty();
  }

  @Test
  void theJwtIsDatedByTheClockSignedWithTheKeyAndNeverCarriesTheCredential() throws Exception {
    String token = deployToken(API_REF, Scope.READ_REGISTRY);
    String username = usernameOf(token);
    RegistryTokenAnswer.Issued issued = (RegistryTokenAnswer.Issued) ask(username, token, "repository:" + API + ":pull,push");
    SignedJWT jwt = SignedJWT.parse(issued.token());
    assertThat(jwt.verify(new ECDSAVerifier((ECPublicKey) key.certificate().getPublicKey()))).isTrue();
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
    assertThat(jwt.getHeader().getKeyID()).isEqualTo(key.keyId());
    assertThat(jwt.getHeader().getX509CertChain().get(0).decode()).isEqualTo(key.certificate().getEncoded());
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo("wvs-test");
    assertThat(claims.getSubject()).isEqualTo("deploy-token:" + username);
    assertThat(claims.getAudience()).containsExactly("container_registry");
    assertThat(claims.getIssueTime().toInstant()).isEqualTo(clock.instant());
    assertThat(claims.getNotBeforeTime().toInstant()).isEqualTo(clock.instant());
    assertThat(claims.getExpirationTime().toInstant()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(claims.getJWTID()).hasSizeGreaterThan(16);
    assertThat(claims.getClaim("access")).isEqualTo(
        List.of(Map.of("type", "repository", "name", API, "actions", List.of("pull"))));
    assertThat(issued.issuedAt()).isEqualTo(clock.instant());
    assertThat(issued.token()).doesNotContain(token);
    assertThat(jwt.getPayload().toString()).doesNotContain(token);
  }

  @Test
  void theServiceNeedsAPolicyThatEnablesTheRegistry() {
    WvsAuth withoutRegistry = WvsAuth.builder().tokenStore(new InMemoryTokenStore()).userDirectory(directory)
        .keyring(DigestKeyring.of("k1", new byte[32])).clock(clock).build();
    assertThatThrownBy(() -> RegistryTokenService.builder().auth(withoutRegistry).signingKey(key)
        .issuer("i").service("s").build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("registryEnabled(true)");
    assertThatThrownBy(() -> RegistryTokenService.builder().build())
        .hasMessage("RegistryTokenService needs auth, signingKey, issuer, service to be set");
  }

  @Test
  void onlyP256AndRsaKeysOfAtLeast2048BitsSign() {
    KeyPair rsa = keyPair("RSA", null);
    RegistrySigningKey rsaKey = RegistrySigningKey.selfSigned(rsa, "rsa", clock, Duration.ofDays(1));
    assertThat(rsaKey.algorithm()).isEqualTo("RS256");
    assertThat(rsaKey.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----\n");
    String publicPem = rsaKey.publicKeyPem();
    assertThat(publicPem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
    assertThat(java.util.Base64.getMimeDecoder().decode(publicPem.replaceAll("-----[A-Z ]+-----", "")))
        .isEqualTo(rsa.getPublic().getEncoded());
    KeyPair p384 = keyPair("EC", new ECGenParameterSpec("secp384r1"));
    assertThatThrownBy(() -> RegistrySigningKey.selfSigned(p384, "p384", clock, Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("P-256");
    assertThatThrownBy(() -> RegistrySigningKey.of(EC_KEYS.getPrivate(), rsaKey.certificate()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static KeyPair keyPair(String algorithm, ECGenParameterSpec curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if (curve != null) {
        generator.initialize(curve);
      } else {
        generator.initialize(2048);
      }
      return generator.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
