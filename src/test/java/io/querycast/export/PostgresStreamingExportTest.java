package io.querycast.export;

import io.querycast.support.TopicReader;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 100,000 rows from a real PostgreSQL through the real route into a real broker, exported by the
 * application in its own JVM with a 96 MB heap while the result is about 170 MB of JSON: if any step
 * held the whole result, the child would die of OutOfMemoryError instead of exporting every row.
 */
class PostgresStreamingExportTest {

    static final int ROWS = 100_000;
    static final int PAYLOAD_CHARS = 1_500;
    static final String TOPIC = "qc.pg.shipments";
    static final String CHILD_HEAP = "-Xmx96m";

    static EmbeddedPostgres postgres;
    static EmbeddedKafkaKraftBroker kafka;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE shipments (id BIGINT PRIMARY KEY, barcode VARCHAR(20) NOT NULL, trkdate DATE NOT NULL,"
                    + " arrived_at TIMESTAMPTZ NOT NULL, amount NUMERIC(14,4), status SMALLINT, payload TEXT)");
            s.execute("INSERT INTO shipments SELECT g, 'PG' || lpad(g::text, 10, '0'), DATE '2026-01-01' + (g % 30),"
                    + " TIMESTAMPTZ '2026-01-01 00:00:00+00' + g * INTERVAL '1 second', g / 7.0, g % 9,"
                    + " repeat(md5(g::text), " + (PAYLOAD_CHARS / 32) + ") || lpad('', " + (PAYLOAD_CHARS % 32) + ", 'x')"
                    + " FROM generate_series(1, " + ROWS + ") g");
            s.execute("ANALYZE shipments");
        }
        kafka = new EmbeddedKafkaKraftBroker(1, 3, TOPIC);
        kafka.afterPropertiesSet();
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) {
            kafka.destroy();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void exportsEveryRowWithAHeapSmallerThanTheResult() throws Exception {
        Path log = Path.of("target", "pg-streaming-export.log");
        Files.createDirectories(log.getParent());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, CHILD_HEAP, "-cp", classpath, "io.querycast.support.ExportOnce",
                "--querycast.connections-file=src/test/config/pg/connections.yaml",
                "--querycast.jobs-dir=src/test/config/pg/jobs",
                "--querycast.queries-dir=src/test/queries",
                "--querycast.test.export-once-job=pg-shipments",
                "--server.port=0"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("QC_PG_URL", postgres.getJdbcUrl("postgres", "postgres"));
        pb.environment().put("QC_TEST_KAFKA", kafka.getBrokersAsString());
        pb.environment().put("CLASSPATH", "");
        Process child = pb.start();
        boolean exited = child.waitFor(5, TimeUnit.MINUTES);
        if (!exited) {
            child.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(exited).as("child finished; log in " + log).isTrue();
        assertThat(output).doesNotContain("OutOfMemoryError");
        assertThat(child.exitValue()).as("child exit code; log in " + log).isZero();

        Matcher m = Pattern.compile("EXPORT-ONCE status=(\\w+) rows=(\\d+) sent=(\\d+) failed=(\\d+) seconds=([\\d.]+) rowsPerSecond=(\\d+) heapPeakMB=([\\d.]+)").matcher(output);
        assertThat(m.find()).as("summary line in " + log).isTrue();
        assertThat(m.group(1)).isEqualTo("success");
        assertThat(Long.parseLong(m.group(2))).isEqualTo(ROWS);
        assertThat(Long.parseLong(m.group(3))).isEqualTo(ROWS);
        assertThat(output).contains("Export progress: job=pg-shipments").contains("rows=25,000");
        System.out.printf("PostgreSQL streaming export: %s rows in %s s = %s rows/s, heap peak %s MB at %s%n",
                m.group(2), m.group(5), m.group(6), m.group(7), CHILD_HEAP);

        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(kafka.getBrokersAsString(), TOPIC, ROWS, Duration.ofMinutes(2));
        Set<String> keys = new HashSet<>();
        long bytes = 0;
        for (ConsumerRecord<String, byte[]> r : records) {
            keys.add(r.key());
            bytes += r.value().length;
        }
        assertThat(records).hasSize(ROWS);
        assertThat(keys).hasSize(ROWS).contains("PG0000000001", "PG0000100000");
        assertThat(bytes).as("the JSON exported is larger than the child's whole heap").isGreaterThan(150L * 1024 * 1024);
        String first = new String(records.stream().filter(r -> r.key().equals("PG0000000007")).findFirst().orElseThrow().value(), StandardCharsets.UTF_8);
        assertThat(first).startsWith("{\"barcode\":\"PG0000000007\",\"trkdate\":\"2026-01-08\",\"arrived_at\":\"2026-01-01T00:00:07Z\",\"amount\":1.0000,\"status\":7,\"payload\":\"");
    }
}
