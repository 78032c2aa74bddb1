package io.querycast.alerts;

/** An alert that fired or was resolved in one evaluation: what gets notified. */
public record AlertEvent(Alert alert) implements Notification {

    public boolean resolved() {
        return alert.state() == Alert.State.RESOLVED;
    }
}
