package io.wvs.auth.webhook;

import io.wvs.auth.WvsAuthException;

/**
 * An expiry event was not delivered to every webhook it was due at. Thrown from
 * {@link WebhookNotifier#sendEvent}; the expiry job treats it as "not delivered" and leaves the
 * event pending for its next run. The message names the token id and each failed webhook's
 * origin (scheme, host, port) with the last answer (an HTTP status, a redirect not followed, a
 * timeout), never a URL path, a secret or a token value.
 *
 * @since 0.1
 */
public final class WebhookDeliveryException extends WvsAuthException {
  private static final long serialVersionUID = 1L;

  WebhookDeliveryException(String message) {
    super(message);
  }
}
