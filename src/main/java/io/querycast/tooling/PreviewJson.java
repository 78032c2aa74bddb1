package io.querycast.tooling;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

/**
 * A preview as JSON, the same for {@code GET /api/jobs/{id}/preview} and {@code describe --json}. Each record
 * value is embedded as the exact bytes the job would send (raw JSON, so decimals keep every digit), not parsed
 * and written again.
 */
public final class PreviewJson {

    private PreviewJson() {
    }

    public static ObjectNode of(JobPreview.Result r) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("job", r.job().id());
        o.put("file", r.job().file());
        o.put("query", r.job().queryFile());
        o.put("db_connection", r.job().dbConnection());
        o.put("kafka_connection", r.job().kafkaConnection());
        o.put("topic", r.job().topic());
        o.put("dead_letter_topic", r.job().delivery().deadLetterTopic());
        o.put("dry_run", true);
        ObjectNode params = o.putObject("parameters");
        r.parameters().forEach(params::put);
        o.put("rows_limit", r.limit());
        o.put("rows", r.records().size());
        o.put("more", r.more());
        ArrayNode records = o.putArray("records");
        for (JobPreview.Record rec : r.records()) {
            ObjectNode n = records.addObject();
            n.put("row", rec.row());
            n.put("key", rec.key());
            ObjectNode headers = n.putObject("headers");
            rec.headers().forEach(headers::put);
            if (rec.value().startsWith("{")) {
                n.putRawValue("value", new RawValue(rec.value()));
            } else {
                // a row that cannot be written as JSON: the dead-letter topic gets its text
                n.put("value", rec.value());
            }
            n.put("dead_letter", rec.deadLetter());
        }
        o.set("schema", r.schema());
        ArrayNode warnings = o.putArray("warnings");
        r.warnings().forEach(warnings::add);
        return o;
    }
}
