package io.querycast.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts of this process, in memory: active ones (pending or firing) by id, and the last resolved ones.
 * An alert fires once when its condition has held for the rule's {@code for} and is resolved once when the
 * rule no longer finds it: notifications are de-duplicated by construction. A pending alert whose condition
 * clears is dropped without notice. A restart starts empty: conditions that still hold fire again.
 */
final class AlertBook {

    private final Map<String, Alert> active = new LinkedHashMap<>();
    private final Deque<Alert> resolved = new ArrayDeque<>();
    private final int resolvedKept;

    AlertBook(int resolvedKept) {
        this.resolvedKept = resolvedKept;
    }

    /**
     * The rule's findings of one evaluation.
     *
     * @return the alerts that fired or were resolved now, in that state
     */
    synchronized List<Alert> update(AlertRule rule, List<Finding> findings, Instant now) {
        Duration holdFor = rule.settings().holdForOrZero();
        List<Alert> changed = new ArrayList<>();
        Map<String, Finding> found = new HashMap<>();
        for (Finding f : findings) {
            found.put(rule.name() + "/" + f.subject(), f);
        }
        for (Map.Entry<String, Finding> e : found.entrySet()) {
            Finding f = e.getValue();
            Alert before = active.get(e.getKey());
            Instant since = before == null ? now : before.since();
            Instant firedAt = before == null ? null : before.firedAt();
            Alert.State state = firedAt != null ? Alert.State.FIRING : Alert.State.PENDING;
            if (firedAt == null && !now.isBefore(since.plus(holdFor))) {
                firedAt = now;
                state = Alert.State.FIRING;
            }
            Alert a = new Alert(e.getKey(), rule.name(), f.labels(), f.subject(), state, since, firedAt, null, f.summary(), rule.description());
            active.put(e.getKey(), a);
            if (before == null || before.firedAt() == null) {
                if (state == Alert.State.FIRING) {
                    changed.add(a);
                }
            }
        }
        for (Iterator<Map.Entry<String, Alert>> it = active.entrySet().iterator(); it.hasNext(); ) {
            Alert a = it.next().getValue();
            if (!a.rule().equals(rule.name()) || found.containsKey(a.id())) {
                continue;
            }
            it.remove();
            if (a.firedAt() != null) {
                Alert r = new Alert(a.id(), a.rule(), a.labels(), a.subject(), Alert.State.RESOLVED, a.since(), a.firedAt(), now,
                        a.summary(), a.description());
                resolved.addFirst(r);
                while (resolved.size() > resolvedKept) {
                    resolved.removeLast();
                }
                changed.add(r);
            }
        }
        return changed;
    }

    /** Active alerts, firing first, then by when their condition started. */
    synchronized List<Alert> active() {
        List<Alert> out = new ArrayList<>(active.values());
        out.sort(Comparator.comparing((Alert a) -> a.state() != Alert.State.FIRING).thenComparing(Alert::since));
        return out;
    }

    /** Newest first. */
    synchronized List<Alert> resolved() {
        return new ArrayList<>(resolved);
    }
}
