package io.querycast.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.querycast.api.ApiJson.Reply;
import io.querycast.job.ExportJob;
import io.querycast.job.JobCatalog;
import io.querycast.job.JobControl;
import io.querycast.run.JobLauncher;
import io.querycast.job.JobSwitch;
import io.querycast.job.JobSwitches;
import io.querycast.query.QueryFile;
import io.querycast.query.QueryLibrary;
import io.querycast.run.RunHistory;
import io.querycast.run.Trigger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.JobKey;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /api/jobs}: the jobs as configured, their state, next fire time and last run; run now, enable, disable. */
public final class JobsApi {

    private static final Logger LOG = LoggerFactory.getLogger(JobsApi.class);

    private final ApiJson api;
    private final CamelContext camel;
    private final JobCatalog jobs;
    private final JobLauncher launcher;
    private final RunHistory history;
    private final QueryLibrary queries;
    private final JobSwitches switches;
    private final JobControl control;
    private final io.querycast.job.JobEditor editor;
    private final io.querycast.job.JobReloader reloader;
    /** The feed part of a job's view: mode, watermark, state (io.querycast.feed.Watermarks#view). */
    private final java.util.function.Function<ExportJob, Object> feedView;

    public JobsApi(ApiJson api, CamelContext camel, JobCatalog jobs, JobLauncher launcher, RunHistory history, QueryLibrary queries,
                   JobSwitches switches, JobControl control, java.util.function.Function<ExportJob, Object> feedView,
                   io.querycast.job.JobEditor editor, io.querycast.job.JobReloader reloader) {
        this.feedView = feedView;
        this.editor = editor;
        this.reloader = reloader;
        this.api = api;
        this.camel = camel;
        this.jobs = jobs;
        this.launcher = launcher;
        this.history = history;
        this.queries = queries;
        this.switches = switches;
        this.control = control;
    }

    public void list(Exchange exchange) {
        api.respond(exchange, e -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("jobs", jobs.all().stream().map(this::view).toList());
            body.put("invalid_files", invalidFiles());
            return Reply.ok(body);
        });
    }

    /**
     * One job, with the {@code ETag} a change needs ({@code If-Match}). A job file with mistakes that is not in
     * force (a new file, or one whose previous version is gone) answers too, with its errors, so it can be fixed.
     */
    public void get(Exchange exchange) {
        api.respond(exchange, e -> {
            String id = ApiJson.header(e, "id");
            Optional<ExportJob> job = jobs.find(id == null ? "" : id);
            Optional<io.querycast.job.JobEditor.Current> file = editor.current(id);
            if (job.isEmpty()) {
                io.querycast.job.JobEditor.Current broken = file.orElseThrow(() -> ApiException.notFound("unknown job '" + id + "'"));
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("id", id);
                v.put("file", broken.file().toString());
                v.put("valid", false);
                v.put("errors", fileErrors(broken.file()));
                v.put("etag", broken.etag());
                v.put("fields", fields(broken.text()));
                return Reply.ok(v).with("ETag", broken.etag());
            }
            Map<String, Object> v = view(job.get());
            file.ifPresent(f -> {
                v.put("etag", f.etag());
                v.put("fields", fields(f.text()));
            });
            Reply reply = Reply.ok(v);
            return file.map(f -> reply.with("ETag", f.etag())).orElse(reply);
        });
    }

    /**
     * The job file's own fields as written (placeholders unresolved), for an editor to change and send back with
     * {@code PUT}; text values masked like every answer. Null when the file is not YAML at all.
     */
    private Object fields(String text) {
        try {
            JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(text);
            return node == null || !node.isObject() ? null : masked(node);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private JsonNode masked(JsonNode node) {
        if (node.isTextual()) {
            return com.fasterxml.jackson.databind.node.TextNode.valueOf(api.redact(node.asText()));
        }
        if (node.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(e -> out.set(e.getKey(), masked(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(masked(n)));
            return out;
        }
        return node;
    }

    private List<Map<String, Object>> invalidFiles() {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        reloader.problems().forEach((file, errors) -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("file", file);
            v.put("errors", JobEditApi.errors(errors));
            out.add(v);
        });
        return out;
    }

    /** The mistakes the file has now (the version in force, if any, was read before it). */
    private List<Map<String, Object>> fileErrors(java.nio.file.Path file) {
        java.nio.file.Path key = file.toAbsolutePath().normalize();
        return reloader.problems().entrySet().stream()
                .filter(p -> java.nio.file.Path.of(p.getKey()).toAbsolutePath().normalize().equals(key))
                .findFirst().map(p -> JobEditApi.errors(p.getValue())).orElse(List.of());
    }

    public void run(Exchange exchange) {
        api.respond(exchange, e -> {
            ExportJob job = job(e);
            Map<String, String> overrides = overrides(ApiJson.body(e, true), job);
            if (!started(job)) {
                throw new ApiException(409, "job '" + job.id() + "' is disabled: enable it first (POST /api/jobs/" + job.id() + "/enable)");
            }
            String runId;
            try {
                runId = launcher.runNow(job.id(), Trigger.API, overrides);
            } catch (IllegalStateException ex) {
                throw new ApiException(409, ex.getMessage());
            }
            LOG.info("API: run {} of job {} requested by {}, parameters overridden: {}", runId, job.id(), ApiCaller.name(e), overrides.keySet());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("run_id", runId);
            body.put("job", job.id());
            body.put("trigger", Trigger.API.toString());
            body.put("parameters", api.redact(overrides));
            body.put("history", "/api/history/" + runId);
            return new Reply(202, body);
        });
    }

    public void enable(Exchange exchange) {
        api.respond(exchange, e -> switchRoute(job(e), true, ApiCaller.name(e)));
    }

    public void disable(Exchange exchange) {
        api.respond(exchange, e -> switchRoute(job(e), false, ApiCaller.name(e)));
    }

    /**
     * The decision goes to the shared state store, which every instance's scheduler reads at each fire: it
     * applies cluster-wide at once and outlives restarts (until the job file's {@code enabled} changes).
     */
    private Reply switchRoute(ExportJob job, boolean start, String caller) {
        try {
            control.switchTo(job, start, caller);
        } catch (IllegalStateException ex) {
            throw new ApiException(500, ex.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job", job.id());
        body.put("enabled", started(job));
        body.put("route_status", routeStatus(job));
        body.put("next_fire_time", nextFireTime(job).map(Date::toInstant).orElse(null));
        return Reply.ok(body);
    }

    private ExportJob job(Exchange e) {
        String id = ApiJson.header(e, "id");
        return jobs.find(id == null ? "" : id).orElseThrow(() -> ApiException.notFound("unknown job '" + id + "'"));
    }

    private Map<String, String> overrides(JsonNode body, ExportJob job) {
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!name.equals("parameters")) {
                throw ApiException.badRequest("unknown field '" + name + "'; the body is {\"parameters\": {\"NAME\": \"value\"}}");
            }
        }
        JsonNode params = body.get("parameters");
        Map<String, String> overrides = new LinkedHashMap<>();
        if (params == null || params.isNull()) {
            return overrides;
        }
        if (!params.isObject()) {
            throw ApiException.badRequest("'parameters' must be a JSON object of name: value");
        }
        QueryFile query = queries.load(job.queryFile());
        Iterator<Map.Entry<String, JsonNode>> it = params.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> p = it.next();
            if (query.parameter(p.getKey()).isEmpty()) {
                throw ApiException.badRequest("'" + p.getKey() + "' is not a parameter of query " + job.queryFile()
                        + "; its parameters are " + query.parameters().keySet());
            }
            if (!p.getValue().isValueNode() || p.getValue().isNull()) {
                throw ApiException.badRequest("parameter '" + p.getKey() + "' must be a string, number or boolean");
            }
            overrides.put(p.getKey(), p.getValue().asText());
        }
        return overrides;
    }

    private boolean started(ExportJob job) {
        return control.started(job.id());
    }

    /** The API decision in force, if any: it outlives restarts until the job file's {@code enabled} changes. */
    private static Map<String, Object> view(JobSwitch decision) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("enabled", decision.enabled());
        v.put("by", decision.changedBy());
        v.put("at", decision.changedAt());
        return v;
    }

    private ServiceStatus routeStatus(ExportJob job) {
        return camel.getRouteController().getRouteStatus(job.id());
    }

    /** A stopped route's Quartz trigger is only paused: it has no next fire while the job is disabled. */
    private Optional<Date> nextFireTime(ExportJob job) {
        if (!started(job)) {
            return Optional.empty();
        }
        try {
            QuartzComponent quartz = camel.getComponent("quartz", QuartzComponent.class);
            List<? extends org.quartz.Trigger> triggers = quartz.getScheduler().getTriggersOfJob(JobKey.jobKey(job.id(), io.querycast.job.JobRoutes.QUARTZ_GROUP));
            return triggers.stream().map(org.quartz.Trigger::getNextFireTime).filter(d -> d != null).min(Date::compareTo);
        } catch (SchedulerException e) {
            return Optional.empty();
        }
    }

    private Map<String, Object> view(ExportJob job) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", job.id());
        v.put("file", job.file());
        v.put("description", job.description());
        v.put("enabled_in_config", job.enabled());
        v.put("enabled", started(job));
        v.put("switched", control.decision(job).map(JobsApi::view).orElse(null));
        v.put("route_status", String.valueOf(routeStatus(job)));
        v.put("query", job.queryFile());
        v.put("db_connection", job.dbConnection());
        Map<String, Object> schedule = new LinkedHashMap<>();
        schedule.put("cron", job.schedule().original());
        schedule.put("quartz", job.schedule().quartz());
        schedule.put("timezone", job.timezone().getId());
        v.put("schedule", schedule);
        v.put("next_fire_time", nextFireTime(job).map(Date::toInstant).orElse(null));
        v.put("parameters", api.redact(job.parameters()));
        v.put("query_parameters", queryParameters(job));
        v.put("kafka_connection", job.kafkaConnection());
        v.put("topic", job.topic());
        v.put("key_column", job.keyColumn());
        v.put("batch_size", job.batchSize());
        v.put("include_metadata", job.includeMetadata());
        v.put("lowercase_columns", job.lowercaseColumns());
        v.put("json_columns", job.jsonColumns().toString());
        Map<String, Object> delivery = new LinkedHashMap<>();
        delivery.put("max_redeliveries", job.delivery().maxRedeliveries());
        delivery.put("redelivery_delay_ms", job.delivery().redeliveryDelay().toMillis());
        delivery.put("dead_letter_topic", job.delivery().deadLetterTopic());
        delivery.put("success_threshold", job.delivery().successThreshold());
        // each run one Kafka transaction: records, dead letters and watermark visible together (docs/reliability.md#exactly-once)
        delivery.put("exactly_once", job.exactlyOnce());
        v.put("delivery", delivery);
        List<Map<String, Object>> fileErrors = fileErrors(java.nio.file.Path.of(job.file()));
        v.put("valid", true);
        // the file changed and has mistakes: this version, read before, is the one in force
        v.put("file_errors", fileErrors.isEmpty() ? null : fileErrors);
        v.put("change_waiting", reloader.waiting(job.id()) ? "a new version is put in force once the run in progress ends" : null);
        v.put("feed", feedView.apply(job));
        v.put("last_run", history.recent(job.id(), 1).stream().findFirst().map(r -> HistoryApi.view(r, api)).orElse(null));
        return v;
    }

    /**
     * What a run may override ({@code POST /api/jobs/{id}/run}): the parameters the query file declares, with
     * its defaults. Null when the file cannot be read now (the job's run would say why), so that one broken
     * query file does not take the whole job list down.
     */
    private Map<String, Object> queryParameters(ExportJob job) {
        try {
            Map<String, Object> out = new LinkedHashMap<>();
            queries.load(job.queryFile()).parameters().values().forEach(p -> {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("default", p.defaultValue());
                v.put("required", p.required());
                v.put("description", p.description());
                out.put(p.name(), v);
            });
            return out;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
