/**
 * Service-provider interfaces a host implements (or takes from {@code wvs-auth-spi-inmemory} and
 * {@code wvs-auth-spi-jdbc}): {@link io.wvs.auth.spi.TokenStore} for persistence,
 * {@link io.wvs.auth.spi.UserDirectory} for the host's users, {@link io.wvs.auth.spi.Notifier}
 * for expiry e-mails, {@link io.wvs.auth.spi.AuditSink} for audit events. No raw token ever
 * crosses these interfaces.
 */
package io.wvs.auth.spi;
