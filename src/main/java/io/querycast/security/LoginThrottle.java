package io.querycast.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts failed logins (HTTP Basic, and the dashboard's login form) per user name and client address. After
 * {@code maxFailures} within {@code window}, further attempts of that name from that address are refused
 * with 429 (without checking the password) until the oldest failure leaves the window. Failures are logged with the name and address,
 * never the password; a successful login clears the count. A refused form login is sent back to the login
 * page ({@code /login?locked=<seconds>}) rather than given a JSON body.
 * <p>
 * User names are counted as user lookup matches them, ignoring case ({@code Viewer} and {@code VIEWER} share
 * one count), and only their first {@link #MAX_NAME_LENGTH} characters (no user name is longer). At most
 * {@code maxTracked} name and address pairs are remembered: past that, the one touched longest ago is
 * forgotten first, so a spray of made-up names cannot grow the memory it takes.
 */
public final class LoginThrottle extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);
    /** The longest user name ApiUsers accepts; longer names are counted by their first characters. */
    static final int MAX_NAME_LENGTH = 64;
    private static final String FORM_FAILED = LoginThrottle.class.getName() + ".formLoginFailed";
    static final String FORM_LOGIN_PATH = "/login";

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final int maxTracked;
    /** Failures per name and address, least recently touched first; guarded by itself. */
    private final LinkedHashMap<String, Deque<Instant>> failures;

    public LoginThrottle(int maxFailures, Duration window, Clock clock, int maxTracked) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
        this.maxTracked = maxTracked;
        this.failures = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
                return size() > LoginThrottle.this.maxTracked;
            }
        };
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean form = isFormLogin(request);
        String user = form ? request.getParameter("username") : basicUser(request.getHeader("Authorization"));
        if (user == null) {
            chain.doFilter(request, response);
            return;
        }
        String address = request.getRemoteAddr();
        String key = key(user, address);
        Instant now = clock.instant();
        Deque<Instant> recent;
        synchronized (failures) {
            recent = failures.get(key);
        }
        if (recent != null) {
            synchronized (recent) {
                prune(recent, now);
                if (recent.size() >= maxFailures) {
                    long retryAfter = Math.max(1, Duration.between(now, recent.peekFirst().plus(window)).toSeconds());
                    LOG.warn("{} login refused: user '{}' from {} has {} failed logins within {} s; retry in {} s",
                            form ? "Dashboard" : "API", printable(user), address, recent.size(), window.toSeconds(), retryAfter);
                    if (form) {
                        response.sendRedirect(request.getContextPath() + FORM_LOGIN_PATH + "?locked=" + retryAfter);
                        return;
                    }
                    response.setStatus(429);
                    response.setHeader("Retry-After", Long.toString(retryAfter));
                    response.setContentType("application/json");
                    response.getWriter().write("{\"error\":\"too many failed logins; retry in " + retryAfter + " s\",\"status\":429}");
                    return;
                }
            }
        }
        chain.doFilter(request, response);
        if (response.getStatus() == 401 || request.getAttribute(FORM_FAILED) != null) {
            Deque<Instant> list;
            synchronized (failures) {
                list = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
            }
            int count;
            synchronized (list) {
                prune(list, now);
                list.addLast(now);
                count = list.size();
            }
            LOG.warn("{} login failed: user '{}' from {} ({} of {} allowed failures within {} s)",
                    form ? "Dashboard" : "API", printable(user), address, count, maxFailures, window.toSeconds());
        } else if (recent != null && response.getStatus() < 400) {
            synchronized (failures) {
                failures.remove(key);
            }
        }
    }

    /** The user name as user lookup compares it (ignoring case), cut to the longest name there can be. */
    static String key(String user, String address) {
        String name = user.toLowerCase(Locale.ROOT);
        if (name.length() > MAX_NAME_LENGTH) {
            name = name.substring(0, MAX_NAME_LENGTH);
        }
        return name + "|" + address;
    }

    /** Name and address pairs remembered now. */
    int tracked() {
        synchronized (failures) {
            return failures.size();
        }
    }

    /** The characters of every name and address remembered now: what the spray test bounds. */
    long trackedKeyChars() {
        synchronized (failures) {
            return failures.keySet().stream().mapToLong(String::length).sum();
        }
    }

    /** Whether failures of this name from this address are remembered now (the test of eviction order). */
    boolean tracks(String user, String address) {
        synchronized (failures) {
            return failures.containsKey(key(user, address));
        }
    }

    /** Called by the form login's failure handler: the form answers with a redirect, not a 401. */
    static void markFailed(HttpServletRequest request) {
        request.setAttribute(FORM_FAILED, Boolean.TRUE);
    }

    private static boolean isFormLogin(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && FORM_LOGIN_PATH.equals(request.getServletPath());
    }

    private void prune(Deque<Instant> list, Instant now) {
        Instant cutoff = now.minus(window);
        while (!list.isEmpty() && !list.peekFirst().isAfter(cutoff)) {
            list.pollFirst();
        }
    }

    /** The user name of a Basic Authorization header, or null; the password part is never kept. */
    static String basicUser(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** No line breaks or control characters from a client into the log, and not too long. */
    static String printable(String s) {
        // cut first: a made-up name may be as long as the request allows
        String cut = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
