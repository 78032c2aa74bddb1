package io.querycast.message;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.querycast.query.JsonText;
import io.querycast.query.ResultColumns;
import io.querycast.query.Row;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.format.DateTimeFormatter;

/**
 * Writes a {@link Row} as one JSON object, streaming straight from the row's values (no intermediate
 * Map or tree). Type rules: exact decimals as JSON numbers, dates and times in ISO-8601, binary as
 * base64, NULL as null with the field kept, non-finite floats as strings, JSON columns embedded as JSON
 * values (checked first when the database stores them as written) or as strings ({@link JsonColumns}).
 */
public final class RowJsonWriter {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    /**
     * Checks JSON column text before it is embedded. Jackson's default limits (nesting 1000 deep, numbers of
     * 1000 digits, strings of 20 M chars) are lower than PostgreSQL's; the check only tokenizes, so values
     * PostgreSQL accepted pass without being turned into numbers or trees.
     */
    private static final JsonFactory CHECK = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(100_000).maxNumberLength(Integer.MAX_VALUE).maxStringLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE).build())
            .build();

    private static final SerializableString METADATA_FIELD = new SerializedString("_metadata");

    /** Quoted and UTF-8 encoded once: escaping every name of every row again was a share of the JSON's CPU. */
    private final SerializableString[] names;
    private final ResultColumns columns;
    /** The {@code _metadata} object, the same for every row of a run: written once, copied as bytes into each. */
    private final SerializableString metadata;
    private final JsonColumns jsonColumns;

    /**
     * @param columns   the result's columns
     * @param lowercase write column names in lower case
     * @param metadata  the {@code _metadata} block, or null to leave it out
     */
    public RowJsonWriter(ResultColumns columns, boolean lowercase, ExportMetadata metadata) {
        this(columns, lowercase, metadata, JsonColumns.EMBED);
    }

    /** @param jsonColumns whether JSON columns are embedded as JSON values or written as strings */
    public RowJsonWriter(ResultColumns columns, boolean lowercase, ExportMetadata metadata, JsonColumns jsonColumns) {
        ResultColumns named = lowercase ? columns.lowerCased() : columns;
        this.names = named.names().stream().map(SerializedString::new).toArray(SerializableString[]::new);
        this.columns = columns;
        this.metadata = metadata == null ? null : new SerializedString(metadataObject(metadata));
        this.jsonColumns = jsonColumns;
    }

    /**
     * @throws InvalidJsonColumnException when a JSON column to embed holds text that is not valid JSON: nothing
     *         is embedded unchecked, so a record is never broken JSON
     */
    public byte[] write(Row row) {
        if (jsonColumns == JsonColumns.EMBED) {
            for (int i = 0; i < names.length; i++) {
                String invalid = invalidJson(row.value(i));
                if (invalid != null) {
                    throw new InvalidJsonColumnException("column " + columns.names().get(i) + " (" + columns.typeNames().get(i)
                            + ") holds text that is not valid JSON (" + invalid + "); this letter has it as a string"
                            + " (json_columns: string sends such values as strings)", write(row, true));
                }
            }
        }
        return write(row, jsonColumns == JsonColumns.STRING);
    }

    private byte[] write(Row row, boolean jsonAsStrings) {
        ByteArrayBuilder buffer = new ByteArrayBuilder(512);
        try (JsonGenerator g = JSON.createGenerator(buffer, JsonEncoding.UTF8)) {
            writeObject(g, row, jsonAsStrings, new char[IsoText.MAX_LENGTH]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] out = buffer.toByteArray();
        buffer.release();
        return out;
    }

    private void writeObject(JsonGenerator g, Row row, boolean jsonAsStrings, char[] scratch) throws IOException {
        g.writeStartObject();
        for (int i = 0; i < names.length; i++) {
            g.writeFieldName(names[i]);
            writeValue(g, row.value(i), jsonAsStrings, scratch);
        }
        if (metadata != null) {
            g.writeFieldName(METADATA_FIELD);
            g.writeRawValue(metadata);
        }
        g.writeEndObject();
    }

    private static String metadataObject(ExportMetadata metadata) {
        java.io.StringWriter out = new java.io.StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("source_query", metadata.sourceQuery());
            g.writeStringField("source_connection", metadata.sourceConnection());
            g.writeStringField("export_timestamp", metadata.exportTimestamp());
            g.writeStringField("export_id", metadata.exportId());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A writer for the rows of one chunk: one generator and one buffer for all of them, not one per row. */
    public Chunk chunk() {
        return new Chunk();
    }

    /**
     * Writes the rows of one chunk (one thread) with a single {@link JsonGenerator}: making a generator and its
     * buffers per row was a tenth of the export's CPU (docs/performance.md). Same output as {@link #write(Row)}.
     */
    public final class Chunk {

        private final ByteArrayBuilder buffer = new ByteArrayBuilder(4096);
        private final char[] scratch = new char[IsoText.MAX_LENGTH];
        private JsonGenerator generator;

        /** @throws InvalidJsonColumnException as {@link RowJsonWriter#write(Row)} */
        public byte[] write(Row row) {
            if (jsonColumns == JsonColumns.EMBED) {
                for (int i = 0; i < names.length; i++) {
                    if (invalidJson(row.value(i)) != null) {
                        // the rare row with a broken JSON column: the one-row path says why
                        return RowJsonWriter.this.write(row);
                    }
                }
            }
            try {
                if (generator == null) {
                    generator = JSON.createGenerator(buffer, JsonEncoding.UTF8);
                    // one generator writes many root-level objects: nothing between them
                    generator.setRootValueSeparator(null);
                }
                writeObject(generator, row, jsonColumns == JsonColumns.STRING, scratch);
                generator.flush();
                return buffer.toByteArray();
            } catch (IOException | RuntimeException e) {
                // a value with no JSON mapping left the generator mid-object: the next row gets a new one
                generator = null;
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            } finally {
                buffer.reset();
            }
        }
    }

    /** The text a temporal value has in JSON, for record keys; null when the value is no date or time. */
    public static String temporalText(Object v) {
        if (v instanceof LocalDate d) {
            return DateTimeFormatter.ISO_LOCAL_DATE.format(d);
        } else if (v instanceof LocalDateTime t) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
        } else if (v instanceof OffsetDateTime t) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
        } else if (v instanceof OffsetTime t) {
            return DateTimeFormatter.ISO_OFFSET_TIME.format(t);
        } else if (v instanceof LocalTime t) {
            return DateTimeFormatter.ISO_LOCAL_TIME.format(t);
        }
        return null;
    }

    /** @return why a JSON value to embed (also inside an array) is not valid JSON, or null when it is */
    private static String invalidJson(Object v) {
        if (v instanceof JsonText json && !json.wellFormed()) {
            return check(json.text());
        }
        if (v instanceof Object[] array) {
            for (Object e : array) {
                String invalid = invalidJson(e);
                if (invalid != null) {
                    return invalid;
                }
            }
        }
        return null;
    }

    /** Exactly one JSON value, then nothing but whitespace. */
    static String check(String text) {
        try (JsonParser p = CHECK.createParser(text)) {
            if (p.nextToken() == null) {
                return "no value";
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                return "more than one value, the second at line " + p.currentTokenLocation().getLineNr()
                        + ", column " + p.currentTokenLocation().getColumnNr();
            }
            return null;
        } catch (JsonParseException e) {
            return e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    static void writeValue(JsonGenerator g, Object v) throws IOException {
        writeValue(g, v, false, new char[IsoText.MAX_LENGTH]);
    }

    /** @param scratch room for a date's text ({@link IsoText#MAX_LENGTH} chars), reused from value to value */
    private static void writeValue(JsonGenerator g, Object v, boolean jsonAsStrings, char[] scratch) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof JsonText json) {
            if (jsonAsStrings) {
                g.writeString(json.text());
            } else {
                // checked by write(Row) unless the database produced it from its parsed form (jsonb)
                g.writeRawValue(json.text());
            }
        } else if (v instanceof BigDecimal d) {
            if (d.scale() == 0 && d.precision() < 19) {
                // the common NUMBER(n) key or count: Jackson writes a long's digits without making a String
                g.writeNumber(d.longValue());
            } else {
                // raw text keeps every digit and the database's scale: 1234567890.123456789 stays so
                g.writeNumber(d.toPlainString());
            }
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Float f) {
            if (f.isNaN() || f.isInfinite()) {
                g.writeString(f.toString());
            } else {
                g.writeNumber(f);
            }
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                g.writeString(d.toString());
            } else {
                g.writeNumber(d);
            }
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof LocalDate d) {
            g.writeString(scratch, 0, IsoText.localDate(d, scratch));
        } else if (v instanceof LocalDateTime t) {
            g.writeString(scratch, 0, IsoText.localDateTime(t, scratch));
        } else if (v instanceof OffsetDateTime t) {
            g.writeString(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t));
        } else if (v instanceof OffsetTime t) {
            g.writeString(DateTimeFormatter.ISO_OFFSET_TIME.format(t));
        } else if (v instanceof LocalTime t) {
            g.writeString(DateTimeFormatter.ISO_LOCAL_TIME.format(t));
        } else if (v instanceof byte[] b) {
            g.writeBinary(b);
        } else if (v instanceof Object[] array) {
            g.writeStartArray();
            for (Object e : array) {
                writeValue(g, e, jsonAsStrings, scratch);
            }
            g.writeEndArray();
        } else {
            throw new IllegalArgumentException("no JSON mapping for " + v.getClass().getName());
        }
    }
}
