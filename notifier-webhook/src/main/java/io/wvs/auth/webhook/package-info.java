/**
 * Expiry webhooks: {@link io.wvs.auth.webhook.WebhookNotifier} POSTs one signed JSON event per
 * expiring token to the URLs registered for its project, the groups above it and the instance
 * ({@link io.wvs.auth.webhook.Webhook}); {@link io.wvs.auth.webhook.WebhookDeliveryException}
 * says an event was not delivered and stays pending. The JSON body ({@code EventJson}), the
 * signature ({@code Signature}) and one delivery with its retries ({@code Delivery}) are
 * package-private.
 */
package io.wvs.auth.webhook;
