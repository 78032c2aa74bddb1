package io.querycast.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.querycast.api.ApiJson.Reply;
import io.querycast.job.ExportJob;
import io.querycast.job.JobCatalog;
import io.querycast.replay.DeadLetterReplay;
import io.querycast.replay.ReplayFilter;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/replays} (operator): re-sends a job's chosen dead letters to its topic, as a run of its own
 * (trigger {@code replay}); body {@code {"job": "x", "run": "...", "from": "...", "to": "...", "reason": "..."}},
 * only {@code job} required. Answers once the replay is over, with its counts (docs/api.md#post-apireplays-operator).
 */
public final class ReplaysApi {

    private static final Logger LOG = LoggerFactory.getLogger(ReplaysApi.class);
    private static final Set<String> FIELDS = Set.of("job", "run", "from", "to", "reason");

    private final ApiJson api;
    private final JobCatalog jobs;
    private final DeadLetterReplay replay;

    public ReplaysApi(ApiJson api, JobCatalog jobs, DeadLetterReplay replay) {
        this.api = api;
        this.jobs = jobs;
        this.replay = replay;
    }

    public void replay(Exchange exchange) {
        api.respond(exchange, e -> {
            JsonNode body = ApiJson.body(e, false);
            for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!FIELDS.contains(name)) {
                    throw ApiException.badRequest("unknown field '" + name + "'; a replay takes " + new java.util.TreeSet<>(FIELDS));
                }
            }
            String jobId = text(body, "job");
            if (jobId == null) {
                throw ApiException.badRequest("job is required: the job whose dead-letter topic to replay");
            }
            ExportJob job = jobs.find(jobId).orElseThrow(() -> ApiException.notFound("unknown job '" + jobId + "'"));
            Instant from = instant(body, "from");
            Instant to = instant(body, "to");
            if (from != null && to != null && !from.isBefore(to)) {
                throw ApiException.badRequest("from must be before to");
            }
            ReplayFilter filter = new ReplayFilter(text(body, "run"), from, to, text(body, "reason"));
            DeadLetterReplay.Result result;
            try {
                result = replay.replay(job, filter);
            } catch (IllegalStateException ex) {
                throw new ApiException(502, "replay of job " + job.id() + ": " + ex.getMessage());
            }
            LOG.info("API: replay {} of job {}'s dead letters by {}: {} matched, {} sent", result.run().runId(), job.id(), ApiCaller.name(e),
                    result.matched(), result.run().sent());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("run_id", result.run().runId());
            out.put("job", job.id());
            out.put("trigger", result.run().trigger().toString());
            out.put("status", result.run().status().toString());
            out.put("dead_letter_topic", job.delivery().deadLetterTopic());
            out.put("topic", job.topic());
            out.put("filters", filter.description());
            out.put("letters_read", result.lettersRead());
            out.put("matched", result.matched());
            out.put("sent", result.run().sent());
            out.put("failed", result.run().failed());
            out.put("dead_lettered", result.run().deadLettered());
            out.put("skipped_truncated", result.truncated());
            out.put("other_topic", result.otherTopic());
            out.put("error", api.redact(result.run().error()));
            out.put("history", "/api/history/" + result.run().runId());
            return Reply.ok(out);
        });
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw ApiException.badRequest(field + " must be a non-empty string");
        }
        return v.asText();
    }

    private static Instant instant(JsonNode body, String field) {
        String text = text(body, field);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field + " must be an ISO-8601 instant such as 2026-12-01T08:00:00Z, got '" + text + "'");
        }
    }
}
