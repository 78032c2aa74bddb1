package io.querycast.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What changed between two versions of a job file, field by field, with values as written (placeholders
 * unresolved: an audit record never holds what {@code ${ENV}} stands for). Nested fields are dotted
 * ({@code email_notification.recipients}); lists compare whole.
 */
public final class JobFieldDiff {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One field: before or after is null when the field was added or removed. */
    public record Change(String field, String before, String after) {
    }

    private JobFieldDiff() {
    }

    /** @param before the old file's text, or null for a new file; @param after the new one, or null for a removal */
    public static List<Change> between(String before, String after) {
        Map<String, String> a = flatten(before);
        Map<String, String> b = flatten(after);
        Set<String> fields = new LinkedHashSet<>(a.keySet());
        fields.addAll(b.keySet());
        List<Change> changes = new ArrayList<>();
        for (String f : fields) {
            String x = a.get(f);
            String y = b.get(f);
            if (x == null ? y != null : !x.equals(y)) {
                changes.add(new Change(f, x, y));
            }
        }
        return changes;
    }

    static Map<String, String> flatten(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (java.io.IOException e) {
            // a file that is not YAML at all: its text is the one "field" that changed
            out.put("(file)", text.length() > 2000 ? text.substring(0, 2000) + "…" : text);
            return out;
        }
        if (root != null && root.isObject()) {
            flatten("", root, out);
        } else if (root != null) {
            out.put("(file)", root.toString());
        }
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = prefix + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                flatten(name + ".", v, out);
            } else {
                out.put(name, v.isValueNode() ? v.asText() : v.toString());
            }
        }
    }
}
