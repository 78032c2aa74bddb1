package io.querycast.export;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.querycast.run.JobLauncher;
import io.querycast.run.RunHistory;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.run.Trigger;
import io.querycast.support.RunAwaiter;
import io.querycast.support.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real YAML route end to end: job files and connections from src/test/config/h2, Quartz trigger,
 * camel-sql streaming from H2, JSON per row, the camel-kafka producer, a real KRaft broker, read back
 * with a real KafkaConsumer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "querycast.connections-file=src/test/config/h2/connections.yaml",
        "querycast.jobs-dir=src/test/config/h2/jobs",
        "querycast.queries-dir=src/test/queries"})
@EmbeddedKafka(kraft = true, partitions = 2, bootstrapServersProperty = "QC_TEST_KAFKA",
        topics = {"qc.types.meta", "qc.types.plain", "qc.types.badkey", "qc.types.meta.DLT", "qc.types.plain.DLT", "qc.types.badkey.DLT"})
class H2ExportEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final String K1_COLUMNS = "{\"ID\":\"K1\",\"CATEGORY\":\"A\",\"D\":\"2026-01-16\",\"TS\":\"2026-01-16T08:15:00.123456\","
            + "\"TSTZ\":\"2026-01-16T08:15:00+01:00\",\"T\":\"08:15:30\",\"AMOUNT\":1234567890.123456789,\"PRICE\":12.50,"
            + "\"QTY\":42,\"BIG\":9007199254740993,\"RATIO\":0.5,\"FLAG\":true,\"NOTE\":\"hello \\\"world\\\"\",\"CODE\":\"AB \","
            + "\"TEXT\":\"long text xxxxxxxxxxxxxxxxxxxx\",\"BIN\":\"3q2+7w==\",\"RAWB\":\"AQI=\"";
    private static final String K2_COLUMNS = "{\"ID\":\"K2\",\"CATEGORY\":\"A\",\"D\":\"2026-02-28\",\"TS\":\"2026-02-28T23:59:59\","
            + "\"TSTZ\":\"2026-02-28T23:59:59-05:30\",\"T\":\"00:00:00\",\"AMOUNT\":-0.000000001,\"PRICE\":0.00,"
            + "\"QTY\":-7,\"BIG\":-1,\"RATIO\":-1.25,\"FLAG\":false,\"NOTE\":null,\"CODE\":null,"
            + "\"TEXT\":null,\"BIN\":null,\"RAWB\":null";

    @Autowired
    JobLauncher launcher;
    @Autowired
    RunHistory history;
    @Value("${QC_TEST_KAFKA}")
    String bootstrap;

    @Test
    void everyTypeIsExactAndMetadataIsInBodyAndHeaders() throws Exception {
        String runId = launcher.runNow("types-meta", Trigger.MANUAL, Map.of());
        RunRecord run = RunAwaiter.awaitFinished(history, runId, WAIT);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(run.rowsRead()).isEqualTo(2);
        assertThat(run.sent()).isEqualTo(2);
        assertThat(run.failed()).isZero();
        assertThat(run.parameters()).containsEntry("CATEGORY", "A");

        List<ConsumerRecord<String, byte[]>> records = ofRun(TopicReader.readAll(bootstrap, "qc.types.meta", 2, WAIT), runId);
        assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("K1", "K2");
        assertThat(run.bytes()).isEqualTo(records.stream().mapToLong(r -> r.value().length).sum());

        for (ConsumerRecord<String, byte[]> r : records) {
            String value = new String(r.value(), StandardCharsets.UTF_8);
            String expectedColumns = r.key().equals("K1") ? K1_COLUMNS : K2_COLUMNS;
            assertThat(value).startsWith(expectedColumns + ",\"_metadata\":{");
            JsonNode meta = JSON.readTree(value).get("_metadata");
            assertThat(meta.get("source_query").asText()).isEqualTo("all-types.sql");
            assertThat(meta.get("source_connection").asText()).isEqualTo("types");
            assertThat(meta.get("export_id").asText()).isEqualTo(runId).startsWith("all-types-");
            assertThat(meta.get("export_timestamp").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}");
            assertThat(header(r, "export_id")).isEqualTo(runId);
            assertThat(header(r, "source_query")).isEqualTo("all-types.sql");
            assertThat(header(r, "source_connection")).isEqualTo("types");
            assertThat(header(r, "export_timestamp")).isEqualTo(meta.get("export_timestamp").asText());
            assertThat(header(r, "job_id")).isEqualTo("types-meta");
        }
        JsonNode k1 = JSON.readTree(records.stream().filter(r -> r.key().equals("K1")).findFirst().orElseThrow().value());
        assertThat(k1.get("AMOUNT").decimalValue()).isEqualByComparingTo("1234567890.123456789");
    }

    @Test
    void withoutMetadataNamesAreLowerCaseAndNoMetadataAnywhere() {
        int before = TopicReader.readAll(bootstrap, "qc.types.plain", 0, Duration.ofSeconds(2)).size();
        String runId = launcher.runNow("types-plain", Trigger.MANUAL, Map.of());
        RunRecord run = RunAwaiter.awaitFinished(history, runId, WAIT);
        assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);

        List<ConsumerRecord<String, byte[]>> all = TopicReader.readAll(bootstrap, "qc.types.plain", before + 2, WAIT);
        assertThat(all).hasSize(before + 2);
        ConsumerRecord<String, byte[]> k2 = all.stream().filter(r -> r.key().equals("K2")).reduce((a, b) -> b).orElseThrow();
        assertThat(new String(k2.value(), StandardCharsets.UTF_8)).isEqualTo(K2_COLUMNS.replace("\"ID\"", "\"id\"")
                .replace("\"CATEGORY\"", "\"category\"").replace("\"D\"", "\"d\"").replace("\"TS\"", "\"ts\"")
                .replace("\"TSTZ\"", "\"tstz\"").replace("\"T\"", "\"t\"").replace("\"AMOUNT\"", "\"amount\"")
                .replace("\"PRICE\"", "\"price\"").replace("\"QTY\"", "\"qty\"").replace("\"BIG\"", "\"big\"")
                .replace("\"RATIO\"", "\"ratio\"").replace("\"FLAG\"", "\"flag\"").replace("\"NOTE\"", "\"note\"")
                .replace("\"CODE\"", "\"code\"").replace("\"TEXT\"", "\"text\"").replace("\"BIN\"", "\"bin\"")
                .replace("\"RAWB\"", "\"rawb\"") + "}");
        assertThat(k2.headers().toArray()).isEmpty();
    }

    @Test
    void parameterOverridesAreBoundValuesNeverSql() throws Exception {
        String injected = launcher.runNow("types-meta", Trigger.MANUAL, Map.of("CATEGORY", "x' OR '1'='1"));
        RunRecord injectedRun = RunAwaiter.awaitFinished(history, injected, WAIT);
        assertThat(injectedRun.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(injectedRun.rowsRead()).isZero();

        String dropAttempt = launcher.runNow("types-meta", Trigger.MANUAL, Map.of("CATEGORY", "A'; DROP TABLE ALL_TYPES; --"));
        assertThat(RunAwaiter.awaitFinished(history, dropAttempt, WAIT).rowsRead()).isZero();

        String onlyB = launcher.runNow("types-meta", Trigger.MANUAL, Map.of("CATEGORY", "B"));
        RunRecord bRun = RunAwaiter.awaitFinished(history, onlyB, WAIT);
        assertThat(bRun.rowsRead()).isEqualTo(1);
        List<ConsumerRecord<String, byte[]>> bRecords = ofRun(TopicReader.readAll(bootstrap, "qc.types.meta", 1, WAIT), onlyB);
        assertThat(bRecords).extracting(ConsumerRecord::key).containsExactly("K3");

        // the table is still there and whole
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:qc-types", "sa", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM ALL_TYPES")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(3);
        }
    }

    @Test
    void keyColumnMissingFromResultFailsTheRunNamingTheColumns() {
        String runId = launcher.runNow("types-bad-key", Trigger.MANUAL, Map.of());
        RunRecord run = RunAwaiter.awaitFinished(history, runId, WAIT);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.sent()).isZero();
        assertThat(run.error())
                .contains("job types-bad-key")
                .contains("key_column 'SHIPMENT_ID' is not a column of the query result")
                .contains("ID, CATEGORY, D, TS");
    }

    private static List<ConsumerRecord<String, byte[]>> ofRun(List<ConsumerRecord<String, byte[]>> records, String runId) {
        return records.stream().filter(r -> runId.equals(header(r, "export_id"))).toList();
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
