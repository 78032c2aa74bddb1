package io.querycast.history;

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
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

/** The whole application, closed and started again on the same H2 state file: the run is still there, as it ended. */
class RunHistoryRestartTest extends RestartableH2App {

    static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aRunIsFoundAfterARestartWithItsTrueCounts() {
        String stateUrl = stateUrl();
        String runId;
        RunRecord before;
        try (ConfigurableApplicationContext app = start(stateUrl)) {
            runId = app.getBean(JobLauncher.class).runNow("types-meta", Trigger.MANUAL, Map.of());
            before = RunAwaiter.awaitFinished(app.getBean(RunHistory.class), runId, WAIT);
        }
        assertThat(before.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(before.rowsRead()).isEqualTo(2);

        try (ConfigurableApplicationContext app = start(stateUrl)) {
            RunHistory history = app.getBean(RunHistory.class);
            RunRecord after = history.find(runId).orElseThrow();

            assertThat(after.status()).isEqualTo(RunStatus.SUCCESS);
            assertThat(after.rowsRead()).isEqualTo(2);
            assertThat(after.sent()).isEqualTo(2);
            assertThat(after.failed()).isZero();
            assertThat(after.deadLettered()).isZero();
            assertThat(after.bytes()).isEqualTo(before.bytes()).isPositive();
            assertThat(after.error()).isNull();
            assertThat(after.trigger()).isEqualTo(Trigger.MANUAL);
            assertThat(after.parameters()).containsExactly(entry("CATEGORY", "A"));
            assertThat(after.jobId()).isEqualTo("types-meta");
            assertThat(after.queryFile()).isEqualTo("all-types.sql");
            assertThat(after.dbConnection()).isEqualTo("types");
            assertThat(after.topic()).isEqualTo("qc.types.meta");
            assertThat(after.kafkaConnection()).isEqualTo("default");
            assertThat(after.exportMode()).isEqualTo("kafka");
            assertThat(after.startedAt()).isCloseTo(before.startedAt(), within(1, ChronoUnit.MILLIS));
            assertThat(after.finishedAt()).isCloseTo(before.finishedAt(), within(1, ChronoUnit.MILLIS));
            assertThat(after.duration().toMillis()).isEqualTo(before.duration().toMillis());
            assertThat(history.recent("types-meta", 5)).extracting(RunRecord::runId).containsExactly(runId);
            assertThat(history.exists(runId)).as("the run id is never issued again").isTrue();
        }
    }
}
