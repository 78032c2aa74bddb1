package io.querycast.alerts;

/** A webhook POST that failed; the message names the webhook, never its URL (it often carries a token). */
public class WebhookException extends RuntimeException {

    public WebhookException(String message) {
        super(message);
    }
}
