package io.querycast.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One YAML (or JSON, which is YAML) configuration file: its tree plus the line of every field, so
 * that errors found after parsing still point at the line to fix.
 */
public final class ConfigDocument {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String file;
    private final JsonNode root;
    private final Map<String, Integer> lines;
    private final PlaceholderResolver placeholders;

    private ConfigDocument(String file, JsonNode root, Map<String, Integer> lines, PlaceholderResolver placeholders) {
        this.file = file;
        this.root = root;
        this.lines = lines;
        this.placeholders = placeholders;
    }

    public static ConfigDocument read(Path path, String displayName, PlaceholderResolver placeholders) {
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw ConfigException.at(displayName, 0, null, "cannot read file: " + e.getMessage());
        }
        return parse(text, displayName, placeholders);
    }

    public static ConfigDocument parse(String text, String displayName, PlaceholderResolver placeholders) {
        try {
            JsonNode root = YAML.readTree(text);
            if (root == null || root.isMissingNode() || root.isNull()) {
                throw ConfigException.at(displayName, 0, null, "file is empty");
            }
            if (!root.isObject()) {
                throw ConfigException.at(displayName, 1, null, "expected a mapping of fields at the top level");
            }
            return new ConfigDocument(displayName, root, fieldLines(text), placeholders);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            // the parser quotes the offending source line, which may hold a literal password: keep only the problem
            String problem = e.getOriginalMessage().lines()
                    .filter(l -> !l.isBlank() && !l.startsWith(" in 'reader'") && !l.startsWith("    "))
                    .map(String::trim)
                    .collect(Collectors.joining("; "));
            throw ConfigException.at(displayName, loc == null ? 0 : loc.getLineNr(), null, "not valid YAML: " + problem,
                    "check that line and the one before: indentation by spaces (no tabs), a ':' and a space after each name,"
                    + " quotes around values holding ': ' or ' #' or starting with '{', '[', '*', '&' or '%'");
        } catch (IOException e) {
            throw ConfigException.at(displayName, 0, null, "not valid YAML: " + e.getMessage());
        }
    }

    /** Walks the tokens once and records the line of each field under its dotted path. */
    private static Map<String, Integer> fieldLines(String text) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        Deque<String> path = new ArrayDeque<>();
        Deque<Integer> arrayIndex = new ArrayDeque<>();
        try (JsonParser p = YAML.getFactory().createParser(text)) {
            String pendingField = null;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case FIELD_NAME -> {
                        pendingField = p.currentName();
                        String full = join(path, pendingField);
                        lines.putIfAbsent(full, p.currentLocation().getLineNr());
                    }
                    case START_OBJECT, START_ARRAY -> {
                        String segment = segmentFor(pendingField, arrayIndex, p);
                        if (segment != null) {
                            path.addLast(segment);
                        }
                        arrayIndex.push(t == JsonToken.START_ARRAY ? 0 : -1);
                        pendingField = null;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        arrayIndex.pop();
                        if (!path.isEmpty() && !arrayIndex.isEmpty()) {
                            path.removeLast();
                        }
                        advanceArray(arrayIndex);
                    }
                    default -> {
                        if (pendingField == null && !arrayIndex.isEmpty() && arrayIndex.peek() >= 0) {
                            lines.putIfAbsent(join(path, "[" + arrayIndex.peek() + "]"), p.currentLocation().getLineNr());
                            advanceArray(arrayIndex);
                        }
                        pendingField = null;
                    }
                }
            }
        }
        return lines;
    }

    private static String segmentFor(String pendingField, Deque<Integer> arrayIndex, JsonParser p) {
        if (arrayIndex.isEmpty()) {
            return null; // the root
        }
        if (pendingField != null) {
            return pendingField;
        }
        Integer idx = arrayIndex.peek();
        return idx != null && idx >= 0 ? "[" + idx + "]" : null;
    }

    private static void advanceArray(Deque<Integer> arrayIndex) {
        if (!arrayIndex.isEmpty() && arrayIndex.peek() >= 0) {
            arrayIndex.push(arrayIndex.pop() + 1);
        }
    }

    private static String join(Deque<String> path, String leaf) {
        StringBuilder sb = new StringBuilder();
        for (String s : path) {
            if (sb.length() > 0 && !s.startsWith("[")) {
                sb.append('.');
            }
            sb.append(s);
        }
        if (sb.length() > 0 && !leaf.startsWith("[")) {
            sb.append('.');
        }
        return sb.append(leaf).toString();
    }

    public ConfigNode root() {
        return new ConfigNode(this, "", root);
    }

    public String file() {
        return file;
    }

    /** The line of a dotted field path, 0 when the file does not have it. */
    public int lineOf(String path) {
        Integer line = lines.get(path);
        return line == null ? 0 : line;
    }

    PlaceholderResolver placeholders() {
        return placeholders;
    }
}
