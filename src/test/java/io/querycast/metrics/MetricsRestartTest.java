package io.querycast.metrics;

import io.querycast.run.JobLauncher;
import io.querycast.run.RunHistory;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.run.Trigger;
import io.querycast.support.RunAwaiter;
import io.querycast.support.RestartableH2App;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole application, closed and started again on the same H2 state file: the hourly metrics are still there. */
class MetricsRestartTest extends RestartableH2App {

    static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void hourlyAggregatesSurviveARestart() {
        String stateUrl = stateUrl();
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
