package io.querycast.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * What a job's feed keeps between polls in this instance's memory: the ids its polls saw ({@link IdMarks}), the
 * rows it delivered within the overlap (lag bound: a row read again there is suppressed, not sent twice), and
 * the last poll's ceiling for the lag gauge and the API. Lost on restart, which costs a poll of delay or a
 * duplicate in the overlap, never a row.
 */
public final class FeedMemory {

    final IdMarks marks = new IdMarks();
    /** (key, version) of rows delivered, by their position: pruned below the overlap's lower end. */
    private final ConcurrentSkipListMap<Position, java.util.Set<String>> delivered = new ConcurrentSkipListMap<>();
    private volatile Ceiling lastCeiling;
    private volatile Instant lastPollAt;
    private volatile String lastError;

    boolean wasDelivered(Position position, String key) {
        java.util.Set<String> keys = delivered.get(position);
        return keys != null && keys.contains(key);
    }

    void delivered(Position position, String key) {
        delivered.computeIfAbsent(position, p -> ConcurrentHashMap.newKeySet()).add(key);
    }

    /** Forgets what lies below {@code lowest}: a poll never reads there again. */
    void pruneBelow(Position lowest) {
        delivered.headMap(lowest).clear();
    }

    int deliveredInOverlap() {
        return delivered.values().stream().mapToInt(java.util.Set::size).sum();
    }

    void polled(Ceiling ceiling, Instant at) {
        this.lastCeiling = ceiling;
        this.lastPollAt = at;
        this.lastError = null;
    }

    void failed(String error) {
        this.lastError = error;
    }

    /** An operator moved the watermark: nothing seen before says anything about the new position. */
    void reset() {
        marks.clear();
        delivered.clear();
    }

    public Ceiling lastCeiling() {
        return lastCeiling;
    }

    public Instant lastPollAt() {
        return lastPollAt;
    }

    public String lastError() {
        return lastError;
    }

    /** The lag of the feed's bound at its last poll: how far behind "now" the rows known final end. */
    public Duration lag() {
        Ceiling c = lastCeiling;
        Instant at = lastPollAt;
        return c == null || at == null ? Duration.ZERO : c.lag(at);
    }

    /** One memory per job, for the instance. */
    public static final class All {
        private final Map<String, FeedMemory> byJob = new ConcurrentHashMap<>();

        public FeedMemory of(String jobId) {
            return byJob.computeIfAbsent(jobId, id -> new FeedMemory());
        }

        public Iterator<Map.Entry<String, FeedMemory>> iterator() {
            return byJob.entrySet().iterator();
        }
    }
}
