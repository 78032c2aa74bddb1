package io.querycast.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code describe JOB}: the exact records (key, headers, value) a job would send and the JSON Schema of the
 * value, for every type kind, on H2 (the export's own type table, the same values H2ExportEndToEndTest reads
 * off the topic) and on a real PostgreSQL; the row limit stops the query on the server; nothing is sent.
 */
class DescribeCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** As H2ExportEndToEndTest finds them on the topic. */
    static final String K1_COLUMNS = "{\"ID\":\"K1\",\"CATEGORY\":\"A\",\"D\":\"2026-01-16\",\"TS\":\"2026-01-16T08:15:00.123456\","
            + "\"TSTZ\":\"2026-01-16T08:15:00+01:00\",\"T\":\"08:15:30\",\"AMOUNT\":1234567890.123456789,\"PRICE\":12.50,"
            + "\"QTY\":42,\"BIG\":9007199254740993,\"RATIO\":0.5,\"FLAG\":true,\"NOTE\":\"hello \\\"world\\\"\",\"CODE\":\"AB \","
            + "\"TEXT\":\"long text xxxxxxxxxxxxxxxxxxxx\",\"BIN\":\"3q2+7w==\",\"RAWB\":\"AQI=\"";

    static EmbeddedPostgres postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            c.createStatement().execute("""
                    CREATE TABLE pg_types (
                      id integer PRIMARY KEY, small smallint NOT NULL, big bigint, amount numeric(20,6), price numeric(10,2),
                      ratio real, score double precision, flag boolean, name varchar(40), code char(3), note text,
                      day date, at_time time, at timestamp(6), at_tz timestamptz, at_timetz timetz, bin bytea,
                      uid uuid, doc json, tags integer[]);
                    INSERT INTO pg_types VALUES
                      (1, 7, 9007199254740993, 1234567890.123456, 12.50, 1.5, 'NaN', true, 'Mario', 'AB', 'è una nota',
                       '2026-01-16', '08:15:30', '2026-01-16 08:15:00.123456', '2026-01-16 08:15:00+00', '08:15:30+02', '\\xdeadbeef',
                       'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": 1}', '{1,2,3}'),
                      (2, -1, NULL, NULL, NULL, NULL, 'Infinity', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
                    """);
        }
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    private CliRun describe(String... extra) {
        String[] base = {"describe", "--querycast.connections-file=" + dir.resolve("connections.yaml"),
                "--querycast.jobs-dir=" + dir.resolve("jobs"), "--querycast.queries-dir=" + dir.resolve("queries")};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return CliRun.of(all);
    }

    private void h2Files() throws IOException {
        write("connections.yaml", """
                databases:
                  types:
                    url: "jdbc:h2:mem:qc-describe;DB_CLOSE_DELAY=-1;INIT=RUNSCRIPT FROM 'src/test/config/h2/types.sql'"
                    username: sa
                kafka:
                  default:
                    bootstrap_servers: 127.0.0.1:1
                """);
        Files.createDirectories(dir.resolve("queries"));
        Files.copy(Path.of("src/test/queries/all-types.sql"), dir.resolve("queries/all-types.sql"));
        Files.createDirectories(dir.resolve("jobs"));
        Files.copy(Path.of("src/test/config/h2/jobs/types-meta.yaml"), dir.resolve("jobs/types-meta.yaml"));
        Files.copy(Path.of("src/test/config/h2/jobs/types-plain.yaml"), dir.resolve("jobs/types-plain.yaml"));
    }

    @Test
    void h2RecordsAreTheExportsOwnAndTheSchemaTypesEveryKind() throws Exception {
        h2Files();

        CliRun run = describe("types-meta", "--rows=1", "--json");

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(Cli.OK);
        JsonNode preview = JSON.readTree(run.out());
        assertThat(preview.get("dry_run").asBoolean()).isTrue();
        assertThat(preview.get("rows").asInt()).isEqualTo(1);
        assertThat(preview.get("more").asBoolean()).isTrue();
        JsonNode record = preview.get("records").get(0);
        assertThat(record.get("key").asText()).isEqualTo("K1");
        assertThat(record.get("headers").properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactly("job_id", "source_query", "source_connection", "export_timestamp", "export_id");
        assertThat(record.get("headers").get("export_id").asText()).matches("all-types-\\d{14}");
        // the value as sent: every digit of the decimals kept, byte for byte what the export writes
        String value = run.out().substring(run.out().indexOf("\"value\" : ") + "\"value\" : ".length());
        assertThat(value).startsWith(K1_COLUMNS + ",\"_metadata\":{\"source_query\":\"all-types.sql\",\"source_connection\":\"types\",");
        assertThat(record.get("value").get("AMOUNT").decimalValue()).isEqualByComparingTo("1234567890.123456789");
        assertThat(record.get("dead_letter").isNull()).isTrue();

        JsonNode props = preview.get("schema").get("properties");
        assertThat(props.get("ID").toString()).isEqualTo("{\"type\":\"string\",\"description\":\"CHARACTER VARYING\"}");
        assertThat(props.get("CATEGORY").toString()).isEqualTo("{\"type\":\"string\",\"description\":\"CHARACTER VARYING\"}");
        assertThat(props.get("D").toString()).isEqualTo("{\"type\":[\"string\",\"null\"],\"format\":\"date\",\"description\":\"DATE\"}");
        assertThat(props.get("TS").get("pattern").asText()).isEqualTo("^-?\\d{4,}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?$");
        assertThat(props.get("TSTZ").get("format").asText()).isEqualTo("date-time");
        assertThat(props.get("T").get("pattern").asText()).isEqualTo("^\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?$");
        assertThat(props.get("AMOUNT").get("type").toString()).isEqualTo("[\"number\",\"null\"]");
        assertThat(props.get("QTY").get("type").toString()).isEqualTo("[\"integer\",\"null\"]");
        assertThat(props.get("BIG").get("type").toString()).isEqualTo("[\"integer\",\"null\"]");
        assertThat(props.get("RATIO").get("anyOf").toString()).isEqualTo("[{\"type\":\"number\"},{\"enum\":[\"NaN\",\"Infinity\",\"-Infinity\"]},{\"type\":\"null\"}]");
        assertThat(props.get("FLAG").get("type").toString()).isEqualTo("[\"boolean\",\"null\"]");
        assertThat(props.get("TEXT").get("type").toString()).isEqualTo("[\"string\",\"null\"]");
        assertThat(props.get("BIN").get("contentEncoding").asText()).isEqualTo("base64");
        assertThat(props.get("RAWB").get("contentEncoding").asText()).isEqualTo("base64");
        assertThat(props.get("_metadata").get("required").toString())
                .isEqualTo("[\"source_query\",\"source_connection\",\"export_timestamp\",\"export_id\"]");
        assertThat(preview.get("schema").get("required")).hasSize(18);
        assertThat(preview.get("schema").get("additionalProperties").asBoolean()).isFalse();
        SchemaCheck.assertValid(preview.get("schema"), record.get("value"));
    }

    @Test
    void h2TextFormWithoutMetadataLowerCaseNamesAndParameterOverride() throws Exception {
        h2Files();

        CliRun run = describe("types-plain", "--param=CATEGORY=B");

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(Cli.OK);
        assertThat(run.out()).contains("Job types-plain (" + dir.resolve("jobs/types-plain.yaml") + "): query all-types.sql on database types,"
                        + " parameters {CATEGORY=B}")
                .contains("Would send to topic qc.types.plain on Kafka connection default (dry run: nothing is sent). 1 record(s), the whole result.")
                .contains("Record 1\n  key:     K3\n  headers: (none)\n  value:   {\"id\":\"K3\",\"category\":\"B\",\"d\":null,")
                .contains("JSON Schema of the value:\n{\n  \"$schema\" : \"https://json-schema.org/draft/2020-12/schema\",")
                .contains("\"title\" : \"types-plain record value (topic qc.types.plain)\"")
                .doesNotContain("_metadata");
        assertThat(describe("types-plain", "--rows=101").exit()).isEqualTo(Cli.USAGE);
        CliRun unknown = describe("nope");
        assertThat(unknown.exit()).isEqualTo(Cli.ERRORS);
        assertThat(unknown.out()).startsWith("querycast describe: no valid job 'nope' in " + dir.resolve("jobs") + " (jobs: [types-meta, types-plain])");
    }

    @Test
    void postgresRecordsAndSchemaForEveryKindAndTheLimitStopsTheServer() throws Exception {
        write("connections.yaml", """
                databases:
                  pg:
                    url: "%s"
                    username: postgres
                kafka:
                  default:
                    bootstrap_servers: 127.0.0.1:1
                """.formatted(postgres.getJdbcUrl("postgres", "postgres")));
        // json has no mapping of its own yet (PGobject): cast, as the type table of docs/configuration.md says for such types
        write("queries/pg-types.sql", "SELECT id, small, big, amount, price, ratio, score, flag, name, code, note, day, at_time, at, at_tz,"
                + " at_timetz, bin, uid, doc::text AS doc, tags FROM pg_types ORDER BY id\n");
        // row 1,000,000 divides by zero: a query that read past the limit would fail
        write("queries/endless.sql", "SELECT g AS id, 1 / (1000000 - g) AS x FROM generate_series(1, 2000000) g\n");
        write("jobs/pg-types.yaml", "query: pg-types.sql\ndb_connection: pg\nschedule: \"0 8 * * *\"\ntopic: pg.types\nkey_column: id\n");
        write("jobs/endless.yaml", "query: endless.sql\ndb_connection: pg\nschedule: \"0 8 * * *\"\ntopic: pg.endless\ninclude_metadata: false\n");

        CliRun run = describe("pg-types", "--json");

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(Cli.OK);
        JsonNode preview = JSON.readTree(run.out());
        assertThat(preview.get("more").asBoolean()).isFalse();
        assertThat(preview.get("records")).hasSize(2);
        String first = run.out().substring(run.out().indexOf("\"value\" : ") + "\"value\" : ".length());
        assertThat(first).startsWith("{\"id\":1,\"small\":7,\"big\":9007199254740993,\"amount\":1234567890.123456,\"price\":12.50,"
                + "\"ratio\":1.5,\"score\":\"NaN\",\"flag\":true,\"name\":\"Mario\",\"code\":\"AB \",\"note\":\"è una nota\",\"day\":\"2026-01-16\","
                + "\"at_time\":\"08:15:30\",\"at\":\"2026-01-16T08:15:00.123456\",\"at_tz\":\"2026-01-16T08:15:00Z\",\"at_timetz\":\"08:15:30+02:00\","
                + "\"bin\":\"3q2+7w==\",\"uid\":\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\",\"doc\":\"{\\\"a\\\": 1}\",\"tags\":[1,2,3],\"_metadata\":{");
        JsonNode second = preview.get("records").get(1);
        assertThat(second.get("key").asText()).isEqualTo("2");
        assertThat(second.get("value").get("score").asText()).isEqualTo("Infinity");

        JsonNode p = preview.get("schema").get("properties");
        assertThat(p.get("id").toString()).isEqualTo("{\"type\":\"integer\",\"description\":\"int4\"}");
        assertThat(p.get("small").toString()).isEqualTo("{\"type\":\"integer\",\"description\":\"int2\"}");
        assertThat(p.get("big").get("type").toString()).isEqualTo("[\"integer\",\"null\"]");
        assertThat(p.get("amount").get("type").toString()).isEqualTo("[\"number\",\"null\"]");
        assertThat(p.get("ratio").get("anyOf")).hasSize(3);
        assertThat(p.get("score").get("anyOf")).hasSize(3);
        assertThat(p.get("flag").get("type").toString()).isEqualTo("[\"boolean\",\"null\"]");
        assertThat(p.get("note").get("type").toString()).isEqualTo("[\"string\",\"null\"]");
        assertThat(p.get("day").get("format").asText()).isEqualTo("date");
        assertThat(p.get("at_time").has("pattern")).isTrue();
        assertThat(p.get("at").has("pattern")).isTrue();
        assertThat(p.get("at_tz").get("format").asText()).isEqualTo("date-time");
        assertThat(p.get("at_timetz").get("format").asText()).isEqualTo("time");
        assertThat(p.get("bin").get("contentEncoding").asText()).isEqualTo("base64");
        assertThat(p.get("uid").toString()).isEqualTo("{\"type\":[\"string\",\"null\"],\"description\":\"uuid\"}");
        assertThat(p.get("doc").toString()).isEqualTo("{\"type\":[\"string\",\"null\"],\"description\":\"text\"}");
        assertThat(p.get("tags").toString()).isEqualTo("{\"type\":[\"array\",\"null\"],\"description\":\"_int4\"}");
        for (JsonNode r : preview.get("records")) {
            SchemaCheck.assertValid(preview.get("schema"), r.get("value"));
        }

        CliRun endless = describe("endless", "--rows=3");
        assertThat(endless.exit()).as(endless.out()).isEqualTo(Cli.OK);
        assertThat(endless.out()).contains("3 record(s), the first 3 of more.")
                .contains("Record 3\n  key:     3\n  headers: (none)\n  value:   {\"id\":3,\"x\":0}");
    }
}
