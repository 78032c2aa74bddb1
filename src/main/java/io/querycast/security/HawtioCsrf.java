package io.querycast.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * What Hawtio's browser console needs from Spring's CSRF protection, next to the dashboard's pages: its Jolokia client reads the token from
 * the {@code XSRF-TOKEN} cookie and sends it back as the {@code X-XSRF-TOKEN} header on every POST to
 * {@code /actuator/jolokia}. So the token lives in a cookie JavaScript can read ({@link #repository()}), a
 * header carries the raw cookie value while a form field keeps Spring's BREACH-safe masked form
 * ({@link #requestHandler()}), and the Hawtio page sets the cookie on its first load ({@link #cookieFilter()}).
 * Nothing here turns CSRF off: a cross-site POST to Jolokia without the token is refused with 403.
 */
final class HawtioCsrf {

    /** The Hawtio console's path (the actuator endpoint {@code hawtio}); its page and assets are below it. */
    static final String HAWTIO_PATH = "/actuator/hawtio";

    private HawtioCsrf() {
    }

    static CsrfTokenRepository repository() {
        CookieCsrfTokenRepository repository = CookieCsrfTokenRepository.withHttpOnlyFalse();
        // like the session cookie (server.servlet.session.cookie.same-site): never sent along by another site's page;
        // Secure is set whenever the request came over HTTPS
        repository.setCookieCustomizer(cookie -> cookie.sameSite("Strict"));
        return repository;
    }

    static CsrfTokenRequestHandler requestHandler() {
        return new SpaHandler();
    }

    static OncePerRequestFilter cookieFilter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
                if (token != null) {
                    token.getToken(); // loads the deferred token, so the repository writes the cookie
                }
                chain.doFilter(request, response);
            }

            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                String path = request.getRequestURI().substring(request.getContextPath().length());
                return !(path.equals(HAWTIO_PATH) || path.startsWith(HAWTIO_PATH + "/"));
            }
        };
    }

    /** Spring Security's documented handler for single-page applications (6.5 has no {@code csrf.spa()} yet). */
    private static final class SpaHandler implements CsrfTokenRequestHandler {
        private final CsrfTokenRequestHandler plain = new CsrfTokenRequestAttributeHandler();
        private final CsrfTokenRequestHandler xor = new XorCsrfTokenRequestAttributeHandler();

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> csrfToken) {
            xor.handle(request, response, csrfToken);
        }

        /**
         * A header holds either the masked token a page of ours was rendered with (the dashboard) or the
         * cookie's raw value (Hawtio): unmask it when it unmasks, else take it as it is. Form fields are
         * always masked.
         */
        @Override
        public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken csrfToken) {
            String header = request.getHeader(csrfToken.getHeaderName());
            String unmasked = xor.resolveCsrfTokenValue(request, csrfToken);
            return unmasked == null && StringUtils.hasText(header) ? plain.resolveCsrfTokenValue(request, csrfToken) : unmasked;
        }
    }
}
