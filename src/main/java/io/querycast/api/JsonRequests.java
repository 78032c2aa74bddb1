package io.querycast.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Every {@code POST} (PUT, PATCH) to {@code /api/**} carries a JSON body in UTF-8, even an empty one: any other
 * Content-Type, or none, is refused with 415, and a body that is not valid UTF-8 with 400 and a plain message.
 * A page of another site can make a browser send a form or text/plain with the credentials it remembers, but
 * not application/json without a CORS preflight, which this application never answers: so no such page can
 * run a job, disable one or send a message. Camel's REST {@code clientRequestValidation} is not enough for this:
 * it lets a request without Content-Type through. The body is read once here, after {@link RequestSizeLimit},
 * and handed on as read ({@link BufferedRequest}).
 */
public final class JsonRequests extends OncePerRequestFilter {

    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

    private final long maxBytes;

    public JsonRequests(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !WITH_BODY.contains(request.getMethod()) || !request.getServletPath().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String refusal = refusal(request.getContentType());
        if (refusal != null) {
            error(response, 415, refusal);
            return;
        }
        byte[] body = BufferedRequest.read(request, maxBytes);
        if (body == null) {
            RequestSizeLimit.tooLarge(response, maxBytes);
            return;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            error(response, 400, "request body is not valid UTF-8 (JSON must be UTF-8)");
            return;
        }
        chain.doFilter(new BufferedRequest(request, body), response);
    }

    /** Why this Content-Type is refused, or null: application/json or application/*+json, in UTF-8. */
    static String refusal(String contentType) {
        String expected = "; send Content-Type: application/json (UTF-8)";
        if (contentType == null || contentType.isBlank()) {
            return "request without Content-Type" + expected;
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            return "malformed Content-Type" + expected;
        }
        boolean json = "application".equals(type.getType())
                && ("json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json"));
        if (!json) {
            return "Content-Type " + type.getType() + "/" + type.getSubtype() + " is not accepted" + expected;
        }
        String charset = type.getParameter("charset");
        if (charset != null && !charset.replace("\"", "").equalsIgnoreCase("utf-8")) {
            return "charset " + shown(charset) + " is not accepted" + expected;
        }
        return null;
    }

    /** A caller's value quoted back: no control characters, not too long. */
    private static String shown(String value) {
        String clean = value.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "…" : clean;
    }

    private static void error(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getWriter().write(ApiJson.JSON.writeValueAsString(ApiJson.error(status, message)));
    }
}
