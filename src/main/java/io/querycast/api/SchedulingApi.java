package io.querycast.api;

import io.querycast.api.ApiJson.Reply;
import io.querycast.config.ConfigException;
import io.querycast.job.CronReading;
import io.querycast.job.CronSchedule;
import io.querycast.query.QueryFile;
import io.querycast.query.QueryLibrary;
import org.apache.camel.Exchange;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard's scheduling panel needs to write a job: {@code GET /api/cron} (a schedule in words and its
 * next fire times, as Quartz computes them) and {@code GET /api/queries} (the query files and the parameters
 * each declares).
 */
public final class SchedulingApi {

    static final int MAX_FIRE_TIMES = 50;

    private final ApiJson api;
    private final QueryLibrary queries;
    private final Clock clock;

    public SchedulingApi(ApiJson api, QueryLibrary queries, Clock clock) {
        this.api = api;
        this.queries = queries;
        this.clock = clock;
    }

    public void cron(Exchange exchange) {
        api.respond(exchange, e -> {
            String expression = ApiJson.query(e, "expression");
            if (expression == null) {
                throw ApiException.badRequest("query parameter 'expression' is required, e.g. ?expression=0 8 * * *");
            }
            ZoneId zone;
            try {
                String tz = ApiJson.query(e, "timezone");
                zone = tz == null ? ZoneId.systemDefault() : ZoneId.of(tz);
            } catch (DateTimeException ex) {
                throw ApiException.badRequest("timezone: " + ex.getMessage());
            }
            int count = count(ApiJson.query(e, "count"));
            CronSchedule schedule;
            try {
                schedule = CronSchedule.parse(expression);
            } catch (IllegalArgumentException ex) {
                throw ApiException.badRequest(ex.getMessage());
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("expression", expression);
            body.put("quartz", schedule.quartz());
            body.put("timezone", zone.getId());
            body.put("description", CronReading.describe(schedule));
            body.put("next_fire_times", CronReading.nextFireTimes(schedule, zone, clock.instant(), count));
            return Reply.ok(body);
        });
    }

    public void queries(Exchange exchange) {
        api.respond(exchange, e -> {
            List<Map<String, Object>> out = queries.names().stream().map(this::view).toList();
            return Reply.ok(Map.of("queries", out));
        });
    }

    private Map<String, Object> view(String name) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", name);
        try {
            QueryFile q = queries.load(name);
            Map<String, Object> params = new LinkedHashMap<>();
            q.parameters().values().forEach(p -> {
                Map<String, Object> pv = new LinkedHashMap<>();
                pv.put("default", p.defaultValue());
                pv.put("required", p.required());
                pv.put("description", p.description());
                params.put(p.name(), pv);
            });
            v.put("parameters", params);
        } catch (ConfigException ex) {
            v.put("parameters", null);
            v.put("error", ex.getMessage());
        }
        return v;
    }

    private static int count(String raw) {
        if (raw == null) {
            return 5;
        }
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1 && n <= MAX_FIRE_TIMES) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw ApiException.badRequest("count must be 1 to " + MAX_FIRE_TIMES);
    }
}
