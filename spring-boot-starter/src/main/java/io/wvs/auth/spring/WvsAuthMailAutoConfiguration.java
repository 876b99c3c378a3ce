package io.wvs.auth.spring;

import io.wvs.auth.smtp.EmailAddressResolver;
import io.wvs.auth.smtp.SmtpNotifier;
import io.wvs.auth.spi.Notifier;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * The expiry e-mails through {@link SmtpNotifier}, configured from Spring's {@code spring.mail.*}
 * properties (host, port, username, password, protocol, {@code ssl.enabled} and the session
 * properties it understands), when {@code wvs-auth-notifier-smtp} is on the class path,
 * {@code spring.mail.host} is set, {@code wvs.auth.expiry-notifications.enabled=true} and the
 * application defines no {@link Notifier} bean of its own. The application supplies the users'
 * addresses as an {@link EmailAddressResolver} bean, and the sender and renew URL as
 * {@code wvs.auth.expiry-notifications.sender} and {@code .renew-url}; each missing one stops the
 * start with a message naming it.
 *
 * @since 0.1
 */
@Conditional(EmbeddedCondition.class)
@AutoConfiguration(before = WvsAuthAutoConfiguration.class)
@ConditionalOnClass(name = "io.wvs.auth.smtp.SmtpNotifier")
@ConditionalOnProperty("spring.mail.host")
@ConditionalOnBooleanProperty("wvs.auth.expiry-notifications.enabled")
public class WvsAuthMailAutoConfiguration {
  /** Creates the configuration (Spring does). */
  public WvsAuthMailAutoConfiguration() {}

  /**
   * The SMTP notifier from {@code spring.mail.*}.
   *
   * @param environment where {@code spring.mail.*} is read
   * @param properties the {@code wvs.auth.*} properties (sender, renew URL)
   * @param addresses the application's users' addresses (required)
   * @param clock the application's clock, if it has one (the mails' Date header)
   * @return the notifier
   */
  @Bean
  @ConditionalOnMissingBean(Notifier.class)
  public SmtpNotifier wvsAuthSmtpNotifier(Environment environment, WvsAuthProperties properties,
      ObjectProvider<EmailAddressResolver> addresses, ObjectProvider<Clock> clock) {
    EmailAddressResolver resolver = addresses.getIfAvailable();
    if (resolver == null) {
      throw new IllegalStateException("the expiry e-mails configured from spring.mail.* need the"
          + " users' addresses: define a bean implementing io.wvs.auth.smtp.EmailAddressResolver"
          + " (or a io.wvs.auth.spi.Notifier bean of your own)");
    }
    return WvsMailSettings.notifier(environment, properties.getExpiryNotifications(), resolver,
        clock.getIfAvailable());
  }
}
