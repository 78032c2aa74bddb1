package io.querycast.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.querycast.api.ApiJson.Reply;
import io.querycast.config.ConfigError;
import io.querycast.config.ConfigErrors;
import io.querycast.config.ConnectionsReader;
import io.querycast.config.PlaceholderResolver;
import io.querycast.job.JobAudit;
import io.querycast.job.JobEditor;
import io.querycast.job.JobFieldDiff;
import io.querycast.job.JobFileText;
import io.querycast.job.JobReloader;
import io.querycast.job.JobsReader;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /api/jobs}, {@code PUT} and {@code DELETE /api/jobs/{id}}: job files written through the API,
 * checked as at start (400 with every mistake, file:line: field), against the caller's {@code If-Match}
 * (428 without one, 412 when stale), put in force between runs; {@code GET /api/jobs/{id}/audit}: who changed
 * the job, when, which fields; {@code POST /api/reload}: every job and query file read again, all or nothing.
 */
public final class JobEditApi {

    private static final Logger LOG = LoggerFactory.getLogger(JobEditApi.class);

    private final ApiJson api;
    private final JobEditor editor;
    private final JobReloader reloader;
    private final JobAudit audit;
    private final Clock clock;
    private final Path connectionsFile;
    private final String connectionsAtStart;
    private final PlaceholderResolver placeholders;

    public JobEditApi(ApiJson api, JobEditor editor, JobReloader reloader, JobAudit audit, Clock clock, Path connectionsFile,
                      PlaceholderResolver placeholders) {
        this.api = api;
        this.editor = editor;
        this.reloader = reloader;
        this.audit = audit;
        this.clock = clock;
        this.connectionsFile = connectionsFile;
        this.connectionsAtStart = io.querycast.job.JobFiles.read(connectionsFile);
        this.placeholders = placeholders;
    }

    public void create(Exchange exchange) {
        api.respond(exchange, e -> {
            JsonNode body = ApiJson.body(e, false);
            String id = ApiJson.requiredText(body, "id");
            checkId(id);
            String user = ApiCaller.name(e);
            String text = render(body, id, id + ".yaml", "POST /api/jobs", user);
            JobEditor.Written w = edit(() -> editor.create(id, text, user));
            LOG.info("API: job {} created by {} ({})", id, user, w.file());
            return new Reply(201, written(w)).with("ETag", w.etag()).with("Location", "/api/jobs/" + id);
        });
    }

    public void replace(Exchange exchange) {
        api.respond(exchange, e -> {
            String id = pathId(e);
            JsonNode body = ApiJson.body(e, false);
            String user = ApiCaller.name(e);
            JobEditor.Current now = editor.current(id).orElseThrow(() -> ApiException.notFound("unknown job '" + id + "'"));
            String text = render(body, id, now.file().getFileName().toString(), "PUT /api/jobs/" + id, user);
            JobEditor.Written w = edit(() -> editor.replace(id, text, ApiJson.header(e, "If-Match"), user));
            LOG.info("API: job {} replaced by {}: {}", id, user, w.changes().stream().map(JobFieldDiff.Change::field).toList());
            return Reply.ok(written(w)).with("ETag", w.etag());
        });
    }

    public void delete(Exchange exchange) {
        api.respond(exchange, e -> {
            String id = pathId(e);
            String user = ApiCaller.name(e);
            JobEditor.Written w = edit(() -> editor.delete(id, ApiJson.header(e, "If-Match"), user));
            LOG.info("API: job {} deleted by {} ({})", id, user, w.file());
            Map<String, Object> body = written(w);
            body.put("deleted", true);
            return Reply.ok(body);
        });
    }

    public void audit(Exchange exchange) {
        api.respond(exchange, e -> {
            String id = pathId(e);
            int limit = limit(ApiJson.query(e, "limit"));
            List<Map<String, Object>> entries = audit.of(id, limit).stream().map(this::view).toList();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("job", id);
            body.put("entries", entries);
            return Reply.ok(body);
        });
    }

    /** {@code POST /api/reload}: jobs and queries all or nothing; the connections file is checked, never swapped. */
    public void reload(Exchange exchange) {
        api.respond(exchange, e -> {
            String user = ApiCaller.name(e);
            ConfigErrors connectionErrors = new ConfigErrors();
            new ConnectionsReader(placeholders).read(connectionsFile, connectionErrors);
            JobReloader.Report report = reloader.reloadAllOrNothing(user);
            List<ConfigError> errors = new java.util.ArrayList<>(connectionErrors.all());
            report.problems().values().forEach(errors::addAll);
            Map<String, Object> body = new LinkedHashMap<>();
            boolean connectionsChanged = !Objects.equals(connectionsAtStart, io.querycast.job.JobFiles.read(connectionsFile));
            body.put("connections", connectionsChanged
                    ? "changed on disk since the start: connections are read at start only, restart to put them in force"
                    : "unchanged since the start");
            if (!errors.isEmpty()) {
                body.put("error", errors.size() + " mistake(s): nothing was reloaded");
                body.put("status", 400);
                body.put("errors", errors(errors));
                return new Reply(400, body);
            }
            LOG.info("API: reload by {}: added {}, replaced {}, removed {}", user, report.added(), report.replaced(), report.removed());
            body.put("added", report.added());
            body.put("replaced", report.replaced());
            body.put("removed", report.removed());
            body.put("note", "changed jobs are put in force between runs: a job running now keeps its version until its run ends");
            return Reply.ok(body);
        });
    }

    private String render(JsonNode body, String id, String fileName, String request, String user) {
        try {
            return JobFileText.render(body, id, fileName, "Written through the Querycast API (" + request + ") by " + user + " at "
                    + clock.instant() + ".\nEvery field: docs/configuration.md; changes: GET /api/jobs/" + id + "/audit");
        } catch (IllegalArgumentException ex) {
            throw ApiException.badRequest(ex.getMessage());
        }
    }

    private static JobEditor.Written edit(java.util.function.Supplier<JobEditor.Written> change) {
        try {
            return change.get();
        } catch (JobEditor.RefusedException ex) {
            int status = switch (ex.refusal()) {
                case INVALID -> 400;
                case EXISTS -> 409;
                case NOT_FOUND -> 404;
                case STALE -> 412;
                case TAG_REQUIRED -> 428;
            };
            throw new ApiException(status, ex.getMessage(), ex.errors().isEmpty() ? Map.of() : Map.of("errors", errors(ex.errors())));
        }
    }

    private Map<String, Object> written(JobEditor.Written w) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job", w.jobId());
        body.put("file", w.file());
        body.put("etag", w.etag());
        body.put("changes", changes(w.changes()));
        body.put("in_force", w.waiting() ? "after the run in progress ends" : "now (between runs)");
        return body;
    }

    private Map<String, Object> view(JobAudit.Entry entry) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("action", entry.action().toString());
        v.put("by", entry.by());
        v.put("at", entry.at());
        v.put("file", entry.file());
        v.put("instance", entry.instanceId());
        v.put("changes", changes(entry.changes()));
        return v;
    }

    private List<Map<String, Object>> changes(List<JobFieldDiff.Change> changes) {
        return changes.stream().map(c -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("field", c.field());
            v.put("before", c.before() == null ? null : api.redact(c.before()));
            v.put("after", c.after() == null ? null : api.redact(c.after()));
            return v;
        }).toList();
    }

    static List<Map<String, Object>> errors(List<ConfigError> errors) {
        return errors.stream().map(err -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("file", err.file());
            v.put("line", err.line());
            v.put("field", err.field());
            v.put("problem", err.problem());
            v.put("fix", err.fix());
            v.put("message", err.toString());
            return v;
        }).toList();
    }

    private static String pathId(Exchange e) {
        String id = ApiJson.header(e, "id");
        checkId(id);
        return id;
    }

    private static void checkId(String id) {
        if (!JobsReader.isJobId(id)) {
            throw ApiException.badRequest("'" + String.valueOf(id).replaceAll("\\p{Cntrl}", "?") + "' is not a job id: 1-100 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit");
        }
    }

    private static int limit(String raw) {
        if (raw == null) {
            return 50;
        }
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw ApiException.badRequest("limit must be 1 to 1000");
    }
}
