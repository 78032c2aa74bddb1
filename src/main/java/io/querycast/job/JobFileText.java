package io.querycast.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A job as the API receives it (a JSON object of the job file's own fields, {@code docs/configuration.md})
 * written as the YAML job file integrators edit: the fields in the order of the documentation, every other
 * field kept as given (so the reader names it, with its "did you mean"). Placeholders are refused: an API
 * caller must not be able to have {@code ${ANY_ENV}} resolved into a field the API shows back.
 */
public final class JobFileText {

    /** Where known fields go in the file; a field not listed (a newer one) follows them in the order given. */
    static final List<String> ORDER = List.of("id", "description", "enabled", "query", "db_connection", "schedule", "timezone",
            "parameters", "kafka_connection", "topic", "key_column", "batch_size", "include_metadata", "lowercase_columns",
            "json_columns", "progress_every", "max_redeliveries", "redelivery_delay_ms", "max_retries", "retry_backoff_ms", "dead_letter_topic", "success_threshold",
            "misfire_policy", "misfire_grace_s", "recover", "email_notification",
            "mode", "incrementing_column", "timestamp_column", "bound", "safety_lag_s", "overlap_s", "overlap_ids",
            "key_columns", "key_separator", "envelope", "steps", "exactly_once");

    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private JobFileText() {
    }

    /**
     * @param fileName the file's name; {@code id:} is written only when the id is not that name
     * @param comment  the first line(s) of the file, without '#'
     * @throws IllegalArgumentException when the body is not an object of fields, or holds a placeholder
     */
    public static String render(JsonNode body, String jobId, String fileName, String comment) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object of the job file's fields (docs/configuration.md)");
        }
        JsonNode id = body.get("id");
        if (id != null && !id.isNull() && !id.asText().equals(jobId)) {
            throw new IllegalArgumentException("field 'id' is '" + id.asText() + "', the request is for job '" + jobId + "'");
        }
        refusePlaceholders("", body);
        ObjectNode out = YAML.createObjectNode();
        String baseName = fileName.replaceFirst("\\.[^.]+$", "");
        if (!baseName.equals(jobId)) {
            out.put("id", jobId);
        }
        for (String field : ORDER) {
            JsonNode v = body.get(field);
            if (v != null && !field.equals("id") && !v.isNull()) {
                out.set(field, v);
            }
        }
        Iterator<Map.Entry<String, JsonNode>> it = body.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!ORDER.contains(e.getKey()) && !e.getValue().isNull()) {
                out.set(e.getKey(), e.getValue());
            }
        }
        try {
            StringBuilder text = new StringBuilder();
            comment.lines().forEach(l -> text.append("# ").append(l).append('\n'));
            return text.append(YAML.writeValueAsString(out)).toString();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the job cannot be written as YAML: " + e.getOriginalMessage());
        }
    }

    private static void refusePlaceholders(String path, JsonNode node) {
        if (node.isTextual() && node.asText().contains("${")) {
            throw new IllegalArgumentException("field '" + path + "': placeholders (${...}) can only be written into the job file by hand;"
                    + " the API writes values as they are");
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> refusePlaceholders(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue()));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                refusePlaceholders(path + "[" + i + "]", node.get(i));
            }
        }
    }
}
