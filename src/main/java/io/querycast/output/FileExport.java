package io.querycast.output;

import io.querycast.job.JobOutput;
import io.querycast.query.ResultColumns;
import io.querycast.query.Row;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One run's file while it is written: the file, its format's writer, and the rows written so far. The
 * format's header comes from the first row's columns (an empty result writes a file without one).
 */
final class FileExport {

    private final OutputFile file;
    private final JobOutput output;
    private final boolean lowercase;
    private final String sheetName;
    private OutputStream stream;
    private RowFileWriter writer;
    private long rows;

    FileExport(OutputFile file, JobOutput output, boolean lowercase, String sheetName) {
        this.file = file;
        this.output = output;
        this.lowercase = lowercase;
        this.sheetName = sheetName;
    }

    void write(List<Row> batch) throws IOException {
        for (Row row : batch) {
            if (writer == null) {
                start(row.columns());
            }
            if (row.problem() != null) {
                // a value that could not be read would be an empty cell: the file would lie about the row
                throw new OutputException("row " + (rows + 1) + " cannot be written: " + row.problem()
                        + "; nothing was exported (cast the column to a type Querycast reads, or leave it out)");
            }
            writer.write(row);
            rows++;
        }
    }

    private void start(ResultColumns columns) throws IOException {
        stream = file.open();
        writer = switch (output.format()) {
            case CSV -> new CsvRowWriter(stream, output.csv());
            case XLSX -> new XlsxRowWriter(stream, sheetName);
        };
        writer.start(columns == null ? List.of() : (lowercase ? columns.lowerCased() : columns).names());
    }

    /** Completes the file and gives it its name. */
    Path commit() throws IOException {
        if (writer == null) {
            start(null);
        }
        try {
            writer.finish();
            stream.close();
        } finally {
            writer.close();
        }
        return file.commit();
    }

    /** After a failure: what was written is removed (unless kept, see {@link OutputFile#commit}). */
    void abandon() {
        try {
            if (writer != null) {
                writer.close();
            }
            if (stream != null) {
                stream.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // the run's own error is the one to report
        }
        file.abandon();
    }

    long rows() {
        return rows;
    }

    Path target() {
        return file.target();
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
