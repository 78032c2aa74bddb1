package io.querycast.history;

import io.querycast.config.StateStoreSettings;

import io.querycast.config.Secret;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.support.AppProcess;
import io.querycast.support.StoredRuns;
import io.querycast.support.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real SIGKILL to the application's JVM in the middle of a run (the measurement of issue 12: a run killed after
 * 121,500 records was recorded {@code interrupted} with {@code sent 0}): the history keeps the counts of the last
 * checkpoint, and when the instance starts again the run is closed as interrupted at the time it stopped.
 */
class SigkillCheckpointTest {

    static EmbeddedKafkaKraftBroker kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        kafka = new EmbeddedKafkaKraftBroker(1, 2, "qc.sigterm", "qc.sigterm.DLT");
        kafka.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        kafka.destroy();
    }

    @Test
    void aKilledRunKeepsTheCountsOfItsLastCheckpointAndIsClosedAtTheTimeItStopped() throws Exception {
        // WRITE_DELAY=0 as in the default URL: H2 otherwise keeps the last second of commits in memory, lost to a SIGKILL
        String stateUrl = "jdbc:h2:file:" + dir.resolve("state").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        AppProcess app = AppProcess.start("io.querycast.support.ExportOnce", "killed-app", dir, Map.of("QC_TEST_KAFKA", kafka.getBrokersAsString()),
                "--querycast.connections-file=src/test/config/sigterm/connections.yaml",
                "--querycast.jobs-dir=src/test/config/sigterm/jobs",
                "--querycast.queries-dir=src/test/queries",
                "--querycast.test.export-once-job=sigterm",
                "--querycast.state.url=" + stateUrl,
                "--querycast.state.instance-id=killed-app");
        Instant killedAt;
        try {
            app.awaitInLog("Export progress: job=sigterm .* rows=5,000 ", Duration.ofMinutes(2));
            killedAt = Instant.now();
            app.kill(); // SIGKILL: no shutdown hook, no clean end of the run
        } finally {
            app.kill();
        }
        assertThat(app.exitValue()).as("killed by signal 9").isEqualTo(137);
        String output = app.output();
        Matcher started = Pattern.compile("Export started: job=sigterm run=(\\S+)").matcher(output);
        assertThat(started.find()).isTrue();
        String runId = started.group(1);
        assertThat(output).doesNotContain("Export finished: job=sigterm");

        RunRecord left = StoredRuns.find(stateUrl, runId).orElseThrow();
        assertThat(left.status()).as("nobody closed it yet").isEqualTo(RunStatus.RUNNING);
        // killed right after the 5,000-row line. Batches are settled out of order (16 in flight), so the checkpoint
        // of a mark can be written after a later mark's line: what is sure is an earlier mark's checkpoint (>= 1,000)
        assertThat(left.rowsRead()).as("the counts of a checkpoint, not zero").isGreaterThanOrEqualTo(1_000L);
        assertThat(left.sent()).isPositive();

        // the instance starts again: its earlier process's run is closed with the checkpoint's counts and time
        RunRecord closed;
        try (StateStore store = new StateStore(new StateStoreSettings(stateUrl, null, Secret.none(), "killed-app"))) {
            JdbcRunHistory history = new JdbcRunHistory(store.dataSource(), "killed-app", Duration.ofDays(90), Clock.systemUTC());
            history.start();
            history.stop();
            closed = history.find(runId).orElseThrow();
        }
        assertThat(closed.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(closed.rowsRead()).isEqualTo(left.rowsRead());
        assertThat(closed.sent()).isEqualTo(left.sent());
        assertThat(closed.sent() + closed.failed() + closed.deadLettered()).isEqualTo(closed.rowsRead());
        assertThat(closed.finishedAt()).as("stopped at its last checkpoint, before the kill").isBetween(closed.startedAt(), killedAt);
        assertThat(closed.error()).contains("instance killed-app stopped during the run");

        long onTopic = TopicReader.count(kafka.getBrokersAsString(), "qc.sigterm");
        assertThat(onTopic).as("what the topic has is at least what the checkpoint counted sent").isGreaterThanOrEqualTo(closed.sent());
        System.out.printf("FAULT sigkill: checkpointed read=%d sent=%d failed=%d stopped_at=%s killed_at=%s on_topic=%d%n",
                closed.rowsRead(), closed.sent(), closed.failed(), closed.finishedAt(), killedAt, onTopic);
    }
}
