package io.querycast.message;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.querycast.query.JsonText;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Base64;

/**
 * One value as text, by the same rules as its JSON in a message (without the JSON quoting): exact decimals
 * with every digit and the column's scale, dates and times in ISO-8601, binary as base64, non-finite floats
 * as {@code NaN}/{@code Infinity}, JSON columns as their JSON text, arrays as a JSON array. For files (CSV
 * fields, XLSX text cells), so a value reads the same in a file as on a topic.
 */
public final class ValueText {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private ValueText() {
    }

    /** @return null for SQL NULL */
    public static String of(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof JsonText json) {
            return json.text();
        }
        if (v instanceof byte[] b) {
            return Base64.getEncoder().encodeToString(b);
        }
        String temporal = RowJsonWriter.temporalText(v);
        if (temporal != null) {
            return temporal;
        }
        if (v instanceof Object[] array) {
            StringWriter out = new StringWriter();
            try (JsonGenerator g = JSON.createGenerator(out)) {
                RowJsonWriter.writeValue(g, array);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString();
        }
        if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Float || v instanceof Double) {
            // Jackson writes these with Java's own toString: the same digits as in a message
            return v.toString();
        }
        throw new IllegalArgumentException("no text mapping for " + v.getClass().getName());
    }
}
