package io.querycast.security;

import io.querycast.config.ApiSettings;
import io.querycast.config.PlaceholderResolver;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;

import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * Who may call what: every /api/** path and every actuator endpoint needs an authenticated user (HTTP Basic,
 * or the dashboard's login session), except the liveness and readiness probes. GET needs role viewer
 * (operators have it too), except a job's preview ({@code GET /api/jobs/{id}/preview}, operator); anything that changes something (run, enable/disable, send, connection tests)
 * needs operator; publishing events ({@code POST /api/events/{type}}) needs operator or publisher. 401 without
 * valid credentials, 403 with the wrong role, 429 after too many failed logins ({@link LoginThrottle}).
 * The dashboard ({@code /}) signs in through the form at {@code /login} and keeps a session. The Hawtio
 * console and Jolokia ({@code /actuator/hawtio}, {@code /actuator/jolokia}) need operator.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class SecurityConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

    /** Publishing an event (routes/events.yaml), the path of {@link #eventSecurity}. */
    static final String EVENT_PUBLISH_PATH = "/api/events/*";

    /** A program's 401, on both chains: JSON, with a Basic challenge unless the dashboard asked. */
    private static final AuthenticationEntryPoint BASIC_REQUIRED = (req, res, ex) -> json(req, res, 401, "authentication required (HTTP Basic)");
    /** A signed-in caller whose role does not allow the request, on both chains. */
    private static final AccessDeniedHandler ROLE_REFUSED = (req, res, ex) -> json(req, res, 403, "your role does not allow this request");

    /** Paths that answer programs: JSON errors and a Basic challenge, never a redirect to the login page. */
    static final RequestMatcher PROGRAM_PATHS = request -> {
        String path = request.getServletPath();
        return path.startsWith("/api/") || path.startsWith("/actuator/") || path.equals("/actuator");
    };

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

    /**
     * Passwords checked against the stored BCrypt hashes, each verified pair then remembered for
     * {@code querycast.api.credential-cache-ttl} ({@link VerifiedCredentials}): the form login and HTTP Basic.
     */
    @Bean
    VerifiedCredentials verifiedCredentials(InMemoryUserDetailsManager users, PasswordEncoder encoder, ApiSettings settings) {
        DaoAuthenticationProvider dao = new DaoAuthenticationProvider(users);
        dao.setPasswordEncoder(encoder);
        dao.setUserDetailsPasswordService(users);
        return new VerifiedCredentials(dao, settings.credentialCacheTtl(), settings.credentialCacheMax());
    }

    /** One count of failed logins for both chains: a name's failures on the event path count on the others too. */
    @Bean
    LoginThrottle loginThrottle(ApiSettings settings, Clock clock) {
        return new LoginThrottle(settings.loginMaxFailures(), settings.loginFailureWindow(), clock, settings.loginTrackedMax());
    }

    /** The throttle runs inside the security chains only; as a bean Spring Boot would also put it before every request. */
    @Bean
    FilterRegistrationBean<LoginThrottle> loginThrottleOutsideTheChains(LoginThrottle throttle) {
        FilterRegistrationBean<LoginThrottle> registration = new FilterRegistrationBean<>(throttle);
        registration.setEnabled(false);
        return registration;
    }

    /**
     * {@code POST /api/events/{type}}, what publisher programs call many times a second: HTTP Basic only, operator or
     * publisher, and nothing a program does not use. No session is read or made (a dashboard's session cookie signs
     * nobody in here), so there is no browser login for another site's page to ride on and no CSRF token to check;
     * what a browser may still send by itself (a Basic login it remembers) cannot be JSON from another site
     * (io.querycast.api.JsonRequests). The same credential cache, throttle, JSON answers and security headers as
     * the rest of the API, without the session, request cache, form login, logout, CORS and console filters of
     * {@link #apiSecurity}: about half of the filters (on the event benchmark the difference stayed within what one
     * run can show, docs/performance.md).
     */
    @Bean
    @Order(1)
    SecurityFilterChain eventSecurity(HttpSecurity http, VerifiedCredentials credentials, LoginThrottle throttle) throws Exception {
        http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, EVENT_PUBLISH_PATH))
                .authenticationManager(new ProviderManager(credentials))
                .authorizeHttpRequests(a -> a.anyRequest().hasAnyRole("OPERATOR", "PUBLISHER"))
                .httpBasic(b -> b.realmName("querycast").authenticationEntryPoint(BASIC_REQUIRED))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .anonymous(AbstractHttpConfigurer::disable)
                .servletApi(AbstractHttpConfigurer::disable)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint(BASIC_REQUIRED)
                        .accessDeniedHandler(ROLE_REFUSED))
                .addFilterBefore(throttle, BasicAuthenticationFilter.class)
                .addFilterAfter(new AuthenticatedUser(), AuthorizationFilter.class);
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiSettings settings, VerifiedCredentials credentials, LoginThrottle throttle) throws Exception {
        SimpleUrlAuthenticationFailureHandler formFailure = new SimpleUrlAuthenticationFailureHandler("/login?error");
        HttpSessionRequestCache requestCache = new HttpSessionRequestCache();
        // a program's 401 must not open a session (its cookie would then make CSRF apply to its next POST)
        requestCache.setRequestMatcher(request -> !PROGRAM_PATHS.matches(request) && "GET".equals(request.getMethod()));
        // back to the page asked for as is, without Spring's "?continue" marker in the address bar
        requestCache.setMatchingRequestParameterName(null);
        http.authenticationManager(new ProviderManager(credentials))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health/liveness", "/actuator/health/readiness").permitAll()
                        // Spring's error page, so a refused request still gets its status and a body
                        .requestMatchers("/error").permitAll()
                        // the login page and what it needs to look right
                        .requestMatchers("/login", "/css/**", "/favicon.ico").permitAll()
                        // publishing events has its own chain (eventSecurity); a path it does not match (e.g. a
                        // trailing slash) is refused here like any other POST a publisher makes
                        // a job's preview runs its query on the source database and shows row values
                        .requestMatchers(HttpMethod.GET, "/api/jobs/*/preview").hasRole("OPERATOR")
                        .requestMatchers(HttpMethod.GET, "/api/**").hasRole("VIEWER")
                        .requestMatchers(HttpMethod.HEAD, "/api/**").hasRole("VIEWER")
                        .requestMatchers("/api/**").hasRole("OPERATOR")
                        // Hawtio and the Jolokia JMX bridge it talks to can stop routes and call any MBean
                        .requestMatchers("/actuator/hawtio", "/actuator/hawtio/**", "/actuator/jolokia", "/actuator/jolokia/**")
                        .hasRole("OPERATOR")
                        .requestMatchers("/actuator/**").hasRole("VIEWER")
                        // the dashboard and its scripts: every user who may read the API
                        .anyRequest().hasRole("VIEWER"))
                .httpBasic(b -> b.realmName("querycast").authenticationEntryPoint(BASIC_REQUIRED))
                .formLogin(f -> f
                        .loginPage("/login")
                        .defaultSuccessUrl("/", false)
                        .failureHandler((req, res, ex) -> {
                            LoginThrottle.markFailed(req);
                            formFailure.onAuthenticationFailure(req, res, ex);
                        }))
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .requestCache(c -> c.requestCache(requestCache))
                .exceptionHandling(e -> e
                        .defaultAuthenticationEntryPointFor(BASIC_REQUIRED,
                                PROGRAM_PATHS)
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
                                request -> !PROGRAM_PATHS.matches(request))
                        .accessDeniedHandler(ROLE_REFUSED))
                // Programs send HTTP Basic credentials with every request and get no session cookie, which
                // CSRF tokens would only get in the way of: a request to /api/** without a live session cannot
                // ride on a browser's login and needs no token. A request that carries the dashboard's session
                // needs the token like every page here (the dashboard sends it as X-XSRF-TOKEN), whatever else
                // it carries: Spring takes the session's user without checking an Authorization header of the
                // same name, so a header, even a wrong one, must not turn the check off. What a browser sends
                // without a session (a Basic login it remembers) cannot be JSON from another site: API
                // requests with a body must be application/json (JsonRequests).
                // Hawtio's console sends the token of the XSRF-TOKEN cookie with its Jolokia POSTs (HawtioCsrf)
                .csrf(c -> c.ignoringRequestMatchers(request -> request.getServletPath().startsWith("/api/")
                                && (request.getRequestedSessionId() == null || !request.isRequestedSessionIdValid()))
                        .csrfTokenRepository(HawtioCsrf.repository())
                        .csrfTokenRequestHandler(HawtioCsrf.requestHandler()))
                // the console and its Jolokia answer their own origin only: a page of another origin gets 403
                // (Jolokia itself would echo any Origin with Access-Control-Allow-Credentials: true)
                .cors(c -> c.configurationSource(SecurityConfiguration::consoleCors))
                .addFilterAfter(HawtioCsrf.cookieFilter(), BasicAuthenticationFilter.class)
                .addFilterBefore(throttle, UsernamePasswordAuthenticationFilter.class)
                .addFilterAfter(new AuthenticatedUser(), AuthorizationFilter.class)
                .addFilterAfter(new JolokiaGetReads(), AuthorizationFilter.class);
        return http.build();
    }

    /**
     * Cross-origin requests to Hawtio and Jolokia are refused: no origin is allowed but the application's own,
     * which is not a CORS request at all (Spring compares the Origin with the request's scheme, host and port;
     * behind a proxy, set {@code server.forward-headers-strategy} so the request shows the public ones).
     * Other paths send no CORS headers, so browsers keep other origins' pages from reading them.
     */
    static CorsConfiguration consoleCors(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        boolean console = path.startsWith(HawtioCsrf.HAWTIO_PATH) || path.startsWith(JolokiaGetReads.JOLOKIA);
        return console ? new CorsConfiguration() : null;
    }

    private static void json(HttpServletRequest req, HttpServletResponse res, int status, String message) throws IOException {
        // the dashboard's own calls (X-Requested-With) get no challenge: the browser would answer it with its
        // Basic dialog, when the page should go back to the login form
        if (status == 401 && !"XMLHttpRequest".equals(req.getHeader("X-Requested-With"))) {
            res.setHeader("WWW-Authenticate", "Basic realm=\"querycast\"");
        }
        res.setStatus(status);
        res.setContentType("application/json");
        res.getWriter().write("{\"error\":\"" + message + "\",\"status\":" + status + "}");
    }
}
