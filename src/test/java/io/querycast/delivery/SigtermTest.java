package io.querycast.delivery;

import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.support.StoredRuns;
import io.querycast.support.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real SIGTERM to the application in its own JVM during a run: the batch in flight completes, the run
 * stops and is recorded interrupted, in the state store, with counts equal to what is on the topic.
 */
class SigtermTest {

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
    void sigtermMidRunRecordsTheRunInterruptedWithTrueCounts() throws Exception {
        Path log = dir.resolve("app.log");
        String stateUrl = "jdbc:h2:file:" + dir.resolve("state").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "io.querycast.support.ExportOnce",
                "--querycast.connections-file=src/test/config/sigterm/connections.yaml",
                "--querycast.jobs-dir=src/test/config/sigterm/jobs",
                "--querycast.queries-dir=src/test/queries",
                "--querycast.test.export-once-job=sigterm",
                "--querycast.state.url=" + stateUrl,
                "--server.port=0")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("QC_TEST_KAFKA", kafka.getBrokersAsString());
        Process app = pb.start();
        try {
            awaitInLog(app, log, "Export progress: job=sigterm .* rows=2,000 ", Duration.ofMinutes(2));
            app.destroy(); // SIGTERM
            assertThat(app.waitFor(90, TimeUnit.SECONDS)).as("application exits after SIGTERM").isTrue();
        } finally {
            app.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Matcher started = Pattern.compile("Export started: job=sigterm run=(\\S+)").matcher(output);
        assertThat(started.find()).isTrue();
        String runId = started.group(1);
        assertThat(output).containsPattern("Export finished: job=sigterm run=" + Pattern.quote(runId) + " status=interrupted");

        RunRecord run = StoredRuns.find(stateUrl, runId).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(run.rowsRead()).isBetween(2_000L, 49_999L);
        assertThat(run.sent() + run.failed() + run.deadLettered()).isEqualTo(run.rowsRead());
        assertThat(run.failed()).as("the batch in flight completed before the run stopped").isZero();

        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(kafka.getBrokersAsString(), "qc.sigterm", (int) run.sent(), Duration.ofSeconds(60));
        Set<String> keys = new HashSet<>();
        records.forEach(r -> keys.add(r.key()));
        assertThat(records).hasSize((int) run.sent());
        assertThat(keys).hasSize((int) run.sent());
        System.out.printf("FAULT sigterm: read=%d sent=%d dead_lettered=%d failed=%d status=%s on_topic=%d%n",
                run.rowsRead(), run.sent(), run.deadLettered(), run.failed(), run.status(), records.size());
    }

    private static void awaitInLog(Process app, Path log, String regex, Duration timeout) throws Exception {
        Pattern p = Pattern.compile(regex);
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(log) && p.matcher(Files.readString(log, StandardCharsets.UTF_8)).find()) {
                return;
            }
            assertThat(app.isAlive()).as("application still running; log: " + log).isTrue();
            Thread.sleep(20);
        }
        throw new AssertionError("'" + regex + "' not in " + log + " within " + timeout);
    }
}
