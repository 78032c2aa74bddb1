package io.querycast.tooling;

import io.querycast.cli.Cli;
import io.querycast.config.Connections;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seeds' round trip end to end: their connections.json and schedules (src/test/config/seeds, the local
 * cluster pointed at this test's broker) imported by {@code import-seeds}, the application started on the
 * written files, the imported daily job run: every row of the demo data arrives on the topic, and each
 * record is the one {@code describe}/preview showed for the same row (key, headers, value).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "querycast.connections-file=target/seeds-import-e2e/connections.yaml",
        "querycast.jobs-dir=target/seeds-import-e2e/jobs",
        "querycast.queries-dir=queries",
        "CDG_DB_URL=jdbc:h2:mem:seeds-e2e;MODE=Oracle;DB_CLOSE_DELAY=-1;INIT=RUNSCRIPT FROM 'config/demo/seed-h2.sql'",
        "CDG_DB_USER=sa",
        "CDG_DB_PASSWORD=",
        "KAFKA_CDG_PROD_PASSWORD=not-used-here",
        "KAFKA_ANALYTICS_MTLS_SSL_KEY_PASSWORD=not-used-here"})
@EmbeddedKafka(kraft = true, partitions = 1, bootstrapServersProperty = "QC_SEEDS_KAFKA",
        topics = {"cdg.tracking.events", "cdg.tracking.events.DLT"})
class ImportedSeedsExportTest {

    static final Path OUT = Path.of("target/seeds-import-e2e");
    static final Duration WAIT = Duration.ofSeconds(120);

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
    @Value("${QC_SEEDS_KAFKA}")
    String bootstrap;

    @BeforeAll
    static void importTheSeeds() throws Exception {
        Path work = Files.createDirectories(Path.of("target/seeds-import-e2e-input"));
        // the seeds' local cluster is this test's broker; the production cluster's host names must resolve here, as the
        // Kafka client refuses to create a producer (at route start) for a cluster whose every broker name is unknown
        Files.writeString(work.resolve("connections.json"), Files.readString(Path.of("src/test/config/seeds/connections.json"))
                .replace("\"localhost:9092\"", "\"${QC_SEEDS_KAFKA}\"").replaceAll("kafka[123]\\.cdg\\.local", "localhost"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Cli.run(new String[] {"import-seeds", "--connections=" + work.resolve("connections.json"),
                "--schedules=src/test/config/seeds/schedules.json", "--out=" + OUT, "--db-connection=cdg", "--queries=queries", "--force",
                "--QC_SEEDS_KAFKA=localhost:1"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(Cli.OK);
    }

    @Test
    void theImportedJobExportsEveryRowAsTheRecordsThePreviewShowed() throws Exception {
        assertThat(jobs.all()).extracting(j -> j.id()).containsExactlyInAnyOrder("cdg-kafka-001", "export-real-time-events");
        var job = jobs.require("cdg-kafka-001");
        JobPreview.Result preview = new JobPreview(new QueryLibrary(Path.of("queries")), Clock.systemDefaultZone())
                .preview(job, connections.database("cdg").orElseThrow(), pools.pool("cdg"), 3, Map.of());
        assertThat(preview.records()).hasSize(3);

        String runId = launcher.runNow("cdg-kafka-001", Trigger.MANUAL, Map.of());
        RunRecord run = RunAwaiter.awaitFinished(history, runId, WAIT);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(run.rowsRead()).isEqualTo(20_000);
        assertThat(run.sent()).isEqualTo(20_000);
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(bootstrap, "cdg.tracking.events", 20_000, WAIT);
        assertThat(records).hasSize(20_000);
        Map<String, ConsumerRecord<String, byte[]>> byKey = new LinkedHashMap<>();
        records.forEach(r -> byKey.put(r.key(), r));
        for (JobPreview.Record shown : preview.records()) {
            ConsumerRecord<String, byte[]> sent = byKey.get(shown.key());
            assertThat(sent).as(shown.key()).isNotNull();
            String value = new String(sent.value(), StandardCharsets.UTF_8);
            // the same value up to the run's own metadata (its id and start time)
            assertThat(value.substring(0, value.indexOf(",\"_metadata\":")))
                    .isEqualTo(shown.value().substring(0, shown.value().indexOf(",\"_metadata\":")));
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header h : sent.headers()) {
                headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
            }
            assertThat(headers.keySet()).containsExactlyElementsOf(shown.headers().keySet());
            assertThat(headers.get("job_id")).isEqualTo(shown.headers().get("job_id"));
            assertThat(headers.get("source_query")).isEqualTo(shown.headers().get("source_query"));
            assertThat(headers.get("export_id")).isEqualTo(runId);
        }
    }
}
