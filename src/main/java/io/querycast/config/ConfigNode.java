package io.querycast.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A mapping inside a {@link ConfigDocument}, read field by field with typed accessors. Every error
 * names the file, the line and the dotted field path; {@code ${ENV}} placeholders are resolved on read.
 */
public final class ConfigNode {

    private final ConfigDocument doc;
    private final String path;
    private final JsonNode node;

    ConfigNode(ConfigDocument doc, String path, JsonNode node) {
        this.doc = doc;
        this.path = path;
        this.node = node;
    }

    public String path() {
        return path;
    }

    public String file() {
        return doc.file();
    }

    private String fieldPath(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    public ConfigException error(String field, String problem) {
        return error(field, problem, null);
    }

    /** @param fix what to do, when the problem text does not say it (shown by the start failure and {@code validate}) */
    public ConfigException error(String field, String problem, String fix) {
        String full = field == null ? path : fieldPath(field);
        int line = doc.lineOf(full);
        if (line == 0) {
            line = doc.lineOf(path);
        }
        return ConfigException.at(doc.file(), line, full, problem, fix);
    }

    public boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    /** Fails on fields nobody reads: a misspelt option must not be silently ignored. */
    public void rejectUnknown(Set<String> known) {
        rejectUnknown(known, Map.of());
    }

    /**
     * Fails naming every field nobody reads, each with the known name it was probably meant to be.
     *
     * @param aliases names other tools use for our fields (lower case), e.g. {@code kafka_topic -> topic}
     */
    public void rejectUnknown(Set<String> known, Map<String, String> aliases) {
        List<ConfigError> unknown = new ArrayList<>();
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                Optional<String> meant = FieldNames.closest(name, known, aliases);
                String problem = "unknown field; " + meant.map(m -> "did you mean `" + m + "`? ").orElse("")
                        + "valid fields here are " + new TreeSet<>(known);
                String fix = meant.map(m -> "rename it to `" + m + "`").orElse("remove it, or rename it to one of the valid fields");
                unknown.addAll(error(name, problem, fix).errors());
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException(unknown);
        }
    }

    public Optional<String> string(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isValueNode()) {
            throw error(field, "expected a single value, not a " + (v.isArray() ? "list" : "mapping"));
        }
        String resolved = resolve(field, v.asText());
        return resolved.isBlank() ? Optional.empty() : Optional.of(resolved);
    }

    public String requiredString(String field) {
        return string(field).orElseThrow(() -> error(field, "is required"));
    }

    public String string(String field, String defaultValue) {
        return string(field).orElse(defaultValue);
    }

    public int integer(String field, int defaultValue, int min, int max) {
        Optional<String> raw = string(field);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(raw.get().trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw error(field, "expected a whole number, got '" + raw.get() + "'");
        }
        if (value < min || value > max) {
            throw error(field, "must be between " + min + " and " + max + " (got " + value + ")");
        }
        return value;
    }

    public double decimal(String field, double defaultValue, double min, double max) {
        Optional<String> raw = string(field);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        double value;
        try {
            value = Double.parseDouble(raw.get().trim());
        } catch (NumberFormatException e) {
            throw error(field, "expected a number, got '" + raw.get() + "'");
        }
        if (!(value >= min && value <= max)) {
            throw error(field, "must be between " + min + " and " + max + " (got " + raw.get() + ")");
        }
        return value;
    }

    public boolean bool(String field, boolean defaultValue) {
        Optional<String> raw = string(field);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return switch (raw.get().trim().toLowerCase()) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error(field, "expected true or false, got '" + raw.get() + "'");
        };
    }

    public <E extends Enum<E>> E enumValue(String field, Class<E> type, E defaultValue) {
        Optional<String> raw = string(field);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        String wanted = raw.get().trim().toUpperCase().replace('-', '_');
        // enums spell their display form in toString(), e.g. SCRAM_SHA_256 -> SCRAM-SHA-256
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(wanted)) {
                return e;
            }
        }
        List<String> valid = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            valid.add(e.toString());
        }
        throw error(field, "'" + raw.get() + "' is not one of " + valid);
    }

    /** A mapping of plain values (e.g. free-form producer properties), placeholders resolved. */
    public Map<String, String> stringMap(String field) {
        JsonNode v = node.get(field);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isObject()) {
            throw error(field, "expected a mapping of name: value");
        }
        ConfigNode child = new ConfigNode(doc, fieldPath(field), v);
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode()) {
                throw child.error(e.getKey(), "expected a single value");
            }
            out.put(e.getKey(), e.getValue().isNull() ? null : child.resolve(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    /** A list of plain values (a single value counts as a list of one), placeholders resolved, blanks left out. */
    public List<String> stringList(String field) {
        JsonNode v = node.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isValueNode()) {
            string(field).ifPresent(out::add);
            return out;
        }
        if (!v.isArray()) {
            throw error(field, "expected a list of values");
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            String item = field + "[" + i + "]";
            if (!e.isValueNode()) {
                throw error(item, "expected a single value");
            }
            String resolved = e.isNull() ? null : resolve(item, e.asText());
            if (resolved != null && !resolved.isBlank()) {
                out.add(resolved.trim());
            }
        }
        return out;
    }

    public Optional<ConfigNode> child(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isObject()) {
            throw error(field, "expected a mapping of fields");
        }
        return Optional.of(new ConfigNode(doc, fieldPath(field), v));
    }

    /** The named mappings below {@code field}, e.g. {@code databases: {cdg: {...}, dwh: {...}}}. */
    public Map<String, ConfigNode> children(String field) {
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        Optional<ConfigNode> parent = child(field);
        if (parent.isEmpty()) {
            return out;
        }
        ConfigNode p = parent.get();
        Iterator<Map.Entry<String, JsonNode>> it = p.node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isObject()) {
                throw p.error(e.getKey(), "expected a mapping of fields");
            }
            out.put(e.getKey(), new ConfigNode(doc, p.fieldPath(e.getKey()), e.getValue()));
        }
        return out;
    }

    /**
     * A value that may be written as a list ({@code [a, b]}) or as one text ({@code "a,b"}), joined with
     * {@code separator}; placeholders resolved in each element.
     */
    public Optional<String> joinedList(String field, String separator) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || !v.isArray()) {
            return string(field);
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isValueNode() || e.isNull()) {
                throw error(field, "element " + (i + 1) + " of the list is not a single value");
            }
            String resolved = resolve(field, e.asText()).trim();
            if (!resolved.isEmpty()) {
                parts.add(resolved);
            }
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(separator, parts));
    }

    private String resolve(String field, String raw) {
        try {
            return doc.placeholders().resolve(raw);
        } catch (PlaceholderResolver.UnsetVariableException e) {
            throw error(field, e.getMessage(), "set the environment variable " + e.variable()
                    + " before starting, or give a default: ${" + e.variable() + ":value}");
        } catch (IllegalArgumentException e) {
            throw error(field, e.getMessage());
        }
    }
}
