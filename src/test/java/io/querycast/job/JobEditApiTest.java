package io.querycast.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.querycast.support.TestUsers.OPERATOR;
import static io.querycast.support.TestUsers.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Jobs created, replaced and deleted through the API over real HTTP (security on, a real broker, H2): what is
 * written is the job file integrators edit, checked first with the start's file:line: field errors, guarded by
 * ETag/If-Match, recorded in the audit with its field changes; and every request these endpoints must refuse.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "querycast.reload.debounce=200ms")
@EmbeddedKafka(kraft = true, partitions = 1, bootstrapServersProperty = "QC_TEST_KAFKA",
        topics = {"qc.edit.a", "qc.edit.a.DLT", "qc.edit.b", "qc.edit.b.DLT"})
class JobEditApiTest {

    static final Path DIR = LiveJobsSupport.directory("edit", """
            databases:
              edit:
                url: "jdbc:h2:mem:qc-edit;DB_CLOSE_DELAY=-1"
                username: sa
            kafka:
              default:
                bootstrap_servers: ${QC_TEST_KAFKA}
            """, "edit-rows.sql", """
            define FROM_ID='1'  --Opzionale: the first id
            SELECT X AS ID, CONCAT('row-', X) AS NAME FROM SYSTEM_RANGE(CAST(:FROM_ID AS INT), 3)
            """);
    static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @DynamicPropertySource
    static void files(DynamicPropertyRegistry registry) {
        registry.add("querycast.connections-file", () -> DIR.resolve("connections.yaml").toString());
        registry.add("querycast.jobs-dir", () -> DIR.resolve("jobs").toString());
        registry.add("querycast.queries-dir", () -> DIR.resolve("queries").toString());
    }

    @LocalServerPort
    int port;
    @Autowired
    CamelContext camel;
    @Autowired
    JobCatalog catalog;

    LiveJobsSupport api() {
        return new LiveJobsSupport(port);
    }

    static ObjectNode job(String id, String topic) {
        ObjectNode j = LiveJobsSupport.JSON.createObjectNode();
        if (id != null) {
            j.put("id", id);
        }
        j.put("description", "written by JobEditApiTest");
        j.put("query", "edit-rows.sql");
        j.put("db_connection", "edit");
        j.put("schedule", "0 0 3 1 1 ? 2099");
        j.put("topic", topic);
        j.put("key_column", "ID");
        j.put("batch_size", 2);
        j.putObject("parameters").put("FROM_ID", "1");
        return j;
    }

    boolean scheduled(String id) throws Exception {
        org.quartz.Scheduler scheduler = camel.getComponent("quartz", QuartzComponent.class).getScheduler();
        return scheduler != null && scheduler.checkExists(JobKey.jobKey(id, "querycast"));
    }

    @Test
    void createReplaceDeleteWithTagsAndAudit() throws Exception {
        LiveJobsSupport api = api();
        Path file = DIR.resolve("jobs/edit-crud.yaml");
        assertThat(api.get("/api/jobs/edit-crud", VIEWER).status()).isEqualTo(404);

        LiveJobsSupport.Response created = api.post("/api/jobs", OPERATOR, job("edit-crud", "qc.edit.a").toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.etag()).isNotBlank();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/jobs/edit-crud");
        assertThat(Files.readString(file)).contains("topic: \"qc.edit.a\"").doesNotContain("id:");
        // put in force between runs: at once, as no run of it is going on; scheduled in the clustered Quartz store
        await().atMost(Duration.ofSeconds(30)).until(() -> catalog.find("edit-crud").isPresent() && scheduled("edit-crud")
                && camel.getRouteController().getRouteStatus("edit-crud") == org.apache.camel.ServiceStatus.Started);
        assertThat(api.post("/api/jobs", OPERATOR, job("edit-crud", "qc.edit.b").toString()).status()).isEqualTo(409);

        LiveJobsSupport.Response read = api.get("/api/jobs/edit-crud", VIEWER);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.etag()).isEqualTo(created.etag());
        assertThat(read.json().get("topic").asText()).isEqualTo("qc.edit.a");

        String path = "/api/jobs/edit-crud";
        ObjectNode changed = job(null, "qc.edit.b");
        changed.put("batch_size", 3);
        LiveJobsSupport.Response missing = api.put(path, OPERATOR, null, changed.toString());
        assertThat(missing.status()).as(missing.body()).isEqualTo(428);
        assertThat(api.put(path, OPERATOR, "\"0123\"", changed.toString()).status()).isEqualTo(412);
        LiveJobsSupport.Response replaced = api.put(path, OPERATOR, read.etag(), changed.toString());
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.etag()).isNotEqualTo(read.etag());
        assertThat(replaced.json().get("changes").toString()).contains("\"field\":\"topic\"", "\"before\":\"qc.edit.a\"", "\"after\":\"qc.edit.b\"",
                "\"field\":\"batch_size\"");
        await().atMost(Duration.ofSeconds(30)).until(() -> catalog.find("edit-crud").map(ExportJob::topic).orElse("").equals("qc.edit.b"));
        // the first tag is stale now: a second editor who read before the change gets 412, not a silent overwrite
        LiveJobsSupport.Response stale = api.put(path, OPERATOR, read.etag(), job(null, "qc.edit.a").toString());
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().get("error").asText()).contains("changed since you read it");
        assertThat(catalog.require("edit-crud").batchSize()).isEqualTo(3);

        assertThat(api.delete(path, OPERATOR, null).status()).isEqualTo(428);
        assertThat(api.delete(path, OPERATOR, read.etag()).status()).isEqualTo(412);
        LiveJobsSupport.Response deleted = api.delete(path, OPERATOR, replaced.etag());
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(file).doesNotExist();
        await().atMost(Duration.ofSeconds(30)).until(() -> catalog.find("edit-crud").isEmpty() && camel.getRoute("edit-crud") == null
                && !scheduled("edit-crud"));
        assertThat(api.get(path, VIEWER).status()).isEqualTo(404);

        // the audit: who, when, what changed, newest first; viewers may read it
        JsonNode audit = api.get(path + "/audit", VIEWER).json().get("entries");
        assertThat(audit).hasSize(3);
        assertThat(audit.get(0).get("action").asText()).isEqualTo("delete");
        assertThat(audit.get(1).get("action").asText()).isEqualTo("replace");
        assertThat(audit.get(2).get("action").asText()).isEqualTo("create");
        assertThat(audit.get(1).get("by").asText()).isEqualTo("test-operator");
        assertThat(audit.get(1).get("at").asText()).isNotBlank();
        assertThat(audit.get(1).get("changes").toString()).contains("\"field\":\"topic\"", "\"before\":\"qc.edit.a\"", "\"after\":\"qc.edit.b\"");
        assertThat(audit.get(1).get("changes").toString()).doesNotContain("description");
        assertThat(audit.get(0).get("changes").toString()).contains("\"before\":\"qc.edit.b\"", "\"after\":null");
    }

    @Test
    void aJobWithMistakesIsRefusedWithTheStartsErrorsAndNothingIsWritten() {
        LiveJobsSupport api = api();
        ObjectNode bad = job("edit-bad", "not a topic!");
        bad.put("batchsize", 10);
        bad.put("schedule", "0 8 * *");
        bad.putObject("parameters").put("NOT_A_PARAMETER", "x");
        LiveJobsSupport.Response r = api.post("/api/jobs", OPERATOR, bad.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        List<String> messages = r.json().get("errors").findValuesAsText("message");
        String file = DIR.resolve("jobs").resolve("edit-bad.yaml").toString();
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith(file + ":").contains(": topic: ").contains("not a legal Kafka topic name"));
        assertThat(messages).anySatisfy(m -> assertThat(m).matches(Pattern.quote(file) + ":\\d+: batchsize: .*"));
        assertThat(r.json().get("errors").findValuesAsText("fix")).anySatisfy(f -> assertThat(f).contains("batch_size"));
        assertThat(messages).anySatisfy(m -> assertThat(m).contains(": schedule: "));
        assertThat(messages).anySatisfy(m -> assertThat(m).contains(": parameters: ").contains("NOT_A_PARAMETER"));
        assertThat(DIR.resolve("jobs/edit-bad.yaml")).doesNotExist();
        assertThat(api.get("/api/jobs/edit-bad", VIEWER).status()).isEqualTo(404);

        // a placeholder would have the server resolve an environment variable into a field the API shows back
        ObjectNode placeholder = job("edit-placeholder", "qc.edit.a");
        placeholder.put("description", "${QC_TEST_KAFKA}");
        LiveJobsSupport.Response refused = api.post("/api/jobs", OPERATOR, placeholder.toString());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).contains("placeholders");
        assertThat(DIR.resolve("jobs/edit-placeholder.yaml")).doesNotExist();
    }

    @Test
    void refusals() throws Exception {
        LiveJobsSupport api = api();
        String body = job("edit-refused", "qc.edit.a").toString();
        // viewer: reads, never changes
        assertThat(api.post("/api/jobs", VIEWER, body).status()).isEqualTo(403);
        assertThat(api.put("/api/jobs/edit-refused", VIEWER, "*", body).status()).isEqualTo(403);
        assertThat(api.delete("/api/jobs/edit-refused", VIEWER, "*").status()).isEqualTo(403);
        assertThat(api.post("/api/reload", VIEWER, null).status()).isEqualTo(403);
        assertThat(api.post("/api/jobs", null, body).status()).isEqualTo(401);
        // JSON only, valid JSON, an object
        assertThat(api.send(api.request("/api/jobs", OPERATOR).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()).status()).isEqualTo(415);
        assertThat(api.send(api.request("/api/jobs/edit-refused", OPERATOR).header("Content-Type", "application/x-www-form-urlencoded")
                .header("If-Match", "*").PUT(HttpRequest.BodyPublishers.ofString("topic=x")).build()).status()).isEqualTo(415);
        assertThat(api.post("/api/jobs", OPERATOR, "{\"id\": \"edit-refused\", ").status()).isEqualTo(400);
        assertThat(api.post("/api/jobs", OPERATOR, "[1, 2]").status()).isEqualTo(400);
        assertThat(api.post("/api/jobs", OPERATOR, "").status()).isEqualTo(400);
        // oversized (the API's 1 MiB limit)
        ObjectNode big = job("edit-refused", "qc.edit.a");
        big.put("description", "x".repeat(1_100_000));
        assertThat(api.post("/api/jobs", OPERATOR, big.toString()).status()).isEqualTo(413);
        // ids that are not job ids never name a file
        for (String id : List.of("../../etc/passwd", "..", ".hidden", "a/b", "with space", "x".repeat(101))) {
            LiveJobsSupport.Response r = api.post("/api/jobs", OPERATOR, job(id, "qc.edit.a").toString());
            assertThat(r.status()).as(id + " " + r.body()).isEqualTo(400);
        }
        for (String path : List.of("/api/jobs/..%2F..%2Fetc", "/api/jobs/%2e%2e", "/api/jobs/with%20space", "/api/jobs/.hidden")) {
            LiveJobsSupport.Response put = api.put(path, OPERATOR, "*", job(null, "qc.edit.a").toString());
            assertThat(put.status()).as(path + " " + put.body()).isIn(400, 404);
            assertThat(api.delete(path, OPERATOR, "*").status()).as(path).isIn(400, 404, 405);
        }
        // a job that does not exist cannot be replaced or deleted
        assertThat(api.put("/api/jobs/edit-nothing", OPERATOR, "*", job(null, "qc.edit.a").toString()).status()).isEqualTo(404);
        assertThat(api.delete("/api/jobs/edit-nothing", OPERATOR, "*").status()).isEqualTo(404);
        // the body's id must be the path's
        assertThat(api.post("/api/jobs", OPERATOR, job("edit-refused", "qc.edit.a").toString()).status()).isEqualTo(201);
        String tag = api.get("/api/jobs/edit-refused", VIEWER).etag();
        assertThat(api.put("/api/jobs/edit-refused", OPERATOR, tag, job("edit-other", "qc.edit.a").toString()).status()).isEqualTo(400);
        try (var files = Files.list(DIR.resolve("jobs"))) {
            // nothing but the jobs the tests created: no file of a refused id, no temporary file left behind
            assertThat(files.map(p -> p.getFileName().toString())).isSubsetOf("edit-refused.yaml", "edit-crud.yaml");
        }
        assertThat(DIR.resolve("etc")).doesNotExist();

        // a dashboard session needs its CSRF token on PUT and DELETE too
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
        String loginPage = LiveJobsSupport.send(browser, api.request("/login", null).GET().build()).body();
        Matcher m = CSRF_INPUT.matcher(loginPage);
        assertThat(m.find()).isTrue();
        String form = "username=test-operator&password=" + URLEncoder.encode("operator-test-password", StandardCharsets.UTF_8) + "&_csrf=" + m.group(1);
        assertThat(LiveJobsSupport.send(browser, api.request("/login", null).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build()).status()).isEqualTo(302);
        assertThat(LiveJobsSupport.send(browser, api.request("/api/jobs/edit-refused", null).header("Content-Type", "application/json")
                .header("If-Match", tag).PUT(HttpRequest.BodyPublishers.ofString(job(null, "qc.edit.b").toString())).build()).status()).isEqualTo(403);
        assertThat(LiveJobsSupport.send(browser, api.request("/api/jobs/edit-refused", null).header("If-Match", tag).DELETE().build()).status())
                .isEqualTo(403);
        assertThat(LiveJobsSupport.send(browser, api.request("/api/jobs", null).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(job("edit-csrf", "qc.edit.a").toString())).build()).status()).isEqualTo(403);
        assertThat(api.get("/api/jobs/edit-refused", VIEWER).etag()).isEqualTo(tag);
        assertThat(DIR.resolve("jobs/edit-csrf.yaml")).doesNotExist();
    }

    @Test
    void cronReadingAndQueriesForTheSchedulingPanel() {
        LiveJobsSupport api = api();
        LiveJobsSupport.Response cron = api.get("/api/cron?expression=0%208%20*%20*%201-5&timezone=Europe/Rome&count=3", VIEWER);
        assertThat(cron.status()).as(cron.body()).isEqualTo(200);
        assertThat(cron.json().get("description").asText()).isEqualTo("at 08:00, Monday to Friday");
        assertThat(cron.json().get("quartz").asText()).isEqualTo("0 0 8 ? * 2-6");
        assertThat(cron.json().get("next_fire_times")).hasSize(3);
        assertThat(api.get("/api/cron?expression=0%208%20*%20*", VIEWER).status()).isEqualTo(400);
        assertThat(api.get("/api/cron?expression=61%208%20*%20*%20*", VIEWER).status()).isEqualTo(400);
        assertThat(api.get("/api/cron?expression=0%208%20*%20*%20*&count=51", VIEWER).status()).isEqualTo(400);
        assertThat(api.get("/api/cron?expression=0%208%20*%20*%20*&timezone=Mars/Olympus", VIEWER).status()).isEqualTo(400);
        assertThat(api.get("/api/cron", VIEWER).status()).isEqualTo(400);
        assertThat(api.get("/api/cron?expression=0%208%20*%20*%20*", null).status()).isEqualTo(401);

        JsonNode queries = api.get("/api/queries", VIEWER).json().get("queries");
        assertThat(queries).hasSize(1);
        assertThat(queries.get(0).get("name").asText()).isEqualTo("edit-rows.sql");
        assertThat(queries.get(0).get("parameters").get("FROM_ID").get("default").asText()).isEqualTo("1");
        assertThat(api.get("/api/queries", null).status()).isEqualTo(401);
    }
}
