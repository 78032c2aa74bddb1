package io.querycast.delivery;

/** What finally happened to one row's record. Each record gets exactly one, once. */
public enum RecordOutcome {
    /** acknowledged by the topic's in-sync replicas */
    SENT,
    /** acknowledged on the dead-letter topic, with the reason in its headers */
    DEAD_LETTERED,
    /** neither: delivery unknown or refused, and the dead-letter topic could not take it either */
    FAILED
}
