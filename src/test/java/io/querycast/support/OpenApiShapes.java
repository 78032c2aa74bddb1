package io.querycast.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Compares real answers of the API with the schemas {@code /api/openapi.json} declares for them: every key an answer
 * holds must be a property of its schema (objects, lists and maps, recursively), and {@link #assertEverySeen} checks
 * that the answers seen held every property a schema names. The schema of an answer is the one of the status code
 * it came with: a code the operation does not document fails.
 */
public final class OpenApiShapes {

    private static final String PREFIX = "#/components/schemas/";
    private static final Set<String> SCALARS = Set.of("string", "integer", "number", "boolean");

    private final JsonNode doc;
    private final Map<String, Set<String>> seen = new TreeMap<>();

    public OpenApiShapes(JsonNode doc) {
        this.doc = doc;
    }

    public JsonNode operation(String path, String method) {
        JsonNode op = doc.path("paths").path(path).path(method.toLowerCase(java.util.Locale.ROOT));
        assertThat(op.isObject()).as("%s %s in the OpenAPI document", method, path).isTrue();
        return op;
    }

    /** The JSON schema of an operation's answer with that status code. */
    public JsonNode response(String path, String method, int status) {
        JsonNode responses = operation(path, method).path("responses");
        JsonNode schema = responses.path(String.valueOf(status)).path("content").path("application/json").path("schema");
        assertThat(schema.isObject()).as("%s %s documents a JSON body for status %d; it documents %s", method, path, status,
                names(responses)).isTrue();
        return schema;
    }

    /** The JSON schema of an operation's request body. */
    public JsonNode request(String path, String method) {
        JsonNode schema = operation(path, method).path("requestBody").path("content").path("application/json").path("schema");
        assertThat(schema.isObject()).as("%s %s documents its JSON request body", method, path).isTrue();
        return schema;
    }

    /** Checks an answer against the schema of its status code. */
    public void checkAnswer(String path, String method, int status, JsonNode body) {
        check(response(path, method, status), body, method + " " + path + " (" + status + ")");
    }

    /** Every key of {@code value} is a property of {@code schema}, recursively; the keys are remembered per schema. */
    public void check(JsonNode schema, JsonNode value, String where) {
        String name = null;
        if (schema.has("$ref")) {
            name = refName(schema.get("$ref").asText());
            schema = component(name);
        }
        if (value == null || value.isNull() || value.isMissingNode()) {
            return;
        }
        String type = schema.path("type").isTextual() ? schema.path("type").asText() : null;
        if ((value.isObject() || value.isArray()) && type != null && SCALARS.contains(type)) {
            fail("%s: the answer holds %s where the schema%s says %s", where, value.isObject() ? "an object" : "a list",
                    name == null ? "" : " " + name, type);
        }
        if (value.isObject()) {
            JsonNode properties = schema.get("properties");
            if (properties != null) {
                Set<String> keys = name == null ? new TreeSet<>() : seen.computeIfAbsent(name, n -> new TreeSet<>());
                for (Map.Entry<String, JsonNode> field : value.properties()) {
                    if (!properties.has(field.getKey())) {
                        fail("%s: the handler writes '%s', which schema %s does not name; it names %s", where, field.getKey(),
                                name, names(properties));
                    }
                    keys.add(field.getKey());
                    check(properties.get(field.getKey()), field.getValue(), where + "." + field.getKey());
                }
            } else if (name != null && !name.endsWith("Object")) {
                // a record of the API that its schema generator could not read
                fail("%s: schema %s has no properties: %s", where, name, schema);
            } else if (schema.path("additionalProperties").isObject()) {
                for (Map.Entry<String, JsonNode> field : value.properties()) {
                    check(schema.get("additionalProperties"), field.getValue(), where + "[" + field.getKey() + "]");
                }
            }
        } else if (value.isArray() && schema.path("items").isObject()) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), where + "[" + i + "]");
            }
        }
    }

    /**
     * The answers checked so far held every property schema {@code simpleName} names, but those {@code conditional}
     * (written only in cases the caller says it did not produce).
     */
    public void assertEverySeen(String simpleName, String... conditional) {
        String name = schemaName(simpleName);
        Set<String> expected = new TreeSet<>(names(component(name).get("properties")));
        List.of(conditional).forEach(c -> assertThat(expected).as("%s names %s", name, c).contains(c));
        List.of(conditional).forEach(expected::remove);
        assertThat(seen.getOrDefault(name, Set.of())).as("the properties of %s that real answers held", name).containsAll(expected);
    }

    /** A reference to the component schema of that simple name, to {@link #check} a part of an answer with. */
    public JsonNode ref(String simpleName) {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("$ref", PREFIX + schemaName(simpleName));
    }

    /** The property names of a component schema. */
    public Set<String> properties(String simpleName) {
        return names(component(schemaName(simpleName)).get("properties"));
    }

    /** The component's name in the document: Camel keeps the class's simple name behind its outer class's. */
    public String schemaName(String simpleName) {
        List<String> matching = new ArrayList<>();
        doc.path("components").path("schemas").fieldNames().forEachRemaining(n -> {
            if (n.equals(simpleName) || n.endsWith("_" + simpleName) || n.endsWith("." + simpleName) || n.endsWith("$" + simpleName)) {
                matching.add(n);
            }
        });
        assertThat(matching).as("schemas named %s", simpleName).hasSize(1);
        return matching.get(0);
    }

    public static String refName(String ref) {
        assertThat(ref).startsWith(PREFIX);
        return ref.substring(PREFIX.length());
    }

    private JsonNode component(String name) {
        JsonNode schema = doc.path("components").path("schemas").path(name);
        assertThat(schema.isObject()).as("schema %s in components", name).isTrue();
        return schema;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> out = new TreeSet<>();
        if (object != null) {
            object.fieldNames().forEachRemaining(out::add);
        }
        return out;
    }
}
