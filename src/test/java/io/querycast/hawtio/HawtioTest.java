package io.querycast.hawtio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.querycast.run.RunHistory;
import io.querycast.run.RunStatus;
import io.querycast.support.RunAwaiter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.querycast.support.TestUsers.OPERATOR;
import static io.querycast.support.TestUsers.VIEWER;
import static io.querycast.support.TestUsers.PUBLISHER;

/**
 * The embedded Hawtio console and the Jolokia bridge it reads the Camel MBeans through, over real HTTP against
 * the running application (random port, Spring Security on, the users of src/test/config/users.yaml, a real
 * KRaft broker and H2): operator only (viewer 403, anonymous 401), the export routes of the test jobs are
 * there by id with their real exchange counts, and a Jolokia POST needs the CSRF token Hawtio sends.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "querycast.connections-file=src/test/config/api/connections.yaml",
        "querycast.jobs-dir=src/test/config/api/jobs",
        "querycast.queries-dir=src/test/queries"})
@EmbeddedKafka(kraft = true, partitions = 1, bootstrapServersProperty = "QC_TEST_KAFKA",
        topics = {"qc.api.types", "qc.api.types.DLT"})
class HawtioTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    RunHistory history;
    @Autowired
    org.apache.camel.CamelContext camel;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    HttpResponse<String> call(String method, String path, String credentials, Map<String, String> headers, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(60));
        if (credentials != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        headers.forEach(b::header);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String credentials) throws Exception {
        return call("GET", path, credentials, Map.of(), null);
    }

    JsonNode jolokia(String path) throws Exception {
        HttpResponse<String> r = get("/actuator/jolokia" + path, OPERATOR);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        JsonNode json = JSON.readTree(r.body());
        assertThat(json.get("status").asInt()).as(r.body()).isEqualTo(200);
        return json.get("value");
    }

    @Test
    void theConsoleIsServedToOperatorsOnly() throws Exception {
        HttpResponse<String> page = get("/actuator/hawtio/", OPERATOR);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.body()).contains("<title>Hawtio</title>").contains("<div id=\"root\">");
        // Hawtio's own path to Jolokia forwards to the actuator endpoint, behind the same rule
        HttpResponse<String> forwarded = get("/actuator/hawtio/jolokia/version", OPERATOR);
        assertThat(forwarded.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(forwarded.body()).get("value").get("agent").asText()).startsWith("2.");
        // the page hands the browser the CSRF token its Jolokia client sends back (HawtioCsrf)
        assertThat(page.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("XSRF-TOKEN="));

        for (String path : List.of("/actuator/hawtio", "/actuator/hawtio/", "/actuator/hawtio/index.html",
                "/actuator/jolokia", "/actuator/jolokia/version", "/actuator/hawtio/jolokia/version")) {
            HttpResponse<String> anonymous = get(path, null);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).as(path).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
            assertThat(get(path, VIEWER).statusCode()).as(path).isEqualTo(403);
            assertThat(get(path, PUBLISHER).statusCode()).as(path).isEqualTo(403);
        }
        // a wrong password is 401 (one try: five in a row would be throttled, LoginThrottle)
        assertThat(get("/actuator/jolokia/version", "test-operator:not-the-password").statusCode()).isEqualTo(401);
        assertThat(call("POST", "/actuator/jolokia", VIEWER, Map.of("Content-Type", "application/json"),
                "{\"type\":\"version\"}").statusCode()).isEqualTo(403);
        // nothing else new on the actuator: the endpoint list shows what is exposed
        JsonNode links = JSON.readTree(get("/actuator", VIEWER).body()).get("_links");
        List<String> exposed = new ArrayList<>();
        links.fieldNames().forEachRemaining(exposed::add);
        assertThat(exposed).allSatisfy(name -> assertThat(name).matches(
                "self|health|health-path|info|prometheus|metrics|metrics-requiredMetricName|hawtio|jolokia"));
    }

    @Test
    void jolokiaShowsTheExportRoutesOfEveryJobWithTheirStatistics() throws Exception {
        // other applications of the test JVM (Spring's context cache) have their own Camel context in the
        // same MBean server, registered as querycast-1, -2, ...: this one's name scopes every query
        String context = "org.apache.camel:context=" + camel.getManagementName();
        JsonNode routes = jolokia("/search/" + context + ",type=routes,*");
        assertThat(routes).isNotEmpty();
        List<String> names = new ArrayList<>();
        routes.forEach(n -> names.add(n.asText()));
        for (String job : List.of("api-types", "api-switch")) {
            for (String routeId : List.of(job, job + "-deliver", job + "-dead-letter")) {
                assertThat(names).as(routeId).anySatisfy(n -> assertThat(n).contains("name=\"" + routeId + "\""));
            }
        }

        HttpResponse<String> started = call("POST", "/api/jobs/api-types/run", OPERATOR, Map.of("Content-Type", "application/json"), null);
        assertThat(started.statusCode()).isEqualTo(202);
        String runId = JSON.readTree(started.body()).get("run_id").asText();
        assertThat(RunAwaiter.awaitFinished(history, runId, Duration.ofSeconds(60)).status()).isEqualTo(RunStatus.SUCCESS);

        // one read of every route's counters: {mbean name: {attribute: value}}
        JsonNode stats = jolokia("/read/" + context + ",type=routes,*/RouteId,ExchangesCompleted,ExchangesFailed,State");
        Map<String, JsonNode> byRoute = new java.util.HashMap<>();
        stats.forEach(s -> byRoute.put(s.get("RouteId").asText(), s));
        assertThat(byRoute.get("api-types").get("ExchangesCompleted").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(byRoute.get("api-types").get("ExchangesFailed").asLong()).isZero();
        assertThat(byRoute.get("api-types").get("State").asText()).isEqualTo("Started");
        // two rows in batches of two: the delivery route handled at least one batch, nothing was dead-lettered
        assertThat(byRoute.get("api-types-deliver").get("ExchangesCompleted").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(byRoute.get("api-types-dead-letter").get("ExchangesCompleted").asLong()).isZero();
        assertThat(byRoute.get("api-switch").get("ExchangesCompleted").asLong()).isZero();

        JsonNode contexts = jolokia("/read/" + context + ",type=context,*/CamelId,State,ExchangesCompleted");
        assertThat(contexts).hasSize(1);
        JsonNode ours = contexts.elements().next();
        assertThat(ours.get("CamelId").asText()).isEqualTo(camel.getName());
        assertThat(ours.get("State").asText()).isEqualTo("Started");
        assertThat(ours.get("ExchangesCompleted").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aJolokiaPostNeedsTheCsrfTokenHawtioSends() throws Exception {
        String body = "{\"type\":\"search\",\"mbean\":\"org.apache.camel:type=routes,*\"}";
        Map<String, String> json = Map.of("Content-Type", "application/json");
        // a cross-site form or script posting with the browser's credentials has no token
        assertThat(call("POST", "/actuator/jolokia", OPERATOR, json, body).statusCode()).isEqualTo(403);

        String cookie = get("/actuator/hawtio/", OPERATOR).headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("XSRF-TOKEN=")).findFirst().orElseThrow();
        String token = cookie.substring("XSRF-TOKEN=".length(), cookie.indexOf(';'));
        HttpResponse<String> r = call("POST", "/actuator/jolokia", OPERATOR,
                Map.of("Content-Type", "application/json", "Cookie", "XSRF-TOKEN=" + token, "X-XSRF-TOKEN", token), body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("value").toString()).contains("name=\\\"api-types-deliver\\\"");

        // Hawtio's RBAC request names every MBean and operation: over the API's 1 MiB once the JVM holds a few
        // hundred Camel MBeans. Jolokia takes more (RequestSizeLimit), the API does not
        String large = "{\"type\":\"search\",\"mbean\":\"org.apache.camel:type=routes,*\",\"padding\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        HttpResponse<String> bulk = call("POST", "/actuator/jolokia", OPERATOR,
                Map.of("Content-Type", "application/json", "Cookie", "XSRF-TOKEN=" + token, "X-XSRF-TOKEN", token), large);
        assertThat(bulk.statusCode()).as(bulk.body()).isEqualTo(200);
        assertThat(call("POST", "/api/kafka/send", OPERATOR, json, large).statusCode()).isEqualTo(413);
    }

    // ---- what the console must refuse (jolokia-access.xml, JolokiaGetReads, CORS, JSR-160 left out)

    /** The CSRF token of the XSRF-TOKEN cookie the console's page sets, as Hawtio sends it. */
    String csrfToken() throws Exception {
        String cookie = get("/actuator/hawtio/", OPERATOR).headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("XSRF-TOKEN=")).findFirst().orElseThrow();
        return cookie.substring("XSRF-TOKEN=".length(), cookie.indexOf(';'));
    }

    /** A Jolokia POST as the console sends it (CSRF token, operator): Jolokia's JSON answer. */
    JsonNode jolokiaPost(String body) throws Exception {
        String token = csrfToken();
        HttpResponse<String> r = call("POST", "/actuator/jolokia", OPERATOR,
                Map.of("Content-Type", "application/json", "Cookie", "XSRF-TOKEN=" + token, "X-XSRF-TOKEN", token), body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    String contextMBean() throws Exception {
        JsonNode found = jolokia("/search/org.apache.camel:context=" + camel.getManagementName() + ",type=context,*");
        assertThat(found).hasSize(1);
        return found.get(0).asText();
    }

    String routeMBean(String routeId) throws Exception {
        return "org.apache.camel:context=" + camel.getManagementName() + ",type=routes,name=\"" + routeId + "\"";
    }

    static String exec(String mbean, String operation, Object... args) throws Exception {
        Map<String, Object> request = new java.util.LinkedHashMap<>();
        request.put("type", "exec");
        request.put("mbean", mbean);
        request.put("operation", operation);
        request.put("arguments", List.of(args));
        return JSON.writeValueAsString(request);
    }

    @Test
    void jolokiaRefusesEveryOperationTheConsoleDoesNotNeed() throws Exception {
        String secretVariable = System.getenv().keySet().stream().filter(k -> System.getenv(k).length() >= 8).sorted().findFirst().orElseThrow();
        String secretValue = System.getenv(secretVariable);
        // the Camel context evaluates any expression it is handed: an environment variable, a file, a statement
        for (String attack : List.of(
                exec(contextMBean(), "requestStringBody(java.lang.String,java.lang.String)", "language:simple:${env:" + secretVariable + "}", "x"),
                exec(contextMBean(), "sendStringBody(java.lang.String,java.lang.String)", "file:target/jolokia-attack", "written"),
                exec(contextMBean(), "addOrUpdateRoutesFromXml(java.lang.String)", "<routes/>"),
                exec(contextMBean(), "stop()"),
                exec(contextMBean(), "dumpRoutesAsXml(boolean)", true),
                exec("com.sun.management:type=DiagnosticCommand", "vmSystemProperties()"),
                exec("com.sun.management:type=DiagnosticCommand", "jvmtiAgentLoad(java.lang.String)", "/tmp/agent.so"),
                exec("com.sun.management:type=HotSpotDiagnostic", "dumpHeap(java.lang.String,boolean)", "target/jolokia-heap.hprof", true),
                exec("java.lang:type=Memory", "gc()"),
                exec("java.util.logging:type=Logging", "setLoggerLevel(java.lang.String,java.lang.String)", "", "OFF"),
                exec("JMImplementation:type=MBeanServerDelegate", "getMBeanServerId()"),
                exec(routeMBean("api-switch"), "remove()"),
                exec(routeMBean("api-switch"), "updateRouteFromXml(java.lang.String)", "<route id=\"api-switch\"><from uri=\"timer:x\"/><to uri=\"log:x\"/></route>"),
                exec(routeMBean("api-switch"), "dumpRouteAsXml(boolean)", true),
                "{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":true}",
                "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"SystemProperties\"}",
                "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"InputArguments\"}",
                "{\"type\":\"read\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\",\"attribute\":\"DiagnosticOptions\"}")) {
            JsonNode answer = jolokiaPost(attack);
            assertThat(answer.get("status").asInt()).as(attack + " -> " + answer).isEqualTo(403);
            assertThat(answer.toString()).doesNotContain(secretValue);
        }
        assertThat(Path.of("target/jolokia-attack")).doesNotExist();
        assertThat(Path.of("target/jolokia-heap.hprof")).doesNotExist();
        assertThat(camel.getStatus().isStarted()).isTrue();
        assertThat(camel.getRouteController().getRouteStatus("api-switch").isStarted()).isTrue();

        // reading everything that may be read gives no configured secret and no environment value
        JsonNode all = jolokiaPost("{\"type\":\"read\",\"mbean\":\"*:*\",\"config\":{\"ignoreErrors\":true,\"maxDepth\":4}}");
        assertThat(all.get("status").asInt()).isEqualTo(200);
        assertThat(all.toString()).doesNotContain("Qc-Api-T3st-Secret-7731").doesNotContain(secretValue);
    }

    @Test
    void theRoutesButtonsOfTheConsoleStillWork() throws Exception {
        String route = routeMBean("api-switch");
        for (String operation : List.of("suspend()", "resume()", "stop()", "start()", "reset()", "dumpRouteStatsAsXml(boolean,boolean)")) {
            JsonNode answer = jolokiaPost(operation.endsWith("(boolean,boolean)") ? exec(route, operation, false, false) : exec(route, operation));
            assertThat(answer.get("status").asInt()).as(operation + " -> " + answer).isEqualTo(200);
        }
        assertThat(camel.getRouteController().getRouteStatus("api-switch").isStarted()).isTrue();
        // the route tree and the Route Diagram read the routes as written and their counters
        assertThat(jolokiaPost(exec(contextMBean(), "dumpRoutesAsXml()")).get("status").asInt()).isEqualTo(200);
        assertThat(jolokiaPost(exec(contextMBean(), "dumpRoutesStatsAsXml(boolean,boolean)", true, true)).get("status").asInt()).isEqualTo(200);
        // Hawtio's own read-only helpers: its MBean tree and the operations the user may call
        assertThat(jolokiaPost(exec("hawtio:type=security,name=RBACRegistry", "list()")).get("status").asInt()).isEqualTo(200);
        assertThat(jolokiaPost(exec("hawtio:type=security,area=jmx,name=HawtioDummyJMXSecurity", "canInvoke(java.lang.String)", route))
                .get("status").asInt()).isEqualTo(200);
    }

    @Test
    void jolokiaOverGetOnlyReads() throws Exception {
        String route = routeMBean("api-switch");
        // a link or an image could make an operator's browser send these: no CSRF token, so no operation
        // (resume() on a started route changes nothing: what counts is that the operation is not run)
        for (String path : List.of("/actuator/jolokia/exec/" + route + "/resume()", "/actuator/hawtio/jolokia/exec/" + route + "/resume()",
                "/actuator/jolokia/EXEC/" + route + "/resume()", "/actuator/jolokia/write/java.lang:type=Memory/Verbose/false",
                "/actuator/jolokia/?p=/exec/" + route + "/resume()", "/actuator/jolokia?p=exec/" + route + "/resume()")) {
            HttpResponse<String> r = get(path.replace("\"", "%22").replace("(", "%28").replace(")", "%29"), OPERATOR);
            assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(403);
            assertThat(r.body()).contains("must be a POST");
        }
        assertThat(camel.getRouteController().getRouteStatus("api-switch").isStarted()).isTrue();
        // reads stay open to scripts
        assertThat(jolokia("/read/" + route.replace("\"", "%22") + "/State").asText()).isEqualTo("Started");
        assertThat(jolokia("/list?maxDepth=1").has("org.apache.camel")).isTrue();
        assertThat(get("/actuator/jolokia/version", OPERATOR).statusCode()).isEqualTo(200);
    }

    @Test
    void anotherOriginGetsNothingFromTheConsole() throws Exception {
        String token = csrfToken();
        for (String path : List.of("/actuator/jolokia/version", "/actuator/hawtio/jolokia/version", "/actuator/hawtio/")) {
            HttpResponse<String> r = call("GET", path, OPERATOR, Map.of("Origin", "http://evil.example"), null);
            assertThat(r.statusCode()).as(path).isEqualTo(403);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as(path).isEmpty();
            assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).as(path).isEmpty();
        }
        HttpResponse<String> post = call("POST", "/actuator/jolokia", OPERATOR, Map.of("Origin", "http://evil.example",
                "Content-Type", "application/json", "Cookie", "XSRF-TOKEN=" + token, "X-XSRF-TOKEN", token), "{\"type\":\"version\"}");
        assertThat(post.statusCode()).isEqualTo(403);
        HttpResponse<String> preflight = call("OPTIONS", "/actuator/jolokia", null, Map.of("Origin", "http://evil.example",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type,x-xsrf-token"), null);
        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        // the console's own origin is not a cross-origin request: Hawtio's POSTs carry it
        HttpResponse<String> own = call("POST", "/actuator/jolokia", OPERATOR, Map.of("Origin", "http://localhost:" + port,
                "Content-Type", "application/json", "Cookie", "XSRF-TOKEN=" + token, "X-XSRF-TOKEN", token), "{\"type\":\"version\"}");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        // the token's cookie is never sent along by another site's page
        assertThat(get("/actuator/hawtio/", OPERATOR).headers().allValues("Set-Cookie"))
                .filteredOn(c -> c.startsWith("XSRF-TOKEN=")).singleElement().satisfies(c -> assertThat(c).contains("SameSite=Strict"));
    }

    @Test
    void jolokiaDoesNotConnectToOtherJvms() throws Exception {
        try (java.nio.channels.ServerSocketChannel listener = java.nio.channels.ServerSocketChannel.open()) {
            listener.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            listener.configureBlocking(false);
            int target = ((java.net.InetSocketAddress) listener.getLocalAddress()).getPort();
            jolokiaPost("{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"HeapMemoryUsage\","
                    + "\"target\":{\"url\":\"service:jmx:rmi:///jndi/rmi://127.0.0.1:" + target + "/jmxrmi\"}}");
            // the proxy would have connected before answering: nothing is waiting to be accepted. Without the
            // proxy module Jolokia answers such a request from this JVM
            assertThat(listener.accept()).as("a connection from the application to the target").isNull();
        }
        assertThatThrownBy(() -> Class.forName("org.jolokia.service.jsr160.Jsr160RequestHandler"))
                .as("Jolokia's JSR-160 proxy is not on the classpath").isInstanceOf(ClassNotFoundException.class);
    }
}
