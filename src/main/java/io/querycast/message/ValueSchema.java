package io.querycast.message;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.querycast.query.ColumnReader;

import java.util.List;

/**
 * The JSON Schema (draft 2020-12) of the record values a result becomes: one property per column, typed
 * by the column's {@link ColumnReader.Kind} as {@link RowJsonWriter} writes it (exact decimals as numbers,
 * ISO dates and times as strings, NaN and infinities as strings, binary as base64), null allowed unless
 * the database says the column is never NULL, and the {@code _metadata} block when the job adds it.
 * The switch over the kinds has no default, so a kind added to the mapping cannot be left out here.
 */
public final class ValueSchema {

    static final String LOCAL_DATE_TIME = "^-?\\d{4,}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?$";
    static final String LOCAL_TIME = "^\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?$";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** One column of the result, as the value names it (lower-cased when the job says so). */
    public record Column(String name, ColumnReader.Kind kind, String typeName, boolean nullable) {
    }

    private ValueSchema() {
    }

    /** @param jsonColumns whether JSON columns are embedded as JSON values or written as strings (the job's json_columns) */
    public static ObjectNode of(String title, List<Column> columns, boolean withMetadata, JsonColumns jsonColumns) {
        ObjectNode schema = JSON.objectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("title", title);
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = schema.putArray("required");
        for (Column c : columns) {
            properties.set(c.name(), column(c, jsonColumns));
            required.add(c.name());
        }
        if (withMetadata) {
            properties.set("_metadata", metadata());
            required.add("_metadata");
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    static ObjectNode column(Column c, JsonColumns jsonColumns) {
        ObjectNode s = JSON.objectNode();
        switch (c.kind()) {
            case BOOLEAN -> typed(s, "boolean", c.nullable());
            case INT, LONG -> typed(s, "integer", c.nullable());
            case DECIMAL -> {
                typed(s, "number", c.nullable());
                s.put("$comment", "exact: every digit and the column's scale are kept");
            }
            case FLOAT, DOUBLE -> {
                ArrayNode any = s.putArray("anyOf");
                any.addObject().put("type", "number");
                any.addObject().putArray("enum").add("NaN").add("Infinity").add("-Infinity");
                if (c.nullable()) {
                    any.addObject().put("type", "null");
                }
            }
            case STRING, TEXT, XML -> typed(s, "string", c.nullable());
            case SPATIAL -> typed(s, "string", c.nullable()).put("$comment", "well-known text (WKT)");
            case HIERARCHY_ID -> typed(s, "string", c.nullable()).put("$comment", "the hierarchyid path, e.g. /1/2/");
            case JSON -> {
                if (jsonColumns == JsonColumns.STRING) {
                    typed(s, "string", c.nullable()).put("contentMediaType", "application/json");
                } else {
                    s.put("$comment", "the column's JSON value, embedded as it is");
                }
            }
            case DATE -> typed(s, "string", c.nullable()).put("format", "date");
            case TIME -> typed(s, "string", c.nullable()).put("pattern", LOCAL_TIME);
            case TIMESTAMP -> typed(s, "string", c.nullable()).put("pattern", LOCAL_DATE_TIME);
            case TIMESTAMP_TZ, TIMESTAMP_LTZ -> typed(s, "string", c.nullable()).put("format", "date-time");
            case TIME_TZ -> typed(s, "string", c.nullable()).put("format", "time");
            case BYTES -> typed(s, "string", c.nullable()).put("contentEncoding", "base64");
            case ARRAY -> typed(s, "array", c.nullable());
            case OBJECT -> s.put("$comment", "the driver's value class decides the JSON type (docs/configuration.md#json-messages)");
        }
        s.put("description", c.typeName());
        return s;
    }

    private static ObjectNode typed(ObjectNode s, String type, boolean nullable) {
        if (nullable) {
            s.putArray("type").add(type).add("null");
        } else {
            s.put("type", type);
        }
        return s;
    }

    private static ObjectNode metadata() {
        ObjectNode m = JSON.objectNode();
        m.put("type", "object");
        ObjectNode p = m.putObject("properties");
        p.putObject("source_query").put("type", "string");
        p.putObject("source_connection").put("type", "string");
        p.putObject("export_timestamp").put("type", "string").put("pattern", LOCAL_DATE_TIME);
        p.putObject("export_id").put("type", "string");
        m.putArray("required").add("source_query").add("source_connection").add("export_timestamp").add("export_id");
        m.put("additionalProperties", false);
        return m;
    }
}
