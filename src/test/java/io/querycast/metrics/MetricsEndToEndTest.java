package io.querycast.metrics;

import io.querycast.history.StateStore;
import io.querycast.run.JobLauncher;
import io.querycast.run.RunHistory;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.run.Trigger;
import io.querycast.support.RunAwaiter;
import io.querycast.support.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real run (H2 query, real KRaft broker), then what the metrics say about it: the Prometheus scrape over
 * HTTP, the hourly aggregates table and the summary the REST API will answer from.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "querycast.connections-file=src/test/config/h2/connections.yaml",
        "querycast.jobs-dir=src/test/config/h2/jobs",
        "querycast.queries-dir=src/test/queries"})
@AutoConfigureObservability(tracing = false)
@EmbeddedKafka(kraft = true, partitions = 2, bootstrapServersProperty = "QC_TEST_KAFKA",
        topics = {"qc.types.meta", "qc.types.meta.DLT"})
class MetricsEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TAGS = "job=\"types-meta\"";

    @Autowired
    JobLauncher launcher;
    @Autowired
    RunHistory history;
    @Autowired
    KafkaMetricsQueries queries;
    @Autowired
    StateStore stateStore;
    @Value("${QC_TEST_KAFKA}")
    String bootstrap;
    @LocalServerPort
    int port;

    @Test
    void aRunShowsWithItsTrueCountsOnPrometheusInTheHourlyTableAndInTheSummary() throws Exception {
        String first = launcher.runNow("types-meta", Trigger.MANUAL, Map.of());
        RunRecord run1 = RunAwaiter.awaitFinished(history, first, WAIT);
        String second = launcher.runNow("types-meta", Trigger.MANUAL, Map.of());
        RunRecord run2 = RunAwaiter.awaitFinished(history, second, WAIT);
        assertThat(run1.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(run2.status()).isEqualTo(RunStatus.SUCCESS);

        List<ConsumerRecord<String, byte[]>> onTopic = TopicReader.readAll(bootstrap, "qc.types.meta", 4, WAIT);
        assertThat(onTopic).hasSize(4);
        long bytesOnTopic = onTopic.stream().mapToLong(r -> r.value().length).sum();
        assertThat(run1.bytes() + run2.bytes()).isEqualTo(bytesOnTopic);

        // the run-duration timer is recorded as the run ends, just after the history sees it ended
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(value(scrape(), "querycast_run_duration_seconds_count", TAGS, "status=\"success\"")).isEqualTo(2.0));
        List<String> scrape = scrape();
        String[] tags = {TAGS, "topic=\"qc.types.meta\"", "kafka_connection=\"default\""};
        assertThat(value(scrape, "querycast_records_sent_total", tags)).isEqualTo(4.0);
        assertThat(value(scrape, "querycast_rows_read_total", tags)).isEqualTo(4.0);
        assertThat(value(scrape, "querycast_sent_bytes_total", tags)).isEqualTo((double) bytesOnTopic);
        assertThat(value(scrape, "querycast_records_failed_total", tags)).isZero();
        assertThat(value(scrape, "querycast_records_dead_lettered_total", tags)).isZero();
        // batch_size 2: one batch per run
        assertThat(value(scrape, "querycast_batch_send_seconds_count", tags)).isEqualTo(2.0);
        assertThat(value(scrape, "querycast_batch_send_seconds_sum", tags)).isPositive();
        assertThat(value(scrape, "querycast_batch_send_seconds_bucket", concat(tags, "le=\"+Inf\""))).isEqualTo(2.0);
        assertThat(value(scrape, "querycast_batch_latency_seconds_count", tags)).isEqualTo(2.0);
        for (String q : List.of("0.5", "0.9", "0.99")) {
            assertThat(value(scrape, "querycast_batch_latency_seconds", concat(tags, "quantile=\"" + q + "\""))).as("p" + q).isPositive();
        }
        assertThat(value(scrape, "querycast_kafka_producer_up", "kafka_connection=\"default\"")).isEqualTo(1.0);
        assertThat(value(scrape, "querycast_kafka_producer_last_success_seconds", "kafka_connection=\"default\""))
                .isCloseTo(System.currentTimeMillis() / 1000.0, org.assertj.core.data.Offset.offset(120.0));
        // Camel's route policy: the export route of the job
        assertThat(value(scrape, "camel_exchanges_total", "eventType=\"route\"", "routeId=\"types-meta\"")).isEqualTo(2.0);
        assertThat(value(scrape, "camel_exchanges_total", "eventType=\"route\"", "routeId=\"types-meta-deliver\"")).isEqualTo(2.0);
        assertThat(scrape).noneMatch(l -> l.contains(bootstrap));

        // the hourly aggregates table
        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Object> row = new JdbcTemplate(stateStore.dataSource()).queryForMap(
                    "SELECT SUM(rows_read) AS r, SUM(sent) AS s, SUM(failed) AS f, SUM(dead_lettered) AS d, SUM(bytes) AS b, SUM(batches) AS n"
                            + " FROM querycast_metrics_hourly WHERE job_id = 'types-meta' AND topic = 'qc.types.meta' AND kafka_connection = 'default'");
            assertThat(((Number) row.get("R")).longValue()).isEqualTo(4);
            assertThat(((Number) row.get("S")).longValue()).isEqualTo(4);
            assertThat(((Number) row.get("F")).longValue()).isZero();
            assertThat(((Number) row.get("D")).longValue()).isZero();
            assertThat(((Number) row.get("B")).longValue()).isEqualTo(bytesOnTopic);
            assertThat(((Number) row.get("N")).longValue()).isEqualTo(2);
        });

        // the queries the REST API answers from
        KafkaMetricsQueries.Summary summary = queries.summary();
        assertThat(summary.last7Days().sent()).isEqualTo(onTopic.size());
        assertThat(summary.last7Days().errors()).isZero();
        assertThat(summary.last7Days().successRate()).isEqualTo(1.0);
        assertThat(summary.last7Days().p99LatencyMs()).isPositive();
        assertThat(summary.last7Days().avgLatencyMs()).isPositive();
        assertThat(queries.hourly(Duration.ofHours(24)).stream().mapToLong(KafkaMetricsQueries.Hour::sent).sum()).isEqualTo(4);
        assertThat(queries.topics()).singleElement().satisfies(t -> {
            assertThat(t.topic()).isEqualTo("qc.types.meta");
            assertThat(t.kafkaConnection()).isEqualTo("default");
            assertThat(t.sent()).isEqualTo(4);
            assertThat(t.bytes()).isEqualTo(bytesOnTopic);
            assertThat(t.lastSentAt()).isNotNull();
        });
    }

    private List<String> scrape() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
                        // the actuator needs an API user like everything else but the probes (src/test/config/users.yaml)
                        .header("Authorization", "Basic " + java.util.Base64.getEncoder()
                                .encodeToString("test-viewer:viewer-test-password".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                        .GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body().lines().filter(l -> !l.startsWith("#")).toList();
    }

    /** The value of the one sample of {@code name} whose labels include all of {@code labels}; 0 when absent is an error. */
    private static double value(List<String> scrape, String name, String... labels) {
        List<String> lines = scrape.stream()
                .filter(l -> l.startsWith(name + "{") && Stream.of(labels).allMatch(l::contains))
                .toList();
        assertThat(lines).as(name + " " + String.join(",", labels) + " in\n" + String.join("\n", scrape.stream()
                .filter(l -> l.startsWith(name.substring(0, name.indexOf('_')) + "_")).toList())).hasSize(1);
        String line = lines.get(0);
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    private static String[] concat(String[] a, String b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
