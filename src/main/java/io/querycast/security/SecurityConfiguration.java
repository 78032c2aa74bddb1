package io.querycast.security;

import io.querycast.api.ApiSettings;
import io.querycast.config.PlaceholderResolver;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * Who may call what: every /api/** path and every actuator endpoint needs an authenticated user (HTTP Basic),
 * except the liveness and readiness probes. GET needs role viewer (operators have it too); anything that
 * changes something (run, enable/disable, send, connection tests) needs operator; publishing events
 * ({@code POST /api/events/{type}}) needs operator or publisher. 401 without valid
 * credentials, 403 with the wrong role, 429 after too many failed logins ({@link LoginThrottle}).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class SecurityConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    PasswordEncoder passwordEncoder() {
        // stores {bcrypt}...; also accepts the other {id} forms in the users file
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    InMemoryUserDetailsManager apiUsers(ApiSettings settings, PlaceholderResolver placeholders, PasswordEncoder encoder) {
        List<UserDetails> users = new ApiUsers(placeholders, encoder).read(settings.usersFile());
        LOG.info("API users from {}: {}", settings.usersFile(), users.stream()
                .map(u -> u.getUsername() + " " + u.getAuthorities()).toList());
        return new InMemoryUserDetailsManager(users);
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiSettings settings, Clock clock) throws Exception {
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health/liveness", "/actuator/health/readiness").permitAll()
                        // Spring's error page, so a refused request still gets its status and a body
                        .requestMatchers("/error").permitAll()
                        // publishing events: operators, or users with the publisher role only
                        .requestMatchers(HttpMethod.POST, "/api/events/*").hasAnyRole("OPERATOR", "PUBLISHER")
                        .requestMatchers(HttpMethod.GET, "/api/**").hasRole("VIEWER")
                        .requestMatchers(HttpMethod.HEAD, "/api/**").hasRole("VIEWER")
                        .requestMatchers("/api/**").hasRole("OPERATOR")
                        .requestMatchers("/actuator/**").hasRole("VIEWER")
                        .anyRequest().authenticated())
                .httpBasic(b -> b.realmName("querycast").authenticationEntryPoint((req, res, ex) ->
                        json(res, 401, "authentication required (HTTP Basic)", true)))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> json(res, 401, "authentication required (HTTP Basic)", true))
                        .accessDeniedHandler((req, res, ex) -> json(res, 403, "your role does not allow this request", false)))
                // /api/** is for programs sending HTTP Basic credentials with every request (no session
                // cookie), which CSRF tokens would only get in the way of. A browser that cached Basic
                // credentials would send them cross-site too: browser pages must use a login session, which
                // keeps Spring's CSRF protection (everything but /api/** here).
                .csrf(c -> c.ignoringRequestMatchers("/api/**"))
                .addFilterBefore(new LoginThrottle(settings.loginMaxFailures(), settings.loginFailureWindow(), clock),
                        BasicAuthenticationFilter.class);
        return http.build();
    }

    private static void json(HttpServletResponse res, int status, String message, boolean challenge) throws IOException {
        if (challenge) {
            res.setHeader("WWW-Authenticate", "Basic realm=\"querycast\"");
        }
        res.setStatus(status);
        res.setContentType("application/json");
        res.getWriter().write("{\"error\":\"" + message + "\",\"status\":" + status + "}");
    }
}
