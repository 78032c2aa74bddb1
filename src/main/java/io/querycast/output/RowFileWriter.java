package io.querycast.output;

import io.querycast.query.Row;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** Writes a result's rows into one file's format as they come: nothing but the current row is held. */
interface RowFileWriter extends Closeable {

    /** Called once, before the first row (and for an empty result too). */
    void start(List<String> columnNames) throws IOException;

    void write(Row row) throws IOException;

    /** Writes what the format keeps until the end (XLSX's workbook); the stream is closed by the caller. */
    void finish() throws IOException;

    /** Frees what the writer holds (temporary files) whether or not it finished. */
    @Override
    default void close() throws IOException {
    }
}
