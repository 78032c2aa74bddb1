package io.querycast.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * The dashboard ({@code /}) and its login page ({@code /login}): two HTML files of {@code classpath:web/}
 * with the session's CSRF token written in, which a static file could not carry. Everything else of the
 * dashboard is static (classpath:static/css, static/js) and reads the REST API.
 */
@Controller
public class DashboardPages {

    private final String index = template("web/index.html");
    private final String login = template("web/login.html");
    /** Chart.js is served from its WebJar, whose path holds the version: read from the jar, not repeated here. */
    private final String chartJsVersion = webJarVersion("org.webjars.npm", "chart.js");

    @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> dashboard(HttpServletRequest request) {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return page(fill(index, Map.of(
                "csrfHeader", csrf.getHeaderName(),
                "csrfToken", csrf.getToken(),
                "chartjs", chartJsVersion)));
    }

    @GetMapping(value = "/login", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> login(HttpServletRequest request,
                                        @RequestParam(required = false) String error,
                                        @RequestParam(required = false) String logout,
                                        @RequestParam(required = false) String locked) {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        String message = "";
        if (locked != null) {
            message = "<p class=\"login-error\" id=\"login-error\">Too many failed logins: try again in "
                    + (locked.matches("\\d{1,6}") ? locked : "a few") + " seconds.</p>";
        } else if (error != null) {
            message = "<p class=\"login-error\" id=\"login-error\">Wrong user name or password.</p>";
        } else if (logout != null) {
            message = "<p class=\"login-info\" id=\"login-info\">You are signed out.</p>";
        }
        return page(fill(login, Map.of(
                "csrfParam", csrf.getParameterName(),
                "csrfToken", csrf.getToken(),
                "message", message)));
    }

    private static ResponseEntity<String> page(String html) {
        // the token in the page belongs to one session: a cached copy would carry a stale one
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.TEXT_HTML).body(html);
    }

    /** Replaces {@code {{name}}}; values are escaped unless the name is {@code message} (built here, above). */
    static String fill(String template, Map<String, String> values) {
        String out = template;
        for (Map.Entry<String, String> v : values.entrySet()) {
            String value = v.getKey().equals("message") ? v.getValue() : HtmlUtils.htmlEscape(v.getValue());
            out = out.replace("{{" + v.getKey() + "}}", value);
        }
        return out;
    }

    private static String template(String path) {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("dashboard page " + path + " missing from the classpath", e);
        }
    }

    static String webJarVersion(String group, String artifact) {
        String path = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("WebJar " + group + ":" + artifact + " missing from the classpath (" + path + ")", e);
        }
    }
}
