package io.querycast.alerts;

import io.querycast.api.ApiJson;
import io.querycast.api.ApiJson.Reply;
import org.apache.camel.Exchange;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/alerts} (routes/api.yaml): the rules and their settings, the alerts active now (pending or
 * firing) and the last resolved ones, and where notifications go (channel names only: a webhook URL often
 * holds a token). Viewers and operators read it; the dashboard's Alerts panel shows it.
 */
public final class AlertsApi {

    private final ApiJson api;
    private final AlertEngine engine;
    private final AlertSettings settings;
    private final Clock clock;

    public AlertsApi(ApiJson api, AlertEngine engine, AlertSettings settings, Clock clock) {
        this.api = api;
        this.engine = engine;
        this.settings = settings;
        this.clock = clock;
    }

    public void alerts(Exchange exchange) {
        api.respond(exchange, e -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("enabled", settings.enabled());
            body.put("interval_ms", settings.interval().toMillis());
            body.put("evaluated_at", engine.evaluatedAt());
            body.put("active", engine.active().stream().map(this::view).toList());
            body.put("resolved", engine.resolved().stream().map(this::view).toList());
            body.put("rules", engine.rules().stream().map(AlertsApi::view).toList());
            Map<String, Object> channels = new LinkedHashMap<>();
            channels.put("email_recipients", settings.email().recipients().size());
            channels.put("webhooks", settings.webhooks().stream()
                    .map(w -> Map.of("name", w.name(), "format", w.formatValue().toString())).toList());
            body.put("channels", channels);
            return Reply.ok(body);
        });
    }

    private Map<String, Object> view(Alert a) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", a.id());
        v.put("rule", a.rule());
        v.put("labels", a.labels());
        v.put("subject", a.subject());
        v.put("state", a.state().toString());
        v.put("since", a.since());
        v.put("fired_at", a.firedAt());
        v.put("resolved_at", a.resolvedAt());
        v.put("firing_ms", a.firingFor(clock.instant()).toMillis());
        v.put("summary", a.summary());
        v.put("description", a.description());
        return v;
    }

    private static Map<String, Object> view(AlertRule r) {
        RuleSettings s = r.settings();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", r.name());
        v.put("enabled", s.enabled());
        v.put("description", r.description());
        Map<String, Object> settings = new LinkedHashMap<>();
        put(settings, "threshold", s.threshold());
        put(settings, "max_latency_ms", s.maxLatency() == null ? null : s.maxLatency().toMillis());
        put(settings, "window_ms", s.window() == null ? null : s.window().toMillis());
        put(settings, "for_ms", s.holdFor() == null ? null : s.holdFor().toMillis());
        put(settings, "grace_ms", s.grace() == null ? null : s.grace().toMillis());
        put(settings, "disable_job", s.disableJob());
        v.put("settings", settings);
        return v;
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    static List<String> names(List<AlertRule> rules) {
        return rules.stream().map(AlertRule::name).toList();
    }
}
