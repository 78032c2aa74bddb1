package io.querycast.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;

/**
 * Jolokia answers {@code GET /actuator/jolokia/<type>/...} for every request type, and a GET needs no CSRF
 * token: a link or an image on any page could make an operator's browser call an operation. GETs are kept for
 * what only reads (read, list, search, version: the scripts of docs/hawtio.md); anything else must be a POST,
 * which carries the CSRF token Hawtio sends. Refused with 403, after authentication (so an anonymous caller
 * still gets 401). Jolokia's own policy ({@code jolokia-access.xml}) can only allow or deny HTTP methods for
 * all request types at once, and Hawtio finds Jolokia with a GET.
 */
final class JolokiaGetReads extends OncePerRequestFilter {

    static final String JOLOKIA = "/actuator/jolokia";
    static final String HAWTIO_JOLOKIA = HawtioCsrf.HAWTIO_PATH + "/jolokia";
    private static final Set<String> READS = Set.of("read", "list", "search", "version");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = requestType(request);
        if (!READS.contains(type)) {
            response.setStatus(403);
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":\"Jolokia over GET answers reads only (read, list, search, version); '"
                    + LoginThrottle.printable(type).replaceAll("[\"\\\\]", "?")
                    + "' must be a POST carrying the CSRF token\",\"status\":403}");
            return;
        }
        chain.doFilter(request, response);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"GET".equals(request.getMethod()) || jolokiaPath(request) == null;
    }

    /** What follows Jolokia's path, or null when the request is not for Jolokia. */
    static String jolokiaPath(HttpServletRequest request) {
        // servlet path + path info: decoded, and the whole path both for Jolokia's own servlet and for Hawtio's
        // forwarding controller under Spring's dispatcher
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        for (String prefix : new String[]{JOLOKIA, HAWTIO_JOLOKIA}) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return path.substring(prefix.length());
            }
        }
        return null;
    }

    /**
     * The request type as Jolokia reads a GET: the first element of the path, or of the {@code p} parameter when
     * the path is empty; no element means {@code version}.
     */
    static String requestType(HttpServletRequest request) {
        String rest = jolokiaPath(request);
        if (rest == null || rest.matches("/*")) {
            rest = request.getParameter("p");
        }
        if (rest == null) {
            return "version";
        }
        String trimmed = rest.replaceFirst("^/+", "");
        int slash = trimmed.indexOf('/');
        String type = (slash < 0 ? trimmed : trimmed.substring(0, slash)).toLowerCase(Locale.ROOT);
        return type.isEmpty() ? "version" : type;
    }
}
