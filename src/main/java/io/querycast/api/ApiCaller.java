package io.querycast.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Who made an API request, for the records that name the operator (e.g. who disabled a job).
 * camel-platform-http handles a request on another thread than the one Spring Security authenticated it
 * on, where the security context is empty; so the name is copied onto the request itself, after
 * authentication and before Camel.
 */
public final class ApiCaller extends OncePerRequestFilter {

    private static final String ATTRIBUTE = ApiCaller.class.getName();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.isAuthenticated()) {
            request.setAttribute(ATTRIBUTE, auth.getName());
        }
        chain.doFilter(request, response);
    }

    /** The authenticated user name of the request behind {@code exchange}. */
    public static String of(Exchange exchange) {
        if (exchange.getIn() instanceof PlatformHttpMessage http && http.getRequest() != null
                && http.getRequest().getAttribute(ATTRIBUTE) instanceof String name) {
            return name;
        }
        throw new IllegalStateException("no authenticated caller on this request");
    }
}
