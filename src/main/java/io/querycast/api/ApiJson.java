package io.querycast.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Request and response plumbing shared by the API handlers: each handler method runs through
 * {@link #respond}, which writes its result as JSON with the status it chose, and turns an
 * {@link ApiException} into {@code {"error": ..., "status": ...}} (anything else into a 500 whose text
 * went through {@link Redactor} first).
 */
public final class ApiJson {

    private static final Logger LOG = LoggerFactory.getLogger(ApiJson.class);
    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            // records answered as they are (connection probes): snake_case like every other field of the API
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);

    private final Redactor redactor;

    public ApiJson(Redactor redactor) {
        this.redactor = redactor;
    }

    /** What a handler answers: a status and a body to write as JSON. */
    public record Reply(int status, Object body, Map<String, String> headers) {
        public Reply(int status, Object body) {
            this(status, body, Map.of());
        }

        public static Reply ok(Object body) {
            return new Reply(200, body);
        }

        /** The same answer with one more response header (e.g. {@code ETag}). */
        public Reply with(String header, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(header, value);
            return new Reply(status, body, Map.copyOf(h));
        }
    }

    public void respond(Exchange exchange, Function<Exchange, Reply> handler) {
        Reply reply;
        try {
            reply = handler.apply(exchange);
        } catch (ApiException e) {
            Map<String, Object> body = error(e.status(), redactor.redact(e.getMessage()));
            body.putAll(e.details());
            reply = new Reply(e.status(), body);
        } catch (RuntimeException e) {
            String text = redactor.redact(String.valueOf(e.getMessage()));
            LOG.error("API request {} {} failed: {}", exchange.getMessage().getHeader(Exchange.HTTP_METHOD),
                    exchange.getMessage().getHeader(Exchange.HTTP_URI), text);
            reply = new Reply(500, error(500, "internal error: " + text));
        }
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, reply.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        reply.headers().forEach(exchange.getMessage()::setHeader);
        try {
            exchange.getMessage().setBody(JSON.writeValueAsString(reply.body()));
        } catch (JsonProcessingException e) {
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 500);
            exchange.getMessage().setBody("{\"error\":\"response could not be written as JSON\",\"status\":500}");
        }
    }

    /** A text for the caller with every configured secret masked (errors of drivers and clients quote them). */
    String redact(String text) {
        return redactor.redact(text);
    }

    /** Parameter values as the caller may see them: a configured secret (given as a value, or from ${ENV}) masked. */
    Map<String, String> redact(Map<String, String> values) {
        if (values == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, redactor.redact(v)));
        return out;
    }

    static Map<String, Object> error(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("status", status);
        return body;
    }

    /** The request body as a JSON object; an empty body is an empty object when {@code optional}. */
    static JsonNode body(Exchange exchange, boolean optional) {
        String text = exchange.getMessage().getBody(String.class);
        if (text == null || text.isBlank()) {
            if (optional) {
                return JSON.createObjectNode();
            }
            throw ApiException.badRequest("request body required: a JSON object");
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("request body must be a JSON object");
        }
        return node;
    }

    /**
     * A query parameter, read from the query string itself: Camel also copies query parameters into headers,
     * where {@code connection}, {@code from} or {@code to} would collide with HTTP headers of those names.
     */
    static String query(Exchange exchange, String name) {
        String raw = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8);
            if (key.equals(name)) {
                String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
                return value.isBlank() ? null : value;
            }
        }
        return null;
    }

    static String header(Exchange exchange, String name) {
        String value = exchange.getMessage().getHeader(name, String.class);
        return value == null || value.isBlank() ? null : value;
    }

    static String requiredText(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw ApiException.badRequest("field '" + field + "' is required");
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest("field '" + field + "' must be a string");
        }
        return v.asText();
    }

    static String optionalText(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw ApiException.badRequest("field '" + field + "' must be a string");
        }
        return v.asText();
    }
}
