package io.querycast.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.querycast.run.RunHistory;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.support.QueryGates;
import io.querycast.support.RunAwaiter;
import io.querycast.support.TopicReader;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.querycast.support.TestUsers.OPERATOR;
import static io.querycast.support.TestUsers.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Job and query files edited on disk while the application runs (a real broker, H2, the clustered Quartz
 * scheduler): while one job's run is held in its query, a changed, an added, a removed and a broken job file
 * are picked up without a restart; the running job's own change waits for its run to end (the run finishes
 * with the version it started with); the broken file is reported and its previous good version keeps running,
 * with its query file's last good version too; {@code POST /api/reload} refuses to swap anything while a file
 * has mistakes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "querycast.reload.debounce=200ms")
@EmbeddedKafka(kraft = true, partitions = 1, bootstrapServersProperty = "QC_TEST_KAFKA",
        topics = {"qc.live.steady", "qc.live.steady.DLT", "qc.live.steady2", "qc.live.steady2.DLT", "qc.live.changed", "qc.live.changed.DLT",
                "qc.live.changed2", "qc.live.changed2.DLT", "qc.live.added", "qc.live.added.DLT", "qc.live.removed", "qc.live.removed.DLT",
                "qc.live.broken", "qc.live.broken.DLT", "qc.live.broken2", "qc.live.broken2.DLT"})
class LiveReloadTest {

    static final String GATE = "live-steady";
    static final Path DIR = LiveJobsSupport.directory("live", """
            databases:
              live:
                url: "jdbc:h2:mem:qc-live;DB_CLOSE_DELAY=-1;INIT=CREATE ALIAS IF NOT EXISTS QC_GATE FOR 'io.querycast.support.QueryGates.pass'"
                username: sa
            kafka:
              default:
                bootstrap_servers: ${QC_TEST_KAFKA}
            """,
            "live-gated.sql", "SELECT X AS ID FROM SYSTEM_RANGE(1, 5) WHERE QC_GATE('" + GATE + "') = 1 ORDER BY X\n",
            "live-rows.sql", """
                    define UPTO='3'  --Opzionale: rows 1 to UPTO
                    SELECT X AS ID, CONCAT('r', X) AS NAME FROM SYSTEM_RANGE(1, CAST(:UPTO AS INT)) ORDER BY X
                    """);
    static final Path JOBS = DIR.resolve("jobs");

    static String job(String query, String topic, String extra) {
        return "query: " + query + "\ndb_connection: live\nschedule: \"0 0 3 1 1 ? 2099\"\ntopic: " + topic + "\nkey_column: ID\n" + extra;
    }

    @DynamicPropertySource
    static void files(DynamicPropertyRegistry registry) {
        LiveJobsSupport.write(JOBS.resolve("live-steady.yaml"), job("live-gated.sql", "qc.live.steady", ""));
        LiveJobsSupport.write(JOBS.resolve("live-changed.yaml"), job("live-rows.sql", "qc.live.changed", ""));
        LiveJobsSupport.write(JOBS.resolve("live-removed.yaml"), job("live-rows.sql", "qc.live.removed", ""));
        LiveJobsSupport.write(JOBS.resolve("live-broken.yaml"), job("live-rows.sql", "qc.live.broken", "parameters:\n  UPTO: \"2\"\n"));
        registry.add("querycast.connections-file", () -> DIR.resolve("connections.yaml").toString());
        registry.add("querycast.jobs-dir", JOBS::toString);
        registry.add("querycast.queries-dir", () -> DIR.resolve("queries").toString());
    }

    @AfterAll
    static void openGates() {
        QueryGates.openAll();
    }

    @LocalServerPort
    int port;
    @Autowired
    CamelContext camel;
    @Autowired
    JobCatalog catalog;
    @Autowired
    RunHistory history;
    @Value("${QC_TEST_KAFKA}")
    String bootstrap;

    String run(LiveJobsSupport api, String jobId) {
        LiveJobsSupport.Response r = api.post("/api/jobs/" + jobId + "/run", OPERATOR, null);
        assertThat(r.status()).as(jobId + " " + r.body()).isEqualTo(202);
        return r.json().get("run_id").asText();
    }

    RunRecord finished(String runId) {
        return RunAwaiter.awaitFinished(history, runId, Duration.ofSeconds(90));
    }

    boolean scheduled(String jobId) throws Exception {
        Scheduler s = camel.getComponent("quartz", QuartzComponent.class).getScheduler();
        return s.checkExists(JobKey.jobKey(jobId, "querycast"))
                && s.getTriggersOfJob(JobKey.jobKey(jobId, "querycast")).stream().anyMatch(t -> t.getNextFireTime() != null);
    }

    static String topicOf(JsonNode jobs, String id) {
        for (JsonNode j : jobs.get("jobs")) {
            if (j.get("id").asText().equals(id)) {
                return j.get("topic").asText();
            }
        }
        return null;
    }

    @Test
    void changedAddedRemovedAndBrokenFilesArePickedUpWhileAnotherJobRuns() throws Exception {
        LiveJobsSupport api = new LiveJobsSupport(port);
        QueryGates.close(GATE);
        String held = run(api, "live-steady");
        await().atMost(Duration.ofSeconds(60)).until(() -> QueryGates.reached(GATE));

        // edits on disk while live-steady's run is held in its query
        LiveJobsSupport.write(JOBS.resolve("live-steady.yaml"), job("live-gated.sql", "qc.live.steady2", ""));
        LiveJobsSupport.write(JOBS.resolve("live-changed.yaml"), job("live-rows.sql", "qc.live.changed2", "parameters:\n  UPTO: \"2\"\n"));
        LiveJobsSupport.write(JOBS.resolve("live-added.yaml"), job("live-rows.sql", "qc.live.added", "batch_size: 1\n"));
        Files.delete(JOBS.resolve("live-removed.yaml"));
        LiveJobsSupport.write(JOBS.resolve("live-broken.yaml"), job("live-rows.sql", "qc.live.broken2", "batchsize: 5\n"));
        LiveJobsSupport.write(JOBS.resolve("live-new-broken.yaml"), job("live-rows.sql", "qc.live.added", "db_connection: nowhere\n")
                .replace("db_connection: live\n", ""));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(catalog.find("live-changed").map(ExportJob::topic)).hasValue("qc.live.changed2");
            assertThat(catalog.find("live-added")).isPresent();
            assertThat(scheduled("live-added")).as("the new job is in the clustered Quartz store").isTrue();
            assertThat(catalog.find("live-removed")).isEmpty();
            assertThat(camel.getRoute("live-removed")).isNull();
            assertThat(scheduled("live-removed")).isFalse();
        });
        JsonNode jobs = api.get("/api/jobs", VIEWER).json();
        List<String> invalid = new java.util.ArrayList<>();
        jobs.get("invalid_files").forEach(f -> invalid.add(f.get("file").asText()));
        assertThat(invalid).containsExactlyInAnyOrder(JOBS.resolve("live-broken.yaml").toString(), JOBS.resolve("live-new-broken.yaml").toString());
        assertThat(jobs.get("invalid_files").toString()).contains("live-broken.yaml:6: batchsize", "did you mean `batch_size`",
                "live-new-broken.yaml:", "nowhere");
        // the broken file's previous good version keeps running, and says why it is not the file's
        assertThat(topicOf(jobs, "live-broken")).isEqualTo("qc.live.broken");
        JsonNode broken = api.get("/api/jobs/live-broken", VIEWER).json();
        assertThat(broken.get("file_errors").toString()).contains("batchsize");
        assertThat(api.get("/api/jobs/live-new-broken", VIEWER).json().get("valid").asBoolean()).isFalse();
        // the running job's change waits for its run: it still has the version its run started with
        assertThat(history.find(held).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(catalog.require("live-steady").topic()).isEqualTo("qc.live.steady");
        assertThat(api.get("/api/jobs/live-steady", VIEWER).json().get("change_waiting").isNull()).isFalse();

        // every other job runs its new version meanwhile
        assertThat(finished(run(api, "live-changed")).status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(TopicReader.readAll(bootstrap, "qc.live.changed2", 2, Duration.ofSeconds(30))).hasSize(2);
        assertThat(finished(run(api, "live-added")).status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(TopicReader.readAll(bootstrap, "qc.live.added", 3, Duration.ofSeconds(30))).hasSize(3);
        assertThat(finished(run(api, "live-broken")).rowsRead()).isEqualTo(2);
        assertThat(TopicReader.readAll(bootstrap, "qc.live.broken", 2, Duration.ofSeconds(30))).hasSize(2);
        assertThat(TopicReader.count(bootstrap, "qc.live.broken2")).isZero();
        assertThat(api.get("/api/jobs/live-removed", VIEWER).status()).isEqualTo(404);

        // a reload asked for swaps all or nothing: refused while a file has mistakes
        LiveJobsSupport.Response reload = api.post("/api/reload", OPERATOR, null);
        assertThat(reload.status()).as(reload.body()).isEqualTo(400);
        assertThat(reload.body()).contains("batchsize", "nowhere");

        // the held run ends with the version it started with; then the change is put in force
        QueryGates.open(GATE);
        RunRecord first = finished(held);
        assertThat(first.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(TopicReader.readAll(bootstrap, "qc.live.steady", 5, Duration.ofSeconds(30))).hasSize(5);
        await().atMost(Duration.ofSeconds(30)).until(() -> catalog.require("live-steady").topic().equals("qc.live.steady2"));
        assertThat(finished(run(api, "live-steady")).status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(TopicReader.readAll(bootstrap, "qc.live.steady2", 5, Duration.ofSeconds(30))).hasSize(5);

        // a query file changed so that a job using it cannot run: that job keeps the query's last good version
        LiveJobsSupport.write(DIR.resolve("queries/live-rows.sql"), "SELECT X AS ID, 'x' AS NAME FROM SYSTEM_RANGE(1, 9)\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/jobs", VIEWER).json().get("invalid_files").toString()
                .contains("live-changed.yaml"));
        RunRecord heldQuery = finished(run(api, "live-changed"));
        assertThat(heldQuery.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(heldQuery.rowsRead()).as("the query's last good version, with UPTO = 2").isEqualTo(2);

        // fixed files: everything valid again; the audit shows the edits on disk
        LiveJobsSupport.write(DIR.resolve("queries/live-rows.sql"), """
                define UPTO='3'  --Opzionale: rows 1 to UPTO
                SELECT X AS ID, CONCAT('r', X) AS NAME FROM SYSTEM_RANGE(1, CAST(:UPTO AS INT)) ORDER BY X
                """);
        Files.delete(JOBS.resolve("live-new-broken.yaml"));
        LiveJobsSupport.write(JOBS.resolve("live-broken.yaml"), job("live-rows.sql", "qc.live.broken2", "batch_size: 5\n"));
        await().atMost(Duration.ofSeconds(30)).until(() -> catalog.require("live-broken").topic().equals("qc.live.broken2"));
        LiveJobsSupport.Response ok = api.post("/api/reload", OPERATOR, null);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("connections").asText()).contains("unchanged");
        assertThat(api.get("/api/jobs", VIEWER).json().get("invalid_files")).isEmpty();
        JsonNode audit = api.get("/api/jobs/live-changed/audit", VIEWER).json().get("entries");
        assertThat(audit).isNotEmpty();
        assertThat(audit.get(0).get("action").asText()).isEqualTo("reload");
        assertThat(audit.get(0).get("by").asText()).isEqualTo("file");
        assertThat(audit.toString()).contains("\"field\":\"topic\"", "\"before\":\"qc.live.changed\"", "\"after\":\"qc.live.changed2\"");
    }
}
