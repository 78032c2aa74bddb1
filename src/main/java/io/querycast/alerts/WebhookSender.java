package io.querycast.alerts;

import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * POSTs a webhook's JSON with Spring's RestClient (the JDK's HttpClient underneath); called by the route
 * querycast-webhook, whose error handler redelivers a POST that failed. Anything but a 2xx answer fails. Errors
 * name the webhook and never its URL: Slack and Teams webhook URLs carry their token in the path.
 */
public final class WebhookSender {

    private final RestClient client;

    public WebhookSender(Duration timeout) {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(HttpClient.newBuilder().connectTimeout(timeout).build());
        factory.setReadTimeout(timeout);
        this.client = RestClient.builder().requestFactory(factory).build();
    }

    public void post(WebhookPost post) {
        try {
            client.post().uri(post.url()).contentType(MediaType.APPLICATION_JSON).body(post.json()).retrieve().toBodilessEntity();
        } catch (RestClientResponseException e) {
            throw new WebhookException("webhook '" + post.webhook() + "' answered HTTP " + e.getStatusCode().value());
        } catch (RestClientException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String reason = root == e ? "" : root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": "
                    + root.getMessage().replace(post.url().toString(), "<url>"));
            throw new WebhookException("webhook '" + post.webhook() + "' could not be reached" + (reason.isEmpty() ? "" : ": " + reason));
        }
    }
}
