package io.querycast.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Caps request bodies, on every path and whichever way the handler reads them: a declared Content-Length above
 * the limit is refused with 413 at once; a body without one (chunked) is read here, at most one byte past the
 * limit, and refused with 413 as soon as it passes it, or handed on as read ({@link BufferedRequest}).
 * Registered after Spring Security: nothing is read for a caller who is not signed in. Tomcat's own limits
 * cover forms only, not JSON bodies, and a stream wrapper alone would not do: camel-platform-http reads the
 * body through {@code getReader()} inside the route, where an error past the limit could only become a 500.
 * Jolokia (operator only) gets {@link #JOLOKIA_MAX_BYTES}: Hawtio's console asks which operations the user may
 * call in one request naming every MBean and operation, over 1 MiB once a JVM holds a few hundred Camel MBeans.
 */
public final class RequestSizeLimit extends OncePerRequestFilter {

    static final long JOLOKIA_MAX_BYTES = 32L * 1024 * 1024;

    private final long maxBytes;

    public RequestSizeLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        long maxBytes = path.startsWith("/actuator/jolokia") || path.startsWith("/actuator/hawtio/jolokia")
                ? Math.max(this.maxBytes, JOLOKIA_MAX_BYTES) : this.maxBytes;
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            tooLarge(response, maxBytes);
            return;
        }
        if (declared < 0 && request.getHeader("Transfer-Encoding") != null) {
            byte[] body = BufferedRequest.read(request, maxBytes);
            if (body == null) {
                tooLarge(response, maxBytes);
                return;
            }
            chain.doFilter(new BufferedRequest(request, body), response);
            return;
        }
        // a declared length: the container never hands out more than it
        chain.doFilter(request, response);
    }

    static void tooLarge(HttpServletResponse response, long maxBytes) throws IOException {
        response.setStatus(413);
        response.setContentType("application/json");
        // the rest of the body is not read: the connection closes after this answer
        response.setHeader("Connection", "close");
        response.getWriter().write("{\"error\":\"request body larger than " + maxBytes + " bytes\",\"status\":413}");
    }
}
