package io.querycast.alerts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One evaluation of every enabled rule, called by the route querycast-alerts-evaluate (routes/alerts.yaml) at
 * each tick: samples the meters, asks each rule what holds now, and answers with the alerts that fired or were
 * resolved, which the route hands to the notifications. A rule whose source fails (the state store is down)
 * keeps its alerts as they were until it can tell again.
 */
public final class AlertEngine {

    private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);

    private final List<AlertRule> rules;
    private final MeterSamples samples;
    private final AlertBook book;
    private final Clock clock;
    private final Duration longestWindow;
    private volatile Instant evaluatedAt;

    public AlertEngine(List<AlertRule> rules, MeterSamples samples, AlertSettings settings, Clock clock) {
        this.rules = rules.stream().sorted(Comparator.comparing(AlertRule::name)).toList();
        this.samples = samples;
        this.book = new AlertBook(settings.resolvedKept());
        this.clock = clock;
        this.longestWindow = rules.stream().map(r -> r.settings().window()).filter(Objects::nonNull).max(Duration::compareTo)
                .orElse(Duration.ZERO);
    }

    public List<AlertEvent> evaluate() {
        Instant now = clock.instant();
        samples.take(now, longestWindow);
        List<AlertEvent> events = new ArrayList<>();
        for (AlertRule rule : rules) {
            if (!rule.settings().enabled()) {
                continue;
            }
            List<Finding> findings;
            try {
                findings = rule.evaluate(now);
            } catch (RuntimeException e) {
                LOG.warn("Alert rule {} could not be evaluated, its alerts stay as they are: {}", rule.name(), e.toString());
                continue;
            }
            for (Alert a : book.update(rule, findings, now)) {
                if (a.state() == Alert.State.FIRING) {
                    LOG.warn("Alert FIRING: {} {}: {}", a.rule(), a.subject(), a.summary());
                    try {
                        rule.fired(a);
                    } catch (RuntimeException e) {
                        LOG.error("Alert {} {}: its action failed: {}", a.rule(), a.subject(), e.toString());
                    }
                } else {
                    LOG.info("Alert RESOLVED: {} {} after {}", a.rule(), a.subject(), Texts.duration(a.firingFor(now)));
                }
                events.add(new AlertEvent(a));
            }
        }
        evaluatedAt = now;
        return events;
    }

    public List<AlertRule> rules() {
        return rules;
    }

    public List<Alert> active() {
        return book.active();
    }

    public List<Alert> resolved() {
        return book.resolved();
    }

    /** Null before the first evaluation. */
    public Instant evaluatedAt() {
        return evaluatedAt;
    }
}
