package io.querycast.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Checks a record value against the schema describe printed, for the keywords ValueSchema writes (type,
 * anyOf, enum, pattern, format date / date-time / time, contentEncoding base64, properties, required,
 * additionalProperties): the schema must describe what the export really sends.
 */
public final class SchemaCheck {

    private SchemaCheck() {
    }

    public static void assertValid(JsonNode schema, JsonNode value) {
        check(schema, value, "$");
    }

    private static void check(JsonNode s, JsonNode v, String path) {
        if (s.has("anyOf")) {
            for (JsonNode option : s.get("anyOf")) {
                try {
                    check(option, v, path);
                    return;
                } catch (AssertionError e) {
                    // try the next
                }
            }
            fail(path + ": " + v + " matches none of " + s.get("anyOf"));
        }
        if (s.has("const")) {
            assertThat(v).as(path).isEqualTo(s.get("const"));
        }
        if (s.has("enum")) {
            boolean found = false;
            for (JsonNode e : s.get("enum")) {
                found |= e.equals(v);
            }
            assertThat(found).as(path + ": " + v + " in " + s.get("enum")).isTrue();
        }
        if (s.has("type")) {
            JsonNode t = s.get("type");
            boolean ok = false;
            for (JsonNode type : t.isArray() ? t : java.util.List.of(t)) {
                ok |= is(type.asText(), v);
            }
            assertThat(ok).as(path + ": " + v + " is of type " + t).isTrue();
        }
        if (v.isTextual()) {
            String text = v.asText();
            if (s.has("pattern")) {
                assertThat(text).as(path).matches(s.get("pattern").asText());
            }
            if (s.has("format")) {
                switch (s.get("format").asText()) {
                    case "date" -> LocalDate.parse(text);
                    case "date-time" -> OffsetDateTime.parse(text);
                    case "time" -> OffsetTime.parse(text);
                    default -> fail(path + ": unexpected format " + s.get("format"));
                }
            }
            if (s.has("contentEncoding")) {
                Base64.getDecoder().decode(text);
            }
        }
        if (v.isObject() && s.has("properties")) {
            for (JsonNode r : s.get("required")) {
                assertThat(v.has(r.asText())).as(path + " has " + r).isTrue();
            }
            Iterator<Map.Entry<String, JsonNode>> fields = v.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                JsonNode p = s.get("properties").get(f.getKey());
                if (p == null) {
                    assertThat(s.path("additionalProperties").asBoolean(true)).as(path + "." + f.getKey() + " allowed").isTrue();
                } else {
                    check(p, f.getValue(), path + "." + f.getKey());
                }
            }
        }
    }

    private static boolean is(String type, JsonNode v) {
        return switch (type) {
            case "null" -> v.isNull();
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            case "array" -> v.isArray();
            case "object" -> v.isObject();
            default -> false;
        };
    }
}
