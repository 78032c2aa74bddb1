package io.querycast.alerts;

import io.querycast.config.ConfigException;
import org.springframework.boot.context.properties.bind.Name;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of one alert rule ({@code querycast.alerts.rules.<rule>.*}). Each rule declares its defaults
 * with this record; a null there means the rule does not take that setting.
 *
 * @param enabled    false: the rule is not evaluated
 * @param threshold  a percentage (0..100) the rule compares with
 * @param maxLatency the batch latency the rule compares with
 * @param window     how far back the counts the rule compares go
 * @param holdFor    how long the condition must hold before the alert fires ({@code for}); 0: at once
 * @param grace      how late a job may fire before it counts as not fired
 * @param disableJob the rule also disables the job it fires for
 */
public record RuleSettings(Boolean enabled, Double threshold, Duration maxLatency, Duration window, @Name("for") Duration holdFor,
                           Duration grace, Boolean disableJob) {

    /** These settings over the rule's defaults; what the rule does not take is refused. */
    RuleSettings over(RuleSettings defaults, String prefix) {
        List<String> takes = new ArrayList<>(List.of("enabled"));
        RuleSettings merged = new RuleSettings(
                enabled == null ? defaults.enabled : enabled,
                pick(prefix, "threshold", threshold, defaults.threshold, takes),
                pick(prefix, "max-latency", maxLatency, defaults.maxLatency, takes),
                pick(prefix, "window", window, defaults.window, takes),
                pick(prefix, "for", holdFor, defaults.holdFor, takes),
                pick(prefix, "grace", grace, defaults.grace, takes),
                pick(prefix, "disable-job", disableJob, defaults.disableJob, takes));
        List<String> refused = refused(defaults);
        if (!refused.isEmpty()) {
            throw new ConfigException(prefix + "." + refused.get(0) + ": this rule does not take it; it takes " + takes);
        }
        merged.check(prefix);
        return merged;
    }

    private List<String> refused(RuleSettings defaults) {
        List<String> out = new ArrayList<>();
        if (threshold != null && defaults.threshold == null) out.add("threshold");
        if (maxLatency != null && defaults.maxLatency == null) out.add("max-latency");
        if (window != null && defaults.window == null) out.add("window");
        if (holdFor != null && defaults.holdFor == null) out.add("for");
        if (grace != null && defaults.grace == null) out.add("grace");
        if (disableJob != null && defaults.disableJob == null) out.add("disable-job");
        return out;
    }

    private static <T> T pick(String prefix, String name, T given, T fallback, List<String> takes) {
        if (fallback != null) {
            takes.add(name);
        }
        return given != null ? given : fallback;
    }

    private void check(String prefix) {
        if (threshold != null && !(threshold >= 0 && threshold <= 100)) {
            throw new ConfigException(prefix + ".threshold must be a percentage between 0 and 100 (got " + threshold + ")");
        }
        positive(prefix + ".max-latency", maxLatency, false);
        positive(prefix + ".window", window, false);
        positive(prefix + ".for", holdFor, true);
        positive(prefix + ".grace", grace, true);
    }

    private static void positive(String property, Duration d, boolean zeroAllowed) {
        if (d != null && (d.isNegative() || (!zeroAllowed && d.isZero()))) {
            throw new ConfigException(property + " must be " + (zeroAllowed ? "0 or more" : "more than 0") + " (got " + d + ")");
        }
    }

    Duration holdForOrZero() {
        return holdFor == null ? Duration.ZERO : holdFor;
    }
}
