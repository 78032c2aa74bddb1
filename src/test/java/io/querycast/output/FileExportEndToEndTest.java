package io.querycast.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.querycast.QuerycastApplication;
import io.querycast.run.JobLauncher;
import io.querycast.run.RunHistory;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.run.Trigger;
import io.querycast.support.RunAwaiter;
import io.querycast.support.TestUsers;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * File and mailed exports through the real route (routes/templates/export-file.yaml): Quartz trigger, camel-sql
 * streaming from H2 in chunks of 3 rows, the file written under a temporary name and renamed, a real SMTPS
 * server (GreenMail, authenticated) for the mails. Every value case of the table (dates before Excel's epoch,
 * decimals of 19 digits, quotes, separators and line breaks in text, unicode, empty strings and NULLs) is
 * checked byte for byte in CSV and cell by cell in XLSX, re-read with POI. No Kafka broker at all.
 */
class FileExportEndToEndTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final String SMTP_PASSWORD = "smtp-Files-Secret-7";
    static final ObjectMapper JSON = new ObjectMapper();

    static final String HEADER = "ID;D;TS;TSMS;TSTZ;T;AMOUNT;PRICE;QTY;BIG;RATIO;FLAG;NOTE;BIN\r\n";
    static final String ROWS_SEMICOLON = ""
            + "1;2026-01-16;2026-01-16T08:15:00.123456;2026-01-16T08:15:00.25;2026-01-16T08:15:00+01:00;08:15:30;1234567890.123456789;12.50;42;"
            + "9007199254740993;0.5;true;\"say \"\"hi\"\", then; go\";3q2+7w==\r\n"
            + "2;1899-12-31;2026-02-28T23:59:59;2026-02-28T23:59:59;2026-02-28T23:59:59-05:30;00:00:00;-0.000000001;0.00;-7;123456789012345;"
            + "-1.25;false;\"line one\r\nline two\nZoë – 東京 😀\";\"\"\r\n"
            + "3;;;;;;;;;;;;\"\";\r\n"
            + "4;;;;;;;;;;;;;\r\n";

    /** The same rows with the default separator: only the field holding a ';' stays quoted as it was. */
    static final String ROWS_COMMA = ROWS_SEMICOLON.replace("\"say \"\"hi\"\", then; go\"", "NOTE1").replace(';', ',')
            .replace("NOTE1", "\"say \"\"hi\"\", then; go\"");

    static Path dir;
    static Path unwritable;
    static GreenMail mail;
    static ConfigurableApplicationContext app;
    static RunHistory history;
    static JobLauncher launcher;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("qc-files");
        unwritable = Files.createTempDirectory("qc-files-ro");
        Files.setPosixFilePermissions(unwritable, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (Files.isWritable(unwritable)) {
            // root writes into any directory: sysfs refuses new files even to root
            unwritable = Path.of("/sys");
        }
        int smtps;
        try (ServerSocket free = new ServerSocket(0)) {
            smtps = free.getLocalPort();
        }
        com.icegreen.greenmail.util.ServerSetup smtpsSetup = ServerSetupTest.SMTPS.withPort(smtps);
        // a loaded machine takes longer than GreenMail's default 2 s to open the port
        smtpsSetup.setServerStartupTimeout(30_000);
        mail = new GreenMail(smtpsSetup);
        mail.setUser("querycast@test.local", "exports", SMTP_PASSWORD);
        mail.start();
        app = new SpringApplicationBuilder(QuerycastApplication.class).run(
                "--server.port=0",
                "--querycast.connections-file=src/test/config/files/connections.yaml",
                "--querycast.jobs-dir=src/test/config/files/jobs",
                "--querycast.queries-dir=src/test/queries",
                "--QC_FILES_DIR=" + dir,
                "--QC_FILES_UNWRITABLE=" + unwritable,
                "--QC_FILES_SMTPS_PORT=" + smtps,
                "--QC_FILES_SMTP_PASSWORD=" + SMTP_PASSWORD,
                "--querycast.mail.retry-backoff=100ms");
        history = app.getBean(RunHistory.class);
        launcher = app.getBean(JobLauncher.class);
        port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (mail != null) {
            mail.stop();
        }
    }

    static RunRecord run(String job) {
        return RunAwaiter.awaitFinished(history, launcher.runNow(job, Trigger.MANUAL, Map.of()), WAIT);
    }

    static void assertSucceeded(RunRecord run, String mode) {
        assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(RunStatus.SUCCESS);
        assertThat(run.exportMode()).isEqualTo(mode);
        assertThat(run.rowsRead()).isEqualTo(4);
        assertThat(run.sent()).isEqualTo(4);
        assertThat(run.failed()).isZero();
    }

    static List<Path> filesIn(Path d) throws Exception {
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }

    // --- filesystem -----------------------------------------------------------------------------------------

    @Test
    void csvKeepsEveryValueExactlyWithSeparatorBomAndHeader() throws Exception {
        RunRecord run = run("files-csv");
        assertSucceeded(run, "filesystem");
        Path file = Path.of(run.output().file());
        assertThat(file.getParent()).isEqualTo(dir.resolve("csv"));
        assertThat(file.getFileName().toString()).isEqualTo("file-types-" + LocalDate.now().toString().replace("-", "") + "-" + run.runId() + ".csv");
        byte[] bytes = Files.readAllBytes(file);
        assertThat(run.bytes()).isEqualTo(bytes.length);
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        assertThat(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8)).isEqualTo(HEADER + ROWS_SEMICOLON);
        // nothing but the file: the temporary one is gone
        assertThat(filesIn(dir.resolve("csv"))).containsExactly(file);
        // the history keeps it after the run left memory too
        assertThat(history.find(run.runId()).orElseThrow().output().file()).isEqualTo(file.toString());
    }

    @Test
    void existingFileIsNeverOverwrittenAndTheRunSaysSo() throws Exception {
        RunRecord first = run("files-plain");
        assertSucceeded(first, "filesystem");
        Path file = dir.resolve("plain").resolve("fixed.csv");
        assertThat(first.output().file()).isEqualTo(file.toString());
        String expected = HEADER.replace(';', ',').toLowerCase() + ROWS_COMMA;
        assertThat(Files.readString(file)).isEqualTo(expected);
        Files.writeString(file, "the operator's own copy");

        RunRecord second = run("files-plain");
        assertThat(second.status()).isEqualTo(RunStatus.FAILED);
        assertThat(second.error()).contains("output file " + file + " exists already and output.overwrite is false")
                .contains("nothing was exported");
        assertThat(second.sent()).isZero();
        assertThat(second.rowsRead()).isZero();
        assertThat(Files.readString(file)).isEqualTo("the operator's own copy");
        assertThat(filesIn(dir.resolve("plain"))).containsExactly(file);
    }

    @Test
    void gzipWithoutHeader() throws Exception {
        RunRecord run = run("files-gzip");
        assertSucceeded(run, "filesystem");
        Path file = Path.of(run.output().file());
        assertThat(file.getFileName().toString()).isEqualTo("files-gzip-" + run.runId() + ".csv.gz");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(ROWS_COMMA);
        }
    }

    @Test
    void xlsxHasRealNumberAndDateCellsAndTextWhereExcelWouldLoseDigits() throws Exception {
        RunRecord run = run("files-xlsx");
        assertSucceeded(run, "filesystem");
        Path file = Path.of(run.output().file());
        assertThat(file.getFileName().toString()).isEqualTo("file-types-" + run.runId() + ".xlsx");
        try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(file))) {
            assertXlsx(book);
        }
    }

    static void assertXlsx(XSSFWorkbook book) {
        assertThat(book.getNumberOfSheets()).isEqualTo(1);
        Sheet sheet = book.getSheetAt(0);
        assertThat(sheet.getLastRowNum()).isEqualTo(4);
        List<String> header = new ArrayList<>();
        sheet.getRow(0).forEach(c -> header.add(c.getStringCellValue()));
        assertThat(String.join(";", header) + "\r\n").isEqualTo(HEADER);

        Row r1 = sheet.getRow(1);
        assertNumber(r1.getCell(0), 1, "General");
        assertDate(r1.getCell(1), LocalDateTime.of(2026, 1, 16, 0, 0), "yyyy-mm-dd");
        // microseconds: Excel keeps milliseconds, so the exact text
        assertText(r1.getCell(2), "2026-01-16T08:15:00.123456");
        assertDate(r1.getCell(3), LocalDateTime.of(2026, 1, 16, 8, 15, 0, 250_000_000), "yyyy-mm-dd hh:mm:ss.000");
        // no time zone in Excel: the ISO text with its offset
        assertText(r1.getCell(4), "2026-01-16T08:15:00+01:00");
        assertNumber(r1.getCell(5), (8 * 3600 + 15 * 60 + 30) / 86400.0, "hh:mm:ss");
        // 19 significant digits: more than Excel's 15
        assertText(r1.getCell(6), "1234567890.123456789");
        assertNumber(r1.getCell(7), 12.5, "0.00");
        assertNumber(r1.getCell(8), 42, "General");
        assertText(r1.getCell(9), "9007199254740993");
        assertNumber(r1.getCell(10), 0.5, "General");
        assertThat(r1.getCell(11).getCellType()).isEqualTo(CellType.BOOLEAN);
        assertThat(r1.getCell(11).getBooleanCellValue()).isTrue();
        assertText(r1.getCell(12), "say \"hi\", then; go");
        assertText(r1.getCell(13), "3q2+7w==");

        Row r2 = sheet.getRow(2);
        // before 1900 Excel has no date
        assertText(r2.getCell(1), "1899-12-31");
        assertDate(r2.getCell(2), LocalDateTime.of(2026, 2, 28, 23, 59, 59), "yyyy-mm-dd hh:mm:ss");
        assertNumber(r2.getCell(6), -0.000000001, "0.000000000");
        assertNumber(r2.getCell(7), 0, "0.00");
        assertNumber(r2.getCell(9), 123456789012345.0, "0");
        assertText(r2.getCell(12), "line one\r\nline two\nZoë – 東京 😀");
        assertText(r2.getCell(13), "");

        Row r3 = sheet.getRow(3);
        assertText(r3.getCell(12), "");
        for (int i = 1; i < 12; i++) {
            assertThat(r3.getCell(i)).as("NULL is no cell, column " + i).isNull();
        }
        Row r4 = sheet.getRow(4);
        assertThat(r4.getCell(12)).isNull();
        assertNumber(r4.getCell(0), 4, "General");
    }

    static void assertNumber(Cell c, double value, String format) {
        assertThat(c.getCellType()).as(c.getAddress() + " type").isEqualTo(CellType.NUMERIC);
        assertThat(c.getNumericCellValue()).as(c.getAddress() + " value").isEqualTo(value);
        assertThat(c.getCellStyle().getDataFormatString()).as(c.getAddress() + " format").isEqualTo(format);
    }

    static void assertDate(Cell c, LocalDateTime value, String format) {
        assertThat(c.getCellType()).as(c.getAddress() + " type").isEqualTo(CellType.NUMERIC);
        assertThat(DateUtil.isCellDateFormatted(c)).as(c.getAddress() + " is a date").isTrue();
        assertThat(c.getLocalDateTimeCellValue()).as(c.getAddress() + " value").isEqualTo(value);
        assertThat(c.getCellStyle().getDataFormatString()).as(c.getAddress() + " format").isEqualTo(format);
    }

    static void assertText(Cell c, String value) {
        assertThat(c.getCellType()).as(c.getAddress() + " type").isEqualTo(CellType.STRING);
        assertThat(c.getStringCellValue()).as(c.getAddress() + " value").isEqualTo(value);
    }

    @Test
    void unwritableDirectoryFailsTheRunWithTheReason() {
        RunRecord run = run("files-unwritable");
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.exportMode()).isEqualTo("filesystem");
        assertThat(run.error()).contains("output directory " + unwritable + " is not writable").contains("AccessDeniedException");
        assertThat(run.rowsRead()).isZero();
        assertThat(run.output().file()).isNull();
    }

    // --- email ------------------------------------------------------------------------------------------------

    /** The mail of a run, found by the Message-ID the run recorded; its subject must be {@code subject}. */
    static MimeMessage awaitMail(RunRecord run, String subject) throws Exception {
        MimeMessage m = await().atMost(WAIT).until(() -> Stream.of(mail.getReceivedMessages())
                .filter(r -> run.output().messageId().equals(messageIdOf(r))).findFirst().orElse(null), r -> r != null);
        assertThat(m.getSubject()).isEqualTo(subject);
        return m;
    }

    static String messageIdOf(MimeMessage m) {
        try {
            return m.getMessageID();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body text and the attachments (name -> bytes) of a received mail. */
    record Received(String text, Map<String, byte[]> attachments, Map<String, String> types) {
    }

    static Received parts(MimeMessage m) throws Exception {
        Object content = m.getContent();
        if (content instanceof String s) {
            return new Received(s.replace("\r\n", "\n"), Map.of(), Map.of());
        }
        Multipart multipart = (Multipart) content;
        StringBuilder text = new StringBuilder();
        Map<String, byte[]> attachments = new java.util.LinkedHashMap<>();
        Map<String, String> types = new java.util.LinkedHashMap<>();
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.getFileName() != null) {
                try (InputStream in = part.getInputStream()) {
                    attachments.put(part.getFileName(), in.readAllBytes());
                }
                types.put(part.getFileName(), part.getContentType());
            } else {
                // the wire has CRLF line ends: the body as written has LF
                text.append(part.getContent().toString().replace("\r\n", "\n"));
            }
        }
        return new Received(text.toString(), attachments, types);
    }

    @Test
    void emailAttachesTheCsvByteForByteAndRecordsTheMessageId() throws Exception {
        RunRecord run = run("files-mail-csv");
        assertSucceeded(run, "email");
        Path file = Path.of(run.output().file());
        assertThat(run.output().messageId()).isNotBlank();

        MimeMessage m = awaitMail(run, "Orders " + LocalDate.now() + ": 4 rows");
        assertThat(m.getAllRecipients()).extracting(Object::toString).containsExactly("finance@test.local");
        Received received = parts(m);
        String name = file.getFileName().toString();
        assertThat(received.attachments()).containsOnlyKeys(name);
        byte[] expected = (HEADER.replace(';', ',') + ROWS_COMMA).getBytes(StandardCharsets.UTF_8);
        assertThat(received.attachments().get(name)).isEqualTo(expected).isEqualTo(Files.readAllBytes(file));
        assertThat(received.types().get(name)).startsWith("text/csv");
        assertThat(received.text()).isEqualTo("Hello,\n\nrun " + run.runId() + " of files-mail-csv wrote 4 rows.\nAttached: " + name
                + " (" + expected.length + " B).\n");
        assertThat(history.find(run.runId()).orElseThrow().output().messageId()).isEqualTo(m.getMessageID());
    }

    @Test
    void emailZipsALargerXlsxAndTheZipHoldsTheSameWorkbook() throws Exception {
        RunRecord run = run("files-mail-xlsx");
        assertSucceeded(run, "email");
        Path file = Path.of(run.output().file());
        MimeMessage m = awaitMail(run, "XLSX files-mail-xlsx");
        assertThat(m.getAllRecipients()).extracting(Object::toString).containsExactly("finance@test.local", "audit@test.local");
        Received received = parts(m);
        String zipName = file.getFileName() + ".zip";
        assertThat(received.attachments()).containsOnlyKeys(zipName);
        assertThat(received.types().get(zipName)).startsWith("application/zip");
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(received.attachments().get(zipName)))) {
            ZipEntry entry = zip.getNextEntry();
            assertThat(entry.getName()).isEqualTo(file.getFileName().toString());
            byte[] xlsx = zip.readAllBytes();
            assertThat(xlsx).isEqualTo(Files.readAllBytes(file));
            try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
                assertXlsx(book);
            }
            assertThat(zip.getNextEntry()).isNull();
        }
        // the zip was a temporary file: only the workbook stays in the directory
        assertThat(filesIn(dir.resolve("mail-xlsx"))).containsExactly(file);
    }

    @Test
    void emailOverTheHardLimitSendsTheLinkInstead() throws Exception {
        RunRecord run = run("files-mail-link");
        assertSucceeded(run, "email");
        Path file = Path.of(run.output().file());
        MimeMessage m = awaitMail(run, "Link files-mail-link");
        Received received = parts(m);
        assertThat(received.attachments()).isEmpty();
        assertThat(received.text()).contains("is too large to attach")
                .contains("https://files.test.local/exports/big%20" + run.runId() + ".csv");
        assertThat(Files.exists(file)).isTrue();
        assertThat(filesIn(dir.resolve("mail-link"))).containsExactly(file);
    }

    // --- history API ------------------------------------------------------------------------------------------

    @Test
    void historyFiltersByModeAndRefusesOtherModes() throws Exception {
        RunRecord file = run("files-gzip");
        RunRecord mailed = run("files-mail-csv");
        JsonNode fs = getJson("/api/history?mode=filesystem&limit=1000", 200);
        List<String> fsIds = new ArrayList<>();
        fs.get("runs").forEach(r -> {
            assertThat(r.get("mode").asText()).isEqualTo("filesystem");
            fsIds.add(r.get("run_id").asText());
        });
        assertThat(fsIds).contains(file.runId()).doesNotContain(mailed.runId());
        // the run's end reaches the store after RunAwaiter saw it in memory: ask until the store has it
        JsonNode mailedView = await().atMost(WAIT).until(() -> {
            JsonNode found = null;
            for (JsonNode r : getJson("/api/history?mode=email&limit=1000", 200).get("runs")) {
                assertThat(r.get("mode").asText()).isEqualTo("email");
                if (r.get("run_id").asText().equals(mailed.runId()) && !r.get("output_message_id").isNull()) {
                    found = r;
                }
            }
            return found;
        }, r -> r != null);
        assertThat(mailedView).isNotNull();
        assertThat(mailedView.get("output_file").asText()).isEqualTo(mailed.output().file());
        assertThat(mailedView.get("output_message_id").asText()).isEqualTo(mailed.output().messageId());
        assertThat(getJson("/api/history?mode=kafka", 200).get("runs")).isEmpty();
        assertThat(getJson("/api/history?mode=ftp", 400).toString()).contains("mode must be one of [kafka, filesystem, email]");
        assertThat(getJson("/api/history?mode=full", 400)).isNotNull();
    }

    JsonNode getJson(String path, int status) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(TestUsers.VIEWER.getBytes(StandardCharsets.UTF_8)))
                .GET().build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }
}
