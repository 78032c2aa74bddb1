package io.querycast.message;

import io.querycast.query.ResultColumns;
import io.querycast.query.Row;

/**
 * Turns the rows of one run into record values and keys. Built on the first chunk, when the result's
 * columns are known; a key column absent from the result is reported then, naming the columns there are.
 */
public final class RecordBuilder {

    private final RowJsonWriter writer;
    private final RecordKey key;
    private final WrappedEnvelope envelope;

    public RecordBuilder(ResultColumns columns, String keyColumn, boolean lowercase, ExportMetadata metadata, String context) {
        this(columns, keyColumn, lowercase, JsonColumns.EMBED, metadata, context);
    }

    public RecordBuilder(ResultColumns columns, String keyColumn, boolean lowercase, JsonColumns jsonColumns, ExportMetadata metadata,
                         String context) {
        this(columns, java.util.List.of(keyColumn), "|", lowercase, jsonColumns, metadata, null, context);
    }

    /**
     * @param keyColumns the key's columns, joined by {@code keySeparator} when there are several
     * @param metadata   the flat value's {@code _metadata} block, or null to leave it out; ignored when wrapped
     * @param envelope   wraps each value ({@code envelope: wrapped}); null: the value is the row's object (flat)
     */
    public RecordBuilder(ResultColumns columns, java.util.List<String> keyColumns, String keySeparator, boolean lowercase,
                         JsonColumns jsonColumns, ExportMetadata metadata, WrappedEnvelope envelope, String context) {
        this.key = new RecordKey(columns, keyColumns, keySeparator, context);
        this.envelope = envelope;
        this.writer = new RowJsonWriter(columns, lowercase, envelope == null ? metadata : null, jsonColumns);
    }

    /** @return the key as a string, or null when a key column is NULL in this row */
    public String key(Row row) {
        return key.of(row);
    }

    /** @throws InvalidJsonColumnException when a JSON column holds text that is not valid JSON (see {@link RowJsonWriter#write}) */
    public byte[] value(Row row) {
        byte[] data = writer.write(row);
        return envelope == null ? data : envelope.wrap(data);
    }

    /**
     * A row as the record it becomes: key, value, and why it cannot be sent as it is (a value that could not
     * be read or written as JSON, a NULL key), in which case it goes to the dead-letter topic.
     *
     * @param problem null when the record can be sent; else its value is the row's text
     */
    public record Built(String key, byte[] value, String problem) {
    }

    public Built build(Row row) {
        return build(row, null);
    }

    private byte[] wrapped(byte[] data) {
        return envelope == null ? data : envelope.wrap(data);
    }

    /** The rows of one chunk, written with one JSON generator ({@link RowJsonWriter.Chunk}). */
    public Chunk chunk() {
        return new Chunk(writer.chunk());
    }

    public final class Chunk {
        private final RowJsonWriter.Chunk json;

        private Chunk(RowJsonWriter.Chunk json) {
            this.json = json;
        }

        public Built build(Row row) {
            return RecordBuilder.this.build(row, json);
        }
    }

    private Built build(Row row, RowJsonWriter.Chunk chunk) {
        String key = key(row);
        String problem = row.problem();
        byte[] value;
        try {
            value = chunk == null ? value(row) : wrapped(chunk.write(row));
        } catch (RuntimeException e) {
            problem = "cannot be written as JSON: " + e.getMessage();
            value = e instanceof InvalidJsonColumnException invalid ? invalid.rowWithJsonAsStrings()
                    : row.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        if (problem == null && key == null) {
            problem = "key column " + this.key.nullColumn(row) + " is NULL";
        }
        return new Built(key, value, problem);
    }

    public String keyColumn() {
        return String.join(",", key.columns());
    }
}
