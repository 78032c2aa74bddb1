package io.querycast.job;

import io.querycast.config.ConfigException;
import io.querycast.config.Connections;
import io.querycast.config.ConnectionsReader;
import io.querycast.config.PlaceholderResolver;
import io.querycast.query.QueryLibrary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The feed fields of a job file (mode, columns, bound, lag, overlap): defaults, and each mistake with file:line: field. */
class FeedFieldsReaderTest {

    @TempDir
    Path root;
    private Path jobs;
    private JobsReader reader;

    @BeforeEach
    void setUp() throws IOException {
        Path connectionsFile = Files.writeString(root.resolve("connections.yaml"), """
                databases:
                  pg:
                    url: jdbc:postgresql://localhost/db
                  mssql:
                    url: jdbc:sqlserver://localhost;databaseName=db
                kafka:
                  default:
                    bootstrap_servers: localhost:9092
                """);
        Path queries = Files.createDirectories(root.resolve("queries"));
        Files.writeString(queries.resolve("events.sql"), "SELECT id, k, updated_at FROM events\n");
        jobs = Files.createDirectories(root.resolve("jobs"));
        PlaceholderResolver placeholders = new PlaceholderResolver(Map.<String, String>of()::get);
        Connections connections = new ConnectionsReader(placeholders).read(connectionsFile);
        reader = new JobsReader(placeholders, connections, new QueryLibrary(queries));
    }

    private ExportJob read(String extra) throws IOException {
        return reader.read(Files.writeString(jobs.resolve("feed.yaml"), base("pg") + extra));
    }

    private String errorOf(String db, String extra) throws IOException {
        Path file = Files.writeString(jobs.resolve("feed.yaml"), base(db) + extra);
        Throwable t = catchThrowable(() -> reader.read(file));
        assertThat(t).isInstanceOf(ConfigException.class);
        return t.getMessage().replace(file.toString(), "feed.yaml");
    }

    private static String base(String db) {
        return """
                query: events.sql
                db_connection: %s
                schedule: "* * * * *"
                topic: events
                """.formatted(db);
    }

    @Test
    void aJobWithoutModeIsBulk() throws IOException {
        assertThat(read("").feed()).isEqualTo(ExportJob.Feed.BULK);
        assertThat(read("").feed().incremental()).isFalse();
    }

    @Test
    void everyModeWithItsColumnsAndTheLagFields() throws IOException {
        ExportJob.Feed inc = read("mode: incrementing\nincrementing_column: id\n").feed();
        assertThat(inc.mode()).isEqualTo(ExportJob.FeedMode.INCREMENTING);
        assertThat(inc.incrementingColumn()).isEqualTo("id");
        assertThat(inc.bound()).isEqualTo(ExportJob.FeedBound.AUTO);
        assertThat(inc.safetyLag()).isEqualTo(Duration.ofSeconds(10));
        ExportJob.Feed ts = read("mode: timestamp\ntimestamp_column: updated_at\nbound: lag\nsafety_lag_s: 30\noverlap_s: 120\n").feed();
        assertThat(ts.mode()).isEqualTo(ExportJob.FeedMode.TIMESTAMP);
        assertThat(ts.bound()).isEqualTo(ExportJob.FeedBound.LAG);
        assertThat(ts.safetyLag()).isEqualTo(Duration.ofSeconds(30));
        assertThat(ts.overlap()).isEqualTo(Duration.ofSeconds(120));
        ExportJob.Feed both = read("mode: timestamp+incrementing\ntimestamp_column: updated_at\nincrementing_column: id\noverlap_ids: 50\n").feed();
        assertThat(both.usesId()).isTrue();
        assertThat(both.usesTimestamp()).isTrue();
        assertThat(both.overlapIds()).isEqualTo(50);
    }

    @Test
    void anUnknownModeNamesItsLineAndTheValidOnes() throws IOException {
        assertThat(errorOf("pg", "mode: delta\n")).contains("feed.yaml:5: mode: 'delta' is not a mode")
                .contains("use bulk, incrementing, timestamp or timestamp+incrementing");
    }

    @Test
    void aMissingColumnIsNamedWithTheModeThatNeedsIt() throws IOException {
        assertThat(errorOf("pg", "mode: incrementing\n")).contains("feed.yaml:5: mode: incrementing needs incrementing_column");
        assertThat(errorOf("pg", "mode: timestamp+incrementing\nincrementing_column: id\n"))
                .contains("feed.yaml:5: mode: timestamp+incrementing needs timestamp_column");
        assertThat(errorOf("pg", "mode: timestamp\ntimestamp_column: updated_at\nincrementing_column: id\n"))
                .contains("feed.yaml:7: incrementing_column: does not apply to mode timestamp");
    }

    @Test
    void feedFieldsOnABulkJobAndColumnsThatAreNotPlainNamesAreRefused() throws IOException {
        assertThat(errorOf("pg", "timestamp_column: updated_at\n")).contains("feed.yaml:5: timestamp_column: only applies to an incremental job");
        assertThat(errorOf("pg", "mode: incrementing\nincrementing_column: \"id; DROP TABLE x\"\n"))
                .contains("incrementing_column: 'id; DROP TABLE x' is not a plain column name");
    }

    @Test
    void rowversionAndScnBoundsNeedTheirDatabase() throws IOException {
        assertThat(errorOf("pg", "mode: incrementing\nincrementing_column: id\nbound: rowversion\n"))
                .contains("feed.yaml:7: bound: rowversion needs a SQL Server database");
        assertThat(errorOf("pg", "mode: incrementing\nincrementing_column: id\nbound: scn\n")).contains("bound: scn needs an Oracle database");
        assertThat(errorOf("pg", "mode: incrementing\nincrementing_column: id\nbound: xmin\n")).contains("bound: 'xmin' is not one of [auto, lag, rowversion, scn]");
        ExportJob ok = reader.read(Files.writeString(jobs.resolve("feed.yaml"), base("mssql") + "mode: incrementing\nincrementing_column: rv\nbound: rowversion\n"));
        assertThat(ok.feed().bound()).isEqualTo(ExportJob.FeedBound.ROWVERSION);
    }
}
