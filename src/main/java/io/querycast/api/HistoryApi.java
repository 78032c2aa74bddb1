package io.querycast.api;

import io.querycast.api.ApiJson.Reply;
import io.querycast.run.RunHistory;
import io.querycast.run.RunHistory.RunQuery;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import org.apache.camel.Exchange;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code /api/history}: recorded runs, filtered, newest first; one run by id. */
public final class HistoryApi {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;
    static final int MAX_OFFSET = 1_000_000;

    private final ApiJson api;
    private final RunHistory history;

    public HistoryApi(ApiJson api, RunHistory history) {
        this.api = api;
        this.history = history;
    }

    public void search(Exchange exchange) {
        api.respond(exchange, e -> {
            RunQuery q = new RunQuery(
                    ApiJson.query(e, "job"),
                    status(ApiJson.query(e, "status")),
                    ApiJson.query(e, "mode"),
                    instant("from", ApiJson.query(e, "from")),
                    instant("to", ApiJson.query(e, "to")),
                    limit(ApiJson.query(e, "limit")),
                    offset(ApiJson.query(e, "offset")));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("runs", history.search(q).stream().map(r -> view(r, api)).toList());
            body.put("offset", q.offset());
            body.put("limit", q.limit());
            return Reply.ok(body);
        });
    }

    public void get(Exchange exchange) {
        api.respond(exchange, e -> {
            String id = ApiJson.header(e, "runId");
            return Reply.ok(history.find(id == null ? "" : id).map(r -> view(r, api))
                    .orElseThrow(() -> ApiException.notFound("unknown run '" + id + "'")));
        });
    }

    private static RunStatus status(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return RunStatus.valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("status must be one of " + Arrays.toString(RunStatus.values()) + ", got '" + raw + "'");
        }
    }

    /** An ISO-8601 instant ({@code 2026-11-26T10:00:00Z}, with offset) or a date (UTC midnight). */
    static Instant instant(String name, String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(raw).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw ApiException.badRequest(name + " must be an ISO-8601 date or date-time with offset, e.g. 2026-11-26 or 2026-11-26T10:00:00Z; got '" + raw + "'");
            }
        }
    }

    private static int limit(String raw) {
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.badRequest("limit must be a whole number between 1 and " + MAX_LIMIT + ", got '" + raw + "'");
    }

    private static int offset(String raw) {
        if (raw == null) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(raw.trim());
            if (offset >= 0 && offset <= MAX_OFFSET) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.badRequest("offset must be a whole number between 0 and " + MAX_OFFSET + ", got '" + raw + "'");
    }

    /** A run as the API shows it; its error text masked again (runs recorded before masking, or elsewhere). */
    static Map<String, Object> view(RunRecord r, ApiJson api) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("run_id", r.runId());
        v.put("job", r.jobId());
        v.put("status", r.status().toString());
        v.put("trigger", r.trigger().toString());
        v.put("instance", r.instanceId());
        v.put("due_at", r.dueAt());
        v.put("mode", r.exportMode());
        v.put("query", r.queryFile());
        v.put("db_connection", r.dbConnection());
        v.put("kafka_connection", r.kafkaConnection());
        v.put("topic", r.topic());
        v.put("parameters", api.redact(r.parameters()));
        v.put("started_at", r.startedAt());
        v.put("finished_at", r.finishedAt());
        v.put("rows_read", r.rowsRead());
        v.put("sent", r.sent());
        v.put("failed", r.failed());
        v.put("dead_lettered", r.deadLettered());
        v.put("skipped", r.skipped());
        v.put("bytes", r.bytes());
        v.put("duration_ms", r.duration().toMillis());
        v.put("kafka_ms", r.kafkaDuration().toMillis());
        v.put("error", api.redact(r.error()));
        return v;
    }
}
