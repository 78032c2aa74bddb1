package io.querycast.output;

import io.querycast.job.JobOutput;
import io.querycast.query.ResultColumns;
import io.querycast.query.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The temporary file, its rename without replacing, and what the writers refuse rather than cut. */
class OutputFileTest {

    @TempDir
    Path dir;

    private static void write(OutputFile file, String text) throws Exception {
        try (OutputStream out = file.open()) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theFileHasItsNameOnlyOnceComplete() throws Exception {
        OutputFile file = OutputFile.create(dir, "a.csv", JobOutput.Compression.NONE, false, "run-1");
        write(file, "x\r\n");
        assertThat(names()).containsExactly(".a.csv.run-1.part");
        assertThat(file.commit()).isEqualTo(dir.resolve("a.csv"));
        assertThat(names()).containsExactly("a.csv");
        assertThat(Files.readString(dir.resolve("a.csv"))).isEqualTo("x\r\n");
    }

    @Test
    void anExistingFileFailsBeforeAnythingIsWritten() throws Exception {
        Files.writeString(dir.resolve("a.csv"), "theirs");
        assertThatThrownBy(() -> OutputFile.create(dir, "a.csv", JobOutput.Compression.NONE, false, "run-1"))
                .isInstanceOf(OutputException.class).hasMessageContaining("exists already and output.overwrite is false");
        assertThat(names()).containsExactly("a.csv");
        assertThat(Files.readString(dir.resolve("a.csv"))).isEqualTo("theirs");
    }

    @Test
    void aFileThatAppearsWhileWritingIsNotReplacedAndTheRunsFileIsKept() throws Exception {
        OutputFile file = OutputFile.create(dir, "a.csv", JobOutput.Compression.NONE, false, "run-1");
        write(file, "ours");
        Files.writeString(dir.resolve("a.csv"), "theirs");
        OutputException e = catchThrowableOfType(file::commit, OutputException.class);
        assertThat(e).hasMessageContaining("appeared while this run wrote").hasMessageContaining(dir.resolve(".a.csv.run-1.part").toString());
        file.abandon();
        assertThat(Files.readString(dir.resolve("a.csv"))).isEqualTo("theirs");
        assertThat(Files.readString(dir.resolve(".a.csv.run-1.part"))).isEqualTo("ours");
    }

    @Test
    void overwriteReplacesInOneRename() throws Exception {
        Files.writeString(dir.resolve("a.csv"), "old");
        OutputFile file = OutputFile.create(dir, "a.csv", JobOutput.Compression.NONE, true, "run-1");
        write(file, "new");
        file.commit();
        assertThat(names()).containsExactly("a.csv");
        assertThat(Files.readString(dir.resolve("a.csv"))).isEqualTo("new");
    }

    @Test
    void abandonRemovesTheUnfinishedFile() throws Exception {
        OutputFile file = OutputFile.create(dir, "a.csv", JobOutput.Compression.GZIP, false, "run-1");
        write(file, "half");
        file.abandon();
        assertThat(names()).isEmpty();
        assertThat(file.target()).isEqualTo(dir.resolve("a.csv.gz"));
    }

    @Test
    void aNameOutsideTheDirectoryIsRefusedAtRunTimeToo() {
        for (String name : List.of("../a.csv", "sub/a.csv", "..", "")) {
            assertThatThrownBy(() -> OutputFile.create(dir, name, JobOutput.Compression.NONE, false, "r"))
                    .as(name).isInstanceOf(OutputException.class).hasMessageStartingWith("output.file_name: ");
        }
    }

    @Test
    void xlsxRefusesToCutATextLongerThanACellHolds() throws Exception {
        ResultColumns columns = new ResultColumns(List.of("ID", "DOC"), List.of("INTEGER", "CLOB"));
        try (XlsxRowWriter writer = new XlsxRowWriter(new ByteArrayOutputStream(), "j")) {
            writer.start(columns.names());
            writer.write(new Row(columns, new Object[] {1, "short"}));
            assertThatThrownBy(() -> writer.write(new Row(columns, new Object[] {2, "x".repeat(XlsxRowWriter.MAX_TEXT + 1)})))
                    .hasMessageStartingWith("column DOC, row 2: 32768 characters, more than the 32767 an XLSX cell holds; nothing is cut");
        }
    }

    @Test
    void csvQuotesOnlyWhatNeedsIt() throws Exception {
        ResultColumns columns = new ResultColumns(List.of("A", "B;C"), List.of("VARCHAR", "VARCHAR"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvRowWriter writer = new CsvRowWriter(out, new JobOutput.Csv(';', true, false));
        writer.start(columns.names());
        writer.write(new Row(columns, new Object[] {"plain", "with \"quote\""}));
        writer.write(new Row(columns, new Object[] {"a;b", "cr\rlf\n"}));
        writer.write(new Row(columns, new Object[] {null, ""}));
        writer.finish();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("A;\"B;C\"\r\nplain;\"with \"\"quote\"\"\"\r\n\"a;b\";\"cr\rlf\n\"\r\n;\"\"\r\n");
    }
}
