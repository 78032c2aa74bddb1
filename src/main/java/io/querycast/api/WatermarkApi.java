package io.querycast.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.querycast.api.ApiJson.Reply;
import io.querycast.feed.Position;
import io.querycast.feed.WatermarkChange;
import io.querycast.feed.Watermarks;
import io.querycast.job.ExportJob;
import io.querycast.job.JobCatalog;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/jobs/{id}/watermark}: an incremental job's watermark (viewer), set or reset it ({@code PUT}),
 * rewind it to a value or a time, or confirm it after the query changed ({@code POST}, operator). Every change is
 * audited with who, when, old and new, and shown in the answer.
 */
public final class WatermarkApi {

    private static final Logger LOG = LoggerFactory.getLogger(WatermarkApi.class);
    private static final Set<String> VALUE_FIELDS = Set.of("last_id", "last_timestamp");
    private static final Set<String> REWIND_FIELDS = Set.of("last_id", "last_timestamp", "to_time");

    private final ApiJson api;
    private final JobCatalog jobs;
    private final Watermarks watermarks;

    public WatermarkApi(ApiJson api, JobCatalog jobs, Watermarks watermarks) {
        this.api = api;
        this.jobs = jobs;
        this.watermarks = watermarks;
    }

    public void get(Exchange exchange) {
        api.respond(exchange, e -> Reply.ok(view(feedJob(e))));
    }

    public void set(Exchange exchange) {
        api.respond(exchange, e -> {
            ExportJob job = feedJob(e);
            Position to = position(ApiJson.body(e, false), job, VALUE_FIELDS);
            Position old = current(job);
            watermarks.set(job, to, ApiCaller.name(e));
            LOG.info("API: watermark of job {} {} by {}: {} -> {}", job.id(), to.isStart() ? "reset" : "set", ApiCaller.name(e), old, to);
            return Reply.ok(view(job));
        });
    }

    public void rewind(Exchange exchange) {
        api.respond(exchange, e -> {
            ExportJob job = feedJob(e);
            Position to = position(ApiJson.body(e, false), job, REWIND_FIELDS);
            Position old = current(job);
            try {
                watermarks.rewind(job, to, ApiCaller.name(e));
            } catch (IllegalArgumentException ex) {
                throw new ApiException(409, ex.getMessage());
            }
            LOG.info("API: watermark of job {} rewound by {}: {} -> {}", job.id(), ApiCaller.name(e), old, to);
            return Reply.ok(view(job));
        });
    }

    public void confirm(Exchange exchange) {
        api.respond(exchange, e -> {
            ExportJob job = feedJob(e);
            JsonNode body = ApiJson.body(e, true);
            if (body.size() > 0) {
                throw ApiException.badRequest("the body is empty or {}: confirm keeps the watermark as it is, for the current query");
            }
            if (watermarks.state(job) != Watermarks.State.NEEDS_CONFIRMATION) {
                throw new ApiException(409, "job '" + job.id() + "': nothing to confirm, its query did not change since the watermark was stored");
            }
            watermarks.confirm(job, ApiCaller.name(e));
            LOG.info("API: watermark of job {} confirmed for its changed query by {}: {}", job.id(), ApiCaller.name(e), current(job));
            return Reply.ok(view(job));
        });
    }

    private Position current(ExportJob job) {
        return watermarks.find(job).map(w -> w.position()).orElse(Position.START);
    }

    private ExportJob feedJob(Exchange e) {
        String id = ApiJson.header(e, "id");
        ExportJob job = jobs.find(id == null ? "" : id).orElseThrow(() -> ApiException.notFound("unknown job '" + id + "'"));
        if (!job.feed().incremental()) {
            throw new ApiException(409, "job '" + job.id() + "' has mode bulk: it exports its whole result every run and has no watermark");
        }
        return job;
    }

    private Map<String, Object> view(ExportJob job) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("job", job.id());
        v.putAll(watermarks.view(job));
        v.put("sql_hash", Map.of("current", watermarks.currentHash(job),
                "stored", watermarks.find(job).map(w -> w.sqlHash()).orElse("")));
        List<Map<String, Object>> changes = watermarks.changes(job, 20).stream().map(WatermarkApi::change).toList();
        v.put("changes", changes);
        return v;
    }

    private static Map<String, Object> change(WatermarkChange c) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("action", c.action());
        v.put("by", c.changedBy());
        v.put("at", c.changedAt());
        v.put("old", Map.of("last_id", String.valueOf(c.oldPosition().id()), "last_timestamp", String.valueOf(c.oldPosition().timestampText())));
        v.put("new", Map.of("last_id", String.valueOf(c.newPosition().id()), "last_timestamp", String.valueOf(c.newPosition().timestampText())));
        return v;
    }

    /** The position a body names, checked against the job's mode; no field (or all null) is the start. */
    private static Position position(JsonNode body, ExportJob job, Set<String> allowed) {
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("unknown field '" + name + "'; the fields are " + new java.util.TreeSet<>(allowed));
            }
        }
        ExportJob.Feed feed = job.feed();
        Long id = null;
        JsonNode idNode = body.get("last_id");
        if (idNode != null && !idNode.isNull()) {
            if (!idNode.isIntegralNumber() || !idNode.canConvertToLong()) {
                throw ApiException.badRequest("'last_id' must be a whole number (or null)");
            }
            if (!feed.usesId()) {
                throw ApiException.badRequest("job '" + job.id() + "' has mode " + feed.mode() + ": it has no last_id");
            }
            id = idNode.longValue();
        }
        Object ts = null;
        JsonNode tsNode = body.get("last_timestamp");
        JsonNode timeNode = body.get("to_time");
        if (tsNode != null && !tsNode.isNull() && timeNode != null && !timeNode.isNull()) {
            throw ApiException.badRequest("give last_timestamp or to_time, not both");
        }
        if (tsNode != null && !tsNode.isNull()) {
            ts = timestamp(tsNode, "last_timestamp", job);
        } else if (timeNode != null && !timeNode.isNull()) {
            ts = timestamp(timeNode, "to_time", job);
            if (!(ts instanceof OffsetDateTime)) {
                throw ApiException.badRequest("'to_time' is an instant with its offset, e.g. 2026-12-01T08:00:00Z");
            }
            // to a time: every row from that time on comes again, whatever its id
            id = null;
        }
        if (feed.mode() == ExportJob.FeedMode.TIMESTAMP_INCREMENTING && id != null && ts == null) {
            throw ApiException.badRequest("job '" + job.id() + "' has mode timestamp+incrementing: a last_id needs its last_timestamp");
        }
        return new Position(ts, id);
    }

    private static Object timestamp(JsonNode node, String field, ExportJob job) {
        if (!node.isTextual()) {
            throw ApiException.badRequest("'" + field + "' must be an ISO-8601 date-time string");
        }
        if (!job.feed().usesTimestamp()) {
            throw ApiException.badRequest("job '" + job.id() + "' has mode " + job.feed().mode() + ": it has no timestamp");
        }
        try {
            Object ts = Position.parseTimestamp(node.asText());
            if (ts == null) {
                throw ApiException.badRequest("'" + field + "' must not be empty");
            }
            return ts instanceof LocalDateTime || ts instanceof OffsetDateTime ? ts : null;
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("'" + field + "' is not an ISO-8601 date-time (e.g. 2026-12-01T08:00:00 or 2026-12-01T08:00:00Z): "
                    + e.getParsedString());
        }
    }
}
