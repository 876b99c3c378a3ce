package io.wvs.auth.demo;

import static io.wvs.auth.demo.DemoConfig.ADMIN_TOKEN_ENV;
import static io.wvs.auth.demo.DemoConfig.CI_KEY_ENV;
import static io.wvs.auth.demo.DemoConfig.DEFAULT_DATA_DIR;
import static io.wvs.auth.demo.DemoConfig.DEFAULT_HOST;
import static io.wvs.auth.demo.DemoConfig.DEFAULT_PORT;
import static io.wvs.auth.demo.DemoConfig.DEFAULT_SMTP_FROM;
import static io.wvs.auth.demo.DemoConfig.PEPPER_ENV;
import static io.wvs.auth.demo.DemoConfig.RENEW_PATH;
import static io.wvs.auth.demo.DemoConfig.SMTP_PASSWORD_ENV;

/** The demo server's command-line help, published as {@link DemoConfig#USAGE}. */
final class DemoUsage {
  /** Every flag with its default and the environment variable that can supply it. */
  static final String TEXT = String.join("\n",
    "Usage: wvs-auth demo server [options]",
    "",
    "  --port <n>             TCP port to listen on (default " + DEFAULT_PORT + "; 0 picks a free one)",
    "  --host <address>       interface to listen on (default " + DEFAULT_HOST + ")",
    "  --data-dir <dir>       H2 database, pepper, CI key and git repositories (default ./"
        + DEFAULT_DATA_DIR + ")",
    "  --jdbc-url <url>       use this database (e.g. jdbc:postgresql://localhost/wvs) instead of H2",
    "  --jdbc-user <user>     database user for --jdbc-url",
    "  --jdbc-password <pw>   database password for --jdbc-url",
    "  --admin-token <token>  a predetermined token for root, at least 20 characters",
    "                         (or the environment variable " + ADMIN_TOKEN_ENV + ")",
    "  --pepper-file <file>   the pepper of the token digests: a file holding at least 32 bytes",
    "                         in base64 (or the environment variable " + PEPPER_ENV + " holding",
    "                         them); the same on every instance sharing a database (default:",
    "                         generated once into <data-dir>/pepper.key)",
    "  --ci-key-file <file>   the key sealing CI deploy tokens: a file holding exactly 32 bytes",
    "                         in base64 (or the environment variable " + CI_KEY_ENV + "); the",
    "                         same on every instance (default: <data-dir>/ci-secret.key)",
    "  --fixture <file.json>  users, groups and projects to serve instead of the built-in ones",
    "  --smtp-host <host>     send the expiry e-mails, and the e-mails telling owners of tokens",
    "                         revoked as leaked, through this SMTP server (without it they go",
    "                         to the log)",
    "  --smtp-port <n>        SMTP port (default 25; 587 with starttls, 465 with smtps)",
    "  --smtp-tls <mode>      none, starttls or smtps (default none, for a local test relay)",
    "  --smtp-user <user>     SMTP login (needs a password)",
    "  --smtp-password <pw>   SMTP password (or the environment variable " + SMTP_PASSWORD_ENV + ")",
    "  --smtp-from <address>  sender of the e-mails (default " + DEFAULT_SMTP_FROM + ")",
    "  --external-url <url>   the URL clients reach the server at, the base of absolute links",
    "                         (default http://<host>:<port>)",
    "  --registry <host:port> serve the container-registry token service (/jwt/auth) for a",
    "                         Distribution registry at host:port, enable the registry scopes and",
    "                         write <data-dir>/registry/config.yml for it (start it with",
    "                         /usr/bin/docker-registry serve <data-dir>/registry/config.yml)",
    "  --renew-url <url>      link in the e-mails (default http://<host>:<port>" + RENEW_PATH + ")",
    "  --failure-limiter <v>  on (default), off, or the limits to change, e.g.",
    "                         passwords=10/1m/1h,tokens=50/1m/10m,usernames=10/10m/10m,keys=20000",
    "                         (failures/within/block per client address or username)",
    "  --expiry-windows <d>   expiry e-mail windows, days ahead from 60,30,7,0 (default 7,0)",
    "  --webhook-url <url>    POST signed expiry events (every token but impersonation ones) and",
    "                         leak-revocation events to this URL (https; http only to",
    "                         localhost, 127.0.0.1 or [::1]); needs --webhook-secret-file",
    "  --webhook-secret-file <file>",
    "                         the webhook's signing secret, at least 16 bytes (one trailing line",
    "                         break is not part of it)",
    "  --help                 print this help and exit",
    "",
    "With Maven: mvn -q -B package -DskipTests -pl demo -am exec:java -Dexec.args=\"--port 8081\"");

  private DemoUsage() {}
}
