/**
 * Service-provider interfaces a host implements (or takes from {@code wvs-auth-spi-inmemory} and
 * {@code wvs-auth-spi-jdbc}): {@link io.wvs.auth.spi.TokenStore} for persistence; the host's
 * directory as capabilities, {@link io.wvs.auth.spi.UserDirectory} for users (required),
 * {@link io.wvs.auth.spi.ResourceDirectory} for projects, groups and roles,
 * {@link io.wvs.auth.spi.BotAccounts} for the bot users of project and group access tokens and
 * {@link io.wvs.auth.spi.PasswordVerifier} for git passwords (each optional);
 * {@link io.wvs.auth.spi.FailureLimiter} to count failed authentications elsewhere than in this
 * process (or not at all); {@link io.wvs.auth.spi.Notifier} for expiry e-mails,
 * {@link io.wvs.auth.spi.AuditSink} for audit
 * events. The library guards every directory capability once: any failure in one is a
 * {@link io.wvs.auth.StoreUnavailableException}. No raw token ever crosses these interfaces.
 */
package io.wvs.auth.spi;
