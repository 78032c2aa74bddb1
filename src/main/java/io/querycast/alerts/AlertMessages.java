package io.querycast.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.querycast.api.Redactor;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The texts notifications carry: alert and recovery mails, the run summary mail, and the webhook bodies in
 * the three formats. Every text goes through the {@link Redactor} on its way out: run errors quote drivers and
 * clients, which sometimes quote a URL or a setting.
 */
final class AlertMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Redactor redactor;
    private final String instance;

    AlertMessages(Redactor redactor, String instance) {
        this.redactor = redactor;
        this.instance = instance;
    }

    private static String status(AlertEvent e) {
        return e.resolved() ? "RESOLVED" : "FIRING";
    }

    String subject(AlertEvent e) {
        Alert a = e.alert();
        return redactor.redact("[Querycast] " + status(e) + " " + a.rule() + ": " + a.subject());
    }

    String text(AlertEvent e) {
        Alert a = e.alert();
        StringBuilder sb = new StringBuilder();
        sb.append(e.resolved() ? "Resolved: " : "Alert: ").append(a.rule()).append(" for ").append(a.subject()).append("\n\n");
        sb.append(e.resolved() ? "Last seen:  " : "Measured:   ").append(a.summary()).append('\n');
        sb.append("Rule:       ").append(a.description()).append('\n');
        sb.append("Since:      ").append(a.since()).append('\n');
        sb.append("Fired at:   ").append(a.firedAt()).append('\n');
        if (e.resolved()) {
            sb.append("Resolved at: ").append(a.resolvedAt()).append(" (firing for ").append(Texts.duration(a.firingFor(a.resolvedAt()))).append(")\n");
        }
        sb.append("Instance:   ").append(instance).append("\n\n");
        sb.append(e.resolved() ? "The condition no longer holds.\n" : "You get one more mail when the condition clears.\n");
        sb.append("Alerts now: GET /api/alerts or the dashboard's Alerts panel.\n");
        return redactor.redact(sb.toString());
    }

    String webhook(AlertEvent e, WebhookFormat format) {
        Alert a = e.alert();
        String title = status(e) + " " + a.rule() + ": " + a.subject();
        Object body = switch (format) {
            case JSON -> json(e);
            case SLACK -> Map.of("text", (e.resolved() ? ":white_check_mark: *" : ":rotating_light: *") + title + "*\n" + a.summary()
                    + (e.resolved() ? "\n_resolved after " + Texts.duration(a.firingFor(a.resolvedAt())) + "_" : ""));
            case TEAMS -> teams(e, title);
        };
        try {
            return redactor.redact(JSON.writeValueAsString(body));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private Map<String, Object> json(AlertEvent e) {
        Alert a = e.alert();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", "querycast");
        m.put("instance", instance);
        m.put("status", e.resolved() ? "resolved" : "firing");
        m.put("rule", a.rule());
        m.put("labels", a.labels());
        m.put("subject", a.subject());
        m.put("summary", a.summary());
        m.put("description", a.description());
        m.put("since", text(a.since()));
        m.put("fired_at", text(a.firedAt()));
        m.put("resolved_at", text(a.resolvedAt()));
        return m;
    }

    /** A Teams workflow webhook's message: one Adaptive Card. */
    private Map<String, Object> teams(AlertEvent e, String title) {
        Alert a = e.alert();
        List<Map<String, Object>> facts = new java.util.ArrayList<>();
        facts.add(Map.of("title", "Since", "value", text(a.since())));
        facts.add(Map.of("title", "Fired at", "value", text(a.firedAt())));
        if (e.resolved()) {
            facts.add(Map.of("title", "Resolved at", "value", text(a.resolvedAt())));
        }
        facts.add(Map.of("title", "Instance", "value", instance));
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        card.put("body", List.of(
                Map.of("type", "TextBlock", "size", "Medium", "weight", "Bolder", "wrap", true, "text", title,
                        "color", e.resolved() ? "Good" : "Attention"),
                Map.of("type", "TextBlock", "wrap", true, "text", a.summary()),
                Map.of("type", "FactSet", "facts", facts)));
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.put("content", card);
        return Map.of("type", "message", "attachments", List.of(attachment));
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    String runSubject(RunRecord run) {
        return redactor.redact("[Querycast] run " + run.status().toString().toUpperCase(Locale.ROOT) + ": " + run.jobId() + " (" + run.runId() + ")");
    }

    String runText(RunRecord run) {
        StringBuilder sb = new StringBuilder();
        sb.append("Job ").append(run.jobId()).append(", run ").append(run.runId()).append(": ").append(run.status()).append("\n\n");
        sb.append("Trigger:       ").append(run.trigger()).append('\n');
        sb.append("Started:       ").append(run.startedAt()).append('\n');
        sb.append("Finished:      ").append(run.finishedAt()).append('\n');
        sb.append("Duration:      ").append(Texts.duration(run.duration())).append('\n');
        sb.append("Query:         ").append(run.queryFile()).append(" on ").append(run.dbConnection()).append('\n');
        sb.append("Parameters:    ").append(run.parameters()).append('\n');
        sb.append("Topic:         ").append(run.topic()).append(" on Kafka connection ").append(run.kafkaConnection()).append('\n');
        sb.append("Rows read:     ").append(Texts.count(run.rowsRead())).append('\n');
        sb.append("Sent:          ").append(Texts.count(run.sent())).append('\n');
        sb.append("Failed:        ").append(Texts.count(run.failed())).append('\n');
        sb.append("Dead-lettered: ").append(Texts.count(run.deadLettered())).append('\n');
        sb.append("Instance:      ").append(instance).append('\n');
        if (run.status() != RunStatus.SUCCESS) {
            sb.append("\nError:\n").append(run.error() == null ? "(none recorded)" : run.error()).append('\n');
        }
        sb.append("\nThe run's record: GET /api/history/").append(run.runId()).append('\n');
        return redactor.redact(sb.toString());
    }
}
