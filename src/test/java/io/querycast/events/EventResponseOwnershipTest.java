package io.querycast.events;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.filter.GenericFilterBean;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.querycast.support.TestUsers.PUBLISHER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many keep-alive callers of POST /api/events/{type} at once (32 callers, HTTP/1.1, sync and {@code ?async=true}
 * mixed) against the real application and a KRaft broker: every answer is a well-formed 200 (with its offset) or
 * 202 (with its id), carrying Spring Security's headers; nothing at WARN or above was logged by Tomcat, Spring MVC
 * or camel-platform-http; and every response was written only by a container thread while it was dispatching that
 * request. The last is what the load broke before: camel-platform-http ran the exchange on Spring's task executor
 * and wrote the response there while the container thread was still in the filter chain (Spring Security writes
 * its headers on the way out), so two threads changed one Tomcat response and under load its header array broke
 * ({@code NullPointerException ... MimeHeaders.recycle}, an empty answer on the keep-alive connection).
 * See io.querycast.api.PlatformHttpConfiguration.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "querycast.connections-file=src/test/config/events/connections.yaml",
        "querycast.jobs-dir=src/test/config/events/jobs",
        "querycast.queries-dir=src/test/queries",
        "querycast.events.topics.load=qc.events.load"})
@ActiveProfiles("test")
@EmbeddedKafka(kraft = true, partitions = 3, bootstrapServersProperty = "QC_TEST_KAFKA", topics = {"qc.events.load"})
class EventResponseOwnershipTest {

    static final int CALLERS = 32;
    static final int REQUESTS_EACH = 100;
    static final ObjectMapper JSON = new ObjectMapper();
    /** Response changes made by a thread that was not dispatching the request at the time. */
    static final Queue<String> FOREIGN_WRITES = new ConcurrentLinkedQueue<>();
    static final String OWNER = EventResponseOwnershipTest.class.getName() + ".owner";
    static final List<String> WATCHED = List.of("org.apache.coyote", "org.apache.catalina", "org.apache.tomcat",
            "org.apache.camel.component.platform.http", "org.springframework.web");

    @LocalServerPort
    int port;

    final Queue<String> logged = new ConcurrentLinkedQueue<>();
    final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent e) {
            if (e.getLevel().isGreaterOrEqual(Level.WARN) && WATCHED.stream().anyMatch(e.getLoggerName()::startsWith)) {
                logged.add(e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage()));
            }
        }
    };

    /** Outermost filter, on every dispatch: the dispatching thread owns the response, anyone else changing it is recorded. */
    @TestConfiguration
    static class ResponseOwnership {
        @Bean
        FilterRegistrationBean<GenericFilterBean> responseOwnership() {
            FilterRegistrationBean<GenericFilterBean> r = new FilterRegistrationBean<>(new GenericFilterBean() {
                @Override
                public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res, FilterChain chain)
                        throws IOException, ServletException {
                    Object before = req.getAttribute(OWNER);
                    req.setAttribute(OWNER, Thread.currentThread());
                    try {
                        chain.doFilter(req, res instanceof Owned ? res : new Owned((HttpServletRequest) req, (HttpServletResponse) res));
                    } finally {
                        req.setAttribute(OWNER, before);
                    }
                }
            });
            r.setOrder(Ordered.HIGHEST_PRECEDENCE);
            r.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
            r.addUrlPatterns("/api/events/*");
            return r;
        }
    }

    static final class Owned extends HttpServletResponseWrapper {
        private final HttpServletRequest request;

        Owned(HttpServletRequest request, HttpServletResponse response) {
            super(response);
            this.request = request;
        }

        private void check(String what) {
            if (request.getAttribute(OWNER) != Thread.currentThread()) {
                FOREIGN_WRITES.add(what + " on " + Thread.currentThread().getName());
            }
        }

        @Override public void setStatus(int sc) { check("setStatus"); super.setStatus(sc); }
        @Override public void setHeader(String n, String v) { check("setHeader " + n); super.setHeader(n, v); }
        @Override public void addHeader(String n, String v) { check("addHeader " + n); super.addHeader(n, v); }
        @Override public void setIntHeader(String n, int v) { check("setIntHeader " + n); super.setIntHeader(n, v); }
        @Override public void addIntHeader(String n, int v) { check("addIntHeader " + n); super.addIntHeader(n, v); }
        @Override public void setDateHeader(String n, long v) { check("setDateHeader " + n); super.setDateHeader(n, v); }
        @Override public void addDateHeader(String n, long v) { check("addDateHeader " + n); super.addDateHeader(n, v); }
        @Override public void setContentType(String t) { check("setContentType"); super.setContentType(t); }
        @Override public void setContentLength(int l) { check("setContentLength"); super.setContentLength(l); }
        @Override public void setContentLengthLong(long l) { check("setContentLength"); super.setContentLengthLong(l); }
        @Override public void setCharacterEncoding(String c) { check("setCharacterEncoding"); super.setCharacterEncoding(c); }
        @Override public void sendError(int sc) throws IOException { check("sendError"); super.sendError(sc); }
        @Override public void sendError(int sc, String m) throws IOException { check("sendError"); super.sendError(sc, m); }
        @Override public void flushBuffer() throws IOException { check("flushBuffer"); super.flushBuffer(); }
        @Override public ServletOutputStream getOutputStream() throws IOException { check("getOutputStream"); return super.getOutputStream(); }
        @Override public PrintWriter getWriter() throws IOException { check("getWriter"); return super.getWriter(); }
    }

    @BeforeEach
    void capture() {
        FOREIGN_WRITES.clear();
        appender.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(appender);
    }

    @AfterEach
    void release() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(appender);
        appender.stop();
    }

    @Test
    void everyAnswerUnderConcurrentKeepAliveLoadIsWholeAndWrittenByTheContainersThread() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        String auth = "Basic " + Base64.getEncoder().encodeToString(PUBLISHER.getBytes(StandardCharsets.UTF_8));
        Queue<String> wrong = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        try {
            List<Future<Integer>> callers = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                int caller = c;
                callers.add(pool.submit(() -> {
                    int answered = 0;
                    for (int i = 0; i < REQUESTS_EACH; i++) {
                        boolean async = (caller + i) % 2 == 0;
                        HttpRequest req = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/events/load" + (async ? "?async=true" : "")))
                                .timeout(Duration.ofSeconds(60)).header("Authorization", auth).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"caller\":" + caller + ",\"n\":" + i + "}")).build();
                        HttpResponse<String> r;
                        try {
                            r = http.send(req, HttpResponse.BodyHandlers.ofString());
                        } catch (IOException e) {
                            wrong.add("caller " + caller + " #" + i + ": " + e);
                            continue;
                        }
                        String problem = problem(r, async);
                        if (problem != null) {
                            wrong.add("caller " + caller + " #" + i + ": " + problem);
                        } else {
                            answered++;
                        }
                    }
                    return answered;
                }));
            }
            int answered = 0;
            for (Future<Integer> f : callers) {
                answered += f.get(120, TimeUnit.SECONDS);
            }
            assertThat(wrong).as("broken or wrong answers").isEmpty();
            assertThat(answered).isEqualTo(CALLERS * REQUESTS_EACH);
        } finally {
            pool.shutdownNow();
        }
        assertThat(FOREIGN_WRITES).as("response changes from a thread not dispatching the request (first few)")
                .isEmpty();
        assertThat(logged).as("Tomcat / Spring MVC / platform-http warnings and errors").isEmpty();
    }

    /** Why this answer is not what the caller should get, or null. */
    static String problem(HttpResponse<String> r, boolean async) {
        int expected = async ? 202 : 200;
        if (r.statusCode() != expected) {
            return "status " + r.statusCode() + " (expected " + expected + "): " + r.body();
        }
        if (!r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            return "Content-Type " + r.headers().firstValue("Content-Type");
        }
        if (r.headers().allValues("X-Content-Type-Options").size() != 1) {
            return "X-Content-Type-Options " + r.headers().allValues("X-Content-Type-Options");
        }
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            return "body is not JSON: " + r.body();
        }
        if (body == null || body.path("id").asText().isEmpty()) {
            return "no event id: " + r.body();
        }
        if (async ? !body.path("status").asText().equals("accepted") : !body.path("offset").canConvertToLong() || body.path("offset").asLong() < 0) {
            return "body " + r.body();
        }
        return null;
    }
}
