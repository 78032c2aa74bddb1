package io.querycast.export;

import io.querycast.QuerycastApplication;
import io.querycast.delivery.DeadLetters;
import io.querycast.delivery.UnsendableRecordException;
import io.querycast.run.JobLauncher;
import io.querycast.run.RunHistory;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.run.Trigger;
import io.querycast.support.RunAwaiter;
import io.querycast.support.StateDatabases;
import io.querycast.support.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code SELECT *} over a real PostgreSQL table holding every type that needs no cast, through the real
 * route to a real broker: each value's exact JSON, json/jsonb embedded or kept as strings, and a row whose
 * value fits no JSON type dead-lettered with the column and the reason while the other rows are sent.
 */
@ExtendWith(OutputCaptureExtension.class)
class PostgresTypesExportTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final String COLUMNS = "id int PRIMARY KEY, k text NOT NULL, j json, jb jsonb, iv interval, m mood, ip inet, cn cidr,"
            + " mac macaddr, x xml, mo money, b8 bit(8), b1 bit(1), vb varbit, tsv tsvector, pt point, r int4range, comp pair,"
            + " ja jsonb[], ia interval[], flags bit(3)[]";

    static final String K1 = "{\"id\":1,\"k\":\"K1\",\"j\":{\"a\": [1, 2.50, null], \"b\":\"x\"},\"jb\":{\"a\": 1.10, \"b\": true},"
            + "\"iv\":\"P1Y2M3DT4H5M6.789S\",\"m\":\"happy\",\"ip\":\"192.168.0.1/24\",\"cn\":\"10.0.0.0/8\",\"mac\":\"08:00:2b:01:02:03\","
            + "\"x\":\"<a>x</a>\",\"mo\":\"$1,234.56\",\"b8\":\"10101010\",\"b1\":\"1\",\"vb\":\"101\",\"tsv\":\"'a' 'cat' 'fat'\","
            + "\"pt\":\"(1,2)\",\"r\":\"[1,5)\",\"comp\":\"(1,x)\",\"ja\":[{\"a\": 1},[]],\"ia\":[\"P1D\",\"PT-2H\"],\"flags\":null}";
    static final String K2 = "{\"id\":2,\"k\":\"K2\",\"j\": [1, {\"deep\": {\"er\": [true]}}] ,\"jb\":\"just text\","
            + "\"iv\":\"P-1Y-2M3DT-4H-5M-6.5S\",\"m\":\"sad\",\"ip\":\"::1\",\"cn\":\"2001:db8::/32\",\"mac\":\"08:00:2b:01:02:04\","
            + "\"x\":\"<r><i n=\\\"1\\\"/></r>\",\"mo\":\"-$0.50\",\"b8\":\"00000000\",\"b1\":\"0\",\"vb\":\"\",\"tsv\":\"\","
            + "\"pt\":\"(-1.5,0)\",\"r\":\"empty\",\"comp\":\"(,\\\"q \\\"\\\"x\\\"\\\"\\\")\",\"ja\":[],\"ia\":[\"PT0S\"],\"flags\":null}";
    static final String K3 = "{\"id\":3,\"k\":\"K3\",\"j\":null,\"jb\":null,\"iv\":null,\"m\":null,\"ip\":null,\"cn\":null,\"mac\":null,"
            + "\"x\":null,\"mo\":null,\"b8\":null,\"b1\":null,\"vb\":null,\"tsv\":null,\"pt\":null,\"r\":null,\"comp\":null,\"ja\":null,"
            + "\"ia\":null,\"flags\":null}";

    static String pgUrl;
    static EmbeddedKafkaKraftBroker kafka;
    static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() throws Exception {
        pgUrl = StateDatabases.freshPostgres("pgtypes");
        try (Connection c = DriverManager.getConnection(pgUrl); Statement s = c.createStatement()) {
            // money's text follows lc_monetary: the C locale, so the expected "$1,234.56" holds on any machine
            s.execute("ALTER DATABASE " + c.getCatalog() + " SET lc_monetary TO 'C'");
            s.execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
            s.execute("CREATE TYPE pair AS (a int, b text)");
            s.execute("CREATE TABLE all_pg_types (" + COLUMNS + ")");
            s.execute("INSERT INTO all_pg_types VALUES (1, 'K1', '{\"a\": [1, 2.50, null], \"b\":\"x\"}', '{\"b\": true, \"a\": 1.10}',"
                    + " '1 year 2 mons 3 days 04:05:06.789', 'happy', '192.168.0.1/24', '10.0.0.0/8', '08:00:2b:01:02:03', '<a>x</a>',"
                    + " 1234.56, B'10101010', B'1', B'101', 'a fat cat', '(1,2)', '[1,5)', ROW(1, 'x'),"
                    + " ARRAY['{\"a\":1}'::jsonb, '[]'], ARRAY[interval '1 day', interval '-2 hours'], NULL)");
            s.execute("INSERT INTO all_pg_types VALUES (2, 'K2', ' [1, {\"deep\": {\"er\": [true]}}] ', '\"just text\"',"
                    + " '-1 years -2 mons +3 days -04:05:06.5', 'sad', '::1', '2001:db8::/32', '08-00-2b-01-02-04', '<r><i n=\"1\"/></r>',"
                    + " -0.5, B'00000000', B'0', B'', '', '(-1.5,0)', 'empty', ROW(NULL, 'q \"x\"'),"
                    + " '{}', ARRAY[interval '0 seconds'], NULL)");
            s.execute("INSERT INTO all_pg_types (id, k) VALUES (3, 'K3')");
            // PgJDBC cannot convert a bit(3)[] (\"Cannot cast to boolean\"): this row cannot be sent as it is
            s.execute("INSERT INTO all_pg_types SELECT 4, 'K4', j, jb, iv, m, ip, cn, mac, x, mo, b8, b1, vb, tsv, pt, r, comp, ja, ia,"
                    + " ARRAY[B'101'] FROM all_pg_types WHERE id = 1");
        }
        kafka = new EmbeddedKafkaKraftBroker(1, 1, "qc.pg.types", "qc.pg.types.DLT", "qc.pg.types.strings", "qc.pg.types.strings.DLT");
        kafka.afterPropertiesSet();
        app = new SpringApplicationBuilder(QuerycastApplication.class).run(
                "--server.port=0",
                "--querycast.connections-file=src/test/config/pg-types/connections.yaml",
                "--querycast.jobs-dir=src/test/config/pg-types/jobs",
                "--querycast.queries-dir=src/test/queries",
                "--QC_PG_URL=" + pgUrl,
                "--QC_TEST_KAFKA=" + kafka.getBrokersAsString());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (kafka != null) {
            kafka.destroy();
        }
    }

    @Test
    void everyTypeArrivesAsItsExactJsonAndTheRowThatCannotIsDeadLetteredWithColumnAndReason(CapturedOutput output) throws Exception {
        String runId = app.getBean(JobLauncher.class).runNow("pg-types", Trigger.MANUAL, Map.of());
        RunRecord run = RunAwaiter.awaitFinished(app.getBean(RunHistory.class), runId, WAIT);

        assertThat(run.rowsRead()).isEqualTo(4);
        assertThat(run.sent()).isEqualTo(3);
        assertThat(run.deadLettered()).isEqualTo(1);
        assertThat(run.failed()).isZero();
        assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);

        Map<String, String> byKey = values(TopicReader.readAll(kafka.getBrokersAsString(), "qc.pg.types", 3, WAIT));
        assertThat(byKey).containsOnlyKeys("K1", "K2", "K3");
        assertThat(byKey.get("K1")).isEqualTo(K1);
        assertThat(byKey.get("K2")).isEqualTo(K2);
        assertThat(byKey.get("K3")).isEqualTo(K3);

        List<ConsumerRecord<String, byte[]>> letters = TopicReader.readAll(kafka.getBrokersAsString(), "qc.pg.types.DLT", 1, WAIT)
                .stream().filter(r -> runId.equals(header(r, DeadLetters.EXPORT_ID))).toList();
        assertThat(letters).hasSize(1);
        ConsumerRecord<String, byte[]> letter = letters.get(0);
        assertThat(letter.key()).isEqualTo("K4");
        assertThat(header(letter, DeadLetters.ERROR_CLASS)).isEqualTo(UnsendableRecordException.class.getName());
        assertThat(header(letter, DeadLetters.ERROR_MESSAGE))
                .isEqualTo("row with key K4: column flags (_bit): Cannot cast to boolean: \"101\"");
        // the letter holds the rest of the row, every other value as it would have been sent
        assertThat(new String(letter.value(), StandardCharsets.UTF_8))
                .isEqualTo(K1.replace("\"id\":1,\"k\":\"K1\"", "\"id\":4,\"k\":\"K4\""));

        // the run went on past the row: nothing made the split re-read a row it could not map
        assertThat(output).doesNotContain("Error releasing exchange").doesNotContain("This exception is ignored");
    }

    @Test
    void intervalsAreWhatPostgresItselfWritesInIso8601() throws Exception {
        String runId = app.getBean(JobLauncher.class).runNow("pg-types", Trigger.MANUAL, Map.of());
        RunAwaiter.awaitFinished(app.getBean(RunHistory.class), runId, WAIT);
        Map<String, String> exported = values(TopicReader.readAll(kafka.getBrokersAsString(), "qc.pg.types", 3, WAIT));

        try (Connection c = DriverManager.getConnection(pgUrl); Statement s = c.createStatement()) {
            s.execute("SET intervalstyle = iso_8601");
            try (ResultSet rs = s.executeQuery("SELECT k, iv::text, ia::text FROM all_pg_types WHERE iv IS NOT NULL AND id < 4")) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                    String json = exported.get(rs.getString(1));
                    assertThat(json).contains("\"iv\":\"" + rs.getString(2) + "\"");
                    // PostgreSQL writes the array as {P1D,PT-2H}
                    String elements = rs.getString(3).replaceAll("[{}]", "");
                    assertThat(json).contains("\"ia\":[" + java.util.Arrays.stream(elements.split(","))
                            .map(e -> "\"" + e + "\"").collect(Collectors.joining(",")) + "]");
                }
                assertThat(rows).isEqualTo(2);
            }
        }
    }

    @Test
    void jsonColumnsStringSendsJsonAsItsText() {
        String runId = app.getBean(JobLauncher.class).runNow("pg-types-strings", Trigger.MANUAL, Map.of());
        RunRecord run = RunAwaiter.awaitFinished(app.getBean(RunHistory.class), runId, WAIT);
        assertThat(run.sent()).isEqualTo(3);

        Map<String, String> byKey = values(TopicReader.readAll(kafka.getBrokersAsString(), "qc.pg.types.strings", 3, WAIT));
        assertThat(byKey.get("K1")).startsWith("{\"id\":1,\"k\":\"K1\",\"j\":\"{\\\"a\\\": [1, 2.50, null], \\\"b\\\":\\\"x\\\"}\","
                + "\"jb\":\"{\\\"a\\\": 1.10, \\\"b\\\": true}\",\"iv\":\"P1Y2M3DT4H5M6.789S\",")
                .contains("\"ja\":[\"{\\\"a\\\": 1}\",\"[]\"]");
        assertThat(byKey.get("K2")).contains("\"j\":\" [1, {\\\"deep\\\": {\\\"er\\\": [true]}}] \",\"jb\":\"\\\"just text\\\"\"");
    }

    /** The last value of each key (the topic may hold earlier runs of the same job). */
    private static Map<String, String> values(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, String> out = new HashMap<>();
        records.forEach(r -> out.put(r.key(), new String(r.value(), StandardCharsets.UTF_8)));
        return out;
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
