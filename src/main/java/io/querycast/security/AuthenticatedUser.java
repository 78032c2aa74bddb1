package io.querycast.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;

/**
 * Puts the signed-in user on the request as a {@link User}. The REST routes do not rely on Spring Security's
 * thread-bound context (camel-platform-http's own engine runs them on another thread; Querycast's runs them on
 * the container's, io.querycast.api.PlatformHttpConfiguration): the request object travels with the exchange, so
 * {@code GET /api/me} reads the user from there.
 */
public final class AuthenticatedUser extends OncePerRequestFilter {

    public static final String ATTRIBUTE = AuthenticatedUser.class.getName();

    /** A user name and its roles, lower case without Spring's {@code ROLE_} prefix. */
    public record User(String username, List<String> roles) {
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken)) {
            List<String> roles = auth.getAuthorities().stream()
                    .map(GrantedAuthority::getAuthority)
                    .filter(a -> a.startsWith("ROLE_"))
                    .map(a -> a.substring(5).toLowerCase(java.util.Locale.ROOT))
                    .sorted().toList();
            request.setAttribute(ATTRIBUTE, new User(auth.getName(), roles));
        }
        chain.doFilter(request, response);
    }
}
