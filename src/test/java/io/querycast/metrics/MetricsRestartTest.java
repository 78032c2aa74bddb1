package io.querycast.metrics;

import io.querycast.QuerycastApplication;
import io.querycast.job.JobLauncher;
import io.querycast.run.RunHistory;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.run.Trigger;
import io.querycast.support.RunAwaiter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole application, closed and started again on the same H2 state file: the hourly metrics are still there. */
class MetricsRestartTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    static EmbeddedKafkaKraftBroker kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKafka() {
        kafka = new EmbeddedKafkaKraftBroker(1, 2, "qc.types.meta", "qc.types.meta.DLT");
        kafka.afterPropertiesSet();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.destroy();
        }
    }

    private ConfigurableApplicationContext start(String stateUrl) {
        return new SpringApplicationBuilder(QuerycastApplication.class).run(
                "--server.port=0",
                "--querycast.connections-file=src/test/config/h2/connections.yaml",
                "--querycast.jobs-dir=src/test/config/h2/jobs",
                "--querycast.queries-dir=src/test/queries",
                "--QC_TEST_KAFKA=" + kafka.getBrokersAsString(),
                "--querycast.state.url=" + stateUrl);
    }

    @Test
    void hourlyAggregatesSurviveARestart() {
        String stateUrl = "jdbc:h2:file:" + dir.resolve("querycast-state") + ";DB_CLOSE_ON_EXIT=FALSE";
        RunRecord run;
        try (ConfigurableApplicationContext app = start(stateUrl)) {
            String runId = app.getBean(JobLauncher.class).runNow("types-meta", Trigger.MANUAL, Map.of());
            run = RunAwaiter.awaitFinished(app.getBean(RunHistory.class), runId, WAIT);
            // no query before the close: what the run counted must reach the table by the run's end or the shutdown
        }
        assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);

        try (ConfigurableApplicationContext app = start(stateUrl)) {
            KafkaMetricsQueries queries = app.getBean(KafkaMetricsQueries.class);
            KafkaMetricsQueries.Summary summary = queries.summary();
            assertThat(summary.last7Days().sent()).isEqualTo(run.sent()).isEqualTo(2);
            assertThat(summary.last7Days().errors()).isZero();
            assertThat(summary.last7Days().p90LatencyMs()).isPositive();
            assertThat(queries.hourly(Duration.ofHours(24), "types-meta", "qc.types.meta"))
                    .singleElement().satisfies(h -> {
                        assertThat(h.rowsRead()).isEqualTo(2);
                        assertThat(h.sent()).isEqualTo(2);
                        assertThat(h.bytes()).isEqualTo(run.bytes());
                        assertThat(h.batches()).isEqualTo(1);
                    });
            assertThat(queries.topics()).singleElement().satisfies(t -> {
                assertThat(t.topic()).isEqualTo("qc.types.meta");
                assertThat(t.sent()).isEqualTo(2);
                assertThat(t.bytes()).isEqualTo(run.bytes());
            });
        }
    }
}
