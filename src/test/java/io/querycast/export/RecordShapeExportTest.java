package io.querycast.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.querycast.cli.SchemaCheck;
import io.querycast.config.Connections;
import io.querycast.config.DatabaseConnection;
import io.querycast.job.ExportJob;
import io.querycast.job.JobCatalog;
import io.querycast.run.JobLauncher;
import io.querycast.query.DatabasePools;
import io.querycast.query.QueryLibrary;
import io.querycast.run.RunHistory;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.run.Trigger;
import io.querycast.support.RunAwaiter;
import io.querycast.support.TopicReader;
import io.querycast.tooling.JobPreview;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * key_columns, envelope: wrapped and per-job record steps on the real export route: H2, the YAML templates
 * (routes/templates, routes/steps), a real KRaft broker, read back with a KafkaConsumer; the run's counts from
 * the state store once the run has left memory.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "querycast.connections-file=src/test/config/shape/connections.yaml",
        "querycast.jobs-dir=src/test/config/shape/jobs",
        "querycast.queries-dir=src/test/config/shape/queries"})
@EmbeddedKafka(kraft = true, partitions = 1, bootstrapServersProperty = "QC_TEST_KAFKA",
        topics = {"qc.shape.wrapped", "qc.shape.wrapped.DLT", "qc.shape.nullpart", "qc.shape.nullpart.DLT", "qc.shape.steps", "qc.shape.steps.DLT"})
class RecordShapeExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    JobLauncher launcher;
    @Autowired
    RunHistory history;
    @Autowired
    JobCatalog jobs;
    @Autowired
    Connections connections;
    @Autowired
    DatabasePools pools;
    @Value("${QC_TEST_KAFKA}")
    String bootstrap;

    @Test
    void wrappedValuesKeyedByTwoColumnsAreWhatThePreviewAndItsSchemaSay() throws Exception {
        Instant before = Instant.now();
        String runId = launcher.runNow("shape-wrapped", Trigger.MANUAL, Map.of());
        RunRecord run = RunAwaiter.awaitFinished(history, runId, WAIT);
        assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(List.of(run.rowsRead(), run.sent(), run.skipped())).containsExactly(3L, 3L, 0L);

        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(bootstrap, "qc.shape.wrapped", 3, WAIT);
        assertThat(records).extracting(ConsumerRecord::key).containsExactly("A/K1", "A/K2", "B/K3");

        ExportJob job = jobs.require("shape-wrapped");
        DatabaseConnection db = connections.database("shape").orElseThrow();
        JobPreview.Result preview = new JobPreview(new QueryLibrary(Path.of("src/test/config/shape/queries")), Clock.systemUTC())
                .preview(job, db, pools.pool("shape"), 5, Map.of());
        assertThat(preview.records()).extracting(JobPreview.Record::key).containsExactly("A/K1", "A/K2", "B/K3");
        JsonNode schema = preview.schema();
        assertThat(schema.get("required")).extracting(JsonNode::asText).containsExactly("data", "metadata");

        for (int i = 0; i < records.size(); i++) {
            JsonNode value = JSON.readTree(records.get(i).value());
            SchemaCheck.assertValid(schema, value);
            JsonNode previewed = JSON.readTree(preview.records().get(i).value());
            assertThat(value.get("data")).isEqualTo(previewed.get("data"));
            assertThat(fieldNames(value)).containsExactly("data", "metadata");
            assertThat(fieldNames(value.get("data"))).containsExactly("ID", "CATEGORY", "NOTE", "NULLABLE_KEY");

            JsonNode meta = value.get("metadata");
            assertThat(meta.at("/source/system").asText()).isEqualTo("querycast");
            assertThat(meta.at("/source/version").asText()).isNotBlank();
            assertThat(meta.at("/source/connection").asText()).isEqualTo("shape");
            assertThat(meta.at("/source/query").asText()).isEqualTo("shape-rows.sql");
            assertThat(meta.get("timestamp").asText()).isEqualTo(header(records.get(i), "export_timestamp"));
            Instant extracted = Instant.parse(meta.at("/processing/extracted_at").asText());
            Instant published = Instant.parse(meta.at("/processing/published_at").asText());
            assertThat(extracted).isEqualTo(run.startedAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)).isAfterOrEqualTo(before.minusSeconds(1));
            assertThat(published).isAfterOrEqualTo(extracted);
            assertThat(meta.at("/processing/latency_ms").asLong()).isEqualTo(Duration.between(extracted, published).toMillis());
            assertThat(header(records.get(i), "export_id")).isEqualTo(runId);
        }
        assertThat(JSON.readTree(records.get(1).value()).at("/data/NOTE").isNull()).isTrue();
    }

    @Test
    void aNullKeyPartSendsTheRowToTheDeadLetterTopicNamingTheColumn() {
        String runId = launcher.runNow("shape-null-part", Trigger.MANUAL, Map.of());
        RunRecord run = RunAwaiter.awaitFinished(history, runId, WAIT);
        assertThat(List.of(run.rowsRead(), run.sent(), run.deadLettered(), run.failed(), run.skipped())).containsExactly(3L, 2L, 1L, 0L, 0L);

        assertThat(TopicReader.readAll(bootstrap, "qc.shape.nullpart", 2, WAIT)).extracting(ConsumerRecord::key)
                .containsExactly("K1|nk1", "K3|nk3");
        List<ConsumerRecord<String, byte[]>> letters = TopicReader.readAll(bootstrap, "qc.shape.nullpart.DLT", 1, WAIT);
        assertThat(letters).hasSize(1);
        assertThat(header(letters.get(0), "dlt_error_message")).contains("key column NULLABLE_KEY is NULL");
        assertThat(new String(letters.get(0).value(), StandardCharsets.UTF_8)).startsWith("{\"ID\":\"K2\"");
    }

    @Test
    void stepsDropAndTagRecordsAndTheDroppedAreCountedSkipped() {
        String runId = launcher.runNow("shape-steps", Trigger.MANUAL, Map.of());
        RunRecord live = RunAwaiter.awaitFinished(history, runId, WAIT);
        assertThat(live.status()).isEqualTo(RunStatus.SUCCESS);

        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(bootstrap, "qc.shape.steps", 1, WAIT);
        assertThat(records).extracting(ConsumerRecord::key).containsExactly("K1|nk1");
        assertThat(header(records.get(0), "origin")).isEqualTo("querycast/shape-steps");
        assertThat(header(records.get(0), "export_id")).isEqualTo(runId);
        assertThat(TopicReader.count(bootstrap, "qc.shape.steps.DLT")).as("a dropped row is no dead letter").isZero();

        // as the state store keeps it (V10's skipped column), once the run has left memory
        RunRecord stored = history.search(new RunHistory.RunQuery("shape-steps", null, null, null, null, 5)).stream()
                .filter(r -> r.runId().equals(runId)).findFirst().orElseThrow();
        assertThat(List.of(stored.rowsRead(), stored.sent(), stored.failed(), stored.deadLettered(), stored.skipped()))
                .containsExactly(3L, 1L, 0L, 0L, 2L);
        assertThat(stored.rowsRead()).isEqualTo(stored.sent() + stored.failed() + stored.deadLettered() + stored.skipped());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
