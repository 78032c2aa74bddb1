package io.querycast.message;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;

/**
 * {@code envelope: wrapped}: the row's JSON object goes under {@code data}, next to a {@code metadata} block
 * (the integration plan's Appendix A):
 * {@code {"data": {...}, "metadata": {"source": {"system", "version", "connection", "query"}, "timestamp",
 * "processing": {"extracted_at", "published_at", "latency_ms"}}}}. The row is written once, by
 * {@link RowJsonWriter}, and copied in as bytes: wrapping costs no second serialisation.
 */
public final class WrappedEnvelope {

    /** {@code metadata.source.system}: the system that produced the record. */
    public static final String SYSTEM = "querycast";
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final byte[] DATA = "{\"data\":".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final ExportMetadata metadata;
    private final Instant extractedAt;
    private final Clock clock;

    /**
     * @param extractedAt when the run's query started: the moment the rows are read as of
     * @param clock       gives each record's {@code published_at}
     */
    public WrappedEnvelope(ExportMetadata metadata, Instant extractedAt, Clock clock) {
        this.metadata = metadata;
        // milliseconds, as latency_ms: finer digits would only be noise in every record
        this.extractedAt = extractedAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        this.clock = clock;
    }

    /** Querycast's version as the jar's manifest says it; {@code dev} when run from classes. */
    public static String version() {
        String v = WrappedEnvelope.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    public byte[] wrap(byte[] data) {
        Instant published = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        ByteArrayBuilder buffer = new ByteArrayBuilder(data.length + 400);
        buffer.write(DATA, 0, DATA.length);
        buffer.write(data, 0, data.length);
        try (JsonGenerator g = JSON.createGenerator(buffer, JsonEncoding.UTF8)) {
            // continues the object opened above: the generator writes the rest as a field sequence of its own
            g.writeRaw(',');
            g.writeRaw("\"metadata\":");
            g.writeStartObject();
            g.writeObjectFieldStart("source");
            g.writeStringField("system", SYSTEM);
            g.writeStringField("version", version());
            g.writeStringField("connection", metadata.sourceConnection());
            g.writeStringField("query", metadata.sourceQuery());
            g.writeEndObject();
            g.writeStringField("timestamp", metadata.exportTimestamp());
            g.writeObjectFieldStart("processing");
            g.writeStringField("extracted_at", extractedAt.toString());
            g.writeStringField("published_at", published.toString());
            g.writeNumberField("latency_ms", Math.max(0, published.toEpochMilli() - extractedAt.toEpochMilli()));
            g.writeEndObject();
            g.writeEndObject();
            g.writeRaw('}');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] out = buffer.toByteArray();
        buffer.release();
        return out;
    }

    /** The JSON Schema of a wrapped value, around the schema of the row's object ({@link ValueSchema}). */
    public static ObjectNode schema(ObjectNode data) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode schema = f.objectNode();
        schema.set("$schema", data.remove("$schema"));
        schema.set("title", data.remove("title"));
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        properties.set("data", data);
        ObjectNode meta = properties.putObject("metadata");
        meta.put("type", "object");
        ObjectNode mp = meta.putObject("properties");
        ObjectNode source = mp.putObject("source");
        source.put("type", "object");
        ObjectNode sp = source.putObject("properties");
        sp.putObject("system").put("const", SYSTEM);
        sp.putObject("version").put("type", "string");
        sp.putObject("connection").put("type", "string");
        sp.putObject("query").put("type", "string");
        source.putArray("required").add("system").add("version").add("connection").add("query");
        source.put("additionalProperties", false);
        mp.putObject("timestamp").put("type", "string").put("pattern", ValueSchema.LOCAL_DATE_TIME);
        ObjectNode processing = mp.putObject("processing");
        processing.put("type", "object");
        ObjectNode pp = processing.putObject("properties");
        pp.putObject("extracted_at").put("type", "string").put("format", "date-time");
        pp.putObject("published_at").put("type", "string").put("format", "date-time");
        pp.putObject("latency_ms").put("type", "integer").put("minimum", 0);
        processing.putArray("required").add("extracted_at").add("published_at").add("latency_ms");
        processing.put("additionalProperties", false);
        meta.putArray("required").add("source").add("timestamp").add("processing");
        meta.put("additionalProperties", false);
        schema.putArray("required").add("data").add("metadata");
        schema.put("additionalProperties", false);
        return schema;
    }
}
