package io.querycast.api;

import io.querycast.api.ApiJson.Reply;
import io.querycast.security.AuthenticatedUser;
import org.apache.camel.Exchange;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/me}: who is calling and with which roles, so the dashboard can show an operator's buttons
 * and disable them for a viewer. The server still decides: a viewer's POST is refused whatever the page shows.
 */
public final class MeApi {

    private final ApiJson api;

    public MeApi(ApiJson api) {
        this.api = api;
    }

    public void me(Exchange exchange) {
        api.respond(exchange, e -> {
            AuthenticatedUser.User user = ApiCaller.of(e);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("username", user.username());
            body.put("roles", user.roles());
            body.put("operator", user.roles().contains("operator"));
            return Reply.ok(body);
        });
    }
}
