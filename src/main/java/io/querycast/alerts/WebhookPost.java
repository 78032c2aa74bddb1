package io.querycast.alerts;

import java.net.URI;

/** One JSON body for one webhook; what the route querycast-webhook POSTs. The URL stays out of toString(). */
public record WebhookPost(String webhook, URI url, String json) {

    @Override
    public String toString() {
        return "WebhookPost[" + webhook + ", " + json.length() + " chars]";
    }
}
