package io.querycast.feed;

import io.querycast.job.ExportJob;
import io.querycast.query.QueryLibrary;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Operators' view and changes of a job's watermark: show, set, rewind, confirm after a query change; each change audited. */
public final class Watermarks {

    /** Whether a job's feed can run: it has no watermark yet, it has one for this query, or its query changed. */
    public enum State {
        NOT_STARTED, READY, NEEDS_CONFIRMATION;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final WatermarkStore store;
    private final FeedMemory.All memory;
    private final QueryLibrary queries;
    private final Clock clock;

    public Watermarks(WatermarkStore store, FeedMemory.All memory, QueryLibrary queries, Clock clock) {
        this.store = store;
        this.memory = memory;
        this.queries = queries;
        this.clock = clock;
    }

    public Optional<Watermark> find(ExportJob job) {
        return store.find(job.id());
    }

    public String currentHash(ExportJob job) {
        return QueryHash.of(queries.load(job.queryFile()).jdbcSql(), job.feed());
    }

    public State state(ExportJob job) {
        Optional<Watermark> wm = store.find(job.id());
        if (wm.isEmpty()) {
            return State.NOT_STARTED;
        }
        return wm.get().sqlHash().equals(currentHash(job)) ? State.READY : State.NEEDS_CONFIRMATION;
    }

    public List<WatermarkChange> changes(ExportJob job, int limit) {
        return store.changes(job.id(), limit);
    }

    public FeedMemory memory(ExportJob job) {
        return memory.of(job.id());
    }

    /** Sets the watermark (null parts: from the start), for the current query. */
    public Watermark set(ExportJob job, Position to, String by) {
        return change(job, to.isStart() ? "reset" : "set", to, by);
    }

    /** Moves the watermark back, for the current query. @throws IllegalArgumentException when {@code to} is not below it */
    public Watermark rewind(ExportJob job, Position to, String by) {
        Position now = store.find(job.id()).map(Watermark::position).orElse(Position.START);
        if (!to.isStart() && !now.isStart() && to.compareTo(now) >= 0) {
            throw new IllegalArgumentException("rewind goes back: " + to + " is not below the watermark " + now + " (PUT sets any value)");
        }
        return change(job, "rewind", to, by);
    }

    /** The query changed and the operator says the stored position still holds for it. */
    public Watermark confirm(ExportJob job, String by) {
        Position now = store.find(job.id()).map(Watermark::position).orElse(Position.START);
        return change(job, "confirm", now, by);
    }

    private Watermark change(ExportJob job, String action, Position to, String by) {
        Watermark w = store.change(job.id(), action, to, currentHash(job), clock.instant(), by);
        memory.of(job.id()).reset();
        return w;
    }

    /** The feed part of a job's description ({@code GET /api/jobs}, the watermark endpoint). */
    public Map<String, Object> view(ExportJob job) {
        ExportJob.Feed feed = job.feed();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("mode", feed.mode().toString());
        if (!feed.incremental()) {
            return v;
        }
        v.put("incrementing_column", feed.incrementingColumn());
        v.put("timestamp_column", feed.timestampColumn());
        v.put("bound", feed.bound().toString());
        v.put("safety_lag_s", feed.safetyLag().toSeconds());
        v.put("overlap_s", feed.overlap().toSeconds());
        v.put("overlap_ids", feed.overlapIds());
        State state;
        try {
            state = state(job);
        } catch (RuntimeException e) {
            v.put("state", "unknown");
            v.put("error", e.getMessage());
            return v;
        }
        v.put("state", state.toString());
        if (state == State.NEEDS_CONFIRMATION) {
            v.put("refused", "the query or the feed's columns changed since the watermark was stored: the job does not run until an operator"
                    + " confirms (POST /api/jobs/" + job.id() + "/watermark/confirm) or sets the watermark (PUT /api/jobs/" + job.id() + "/watermark)");
        }
        store.find(job.id()).ifPresent(w -> v.put("watermark", position(w)));
        FeedMemory m = memory.of(job.id());
        Map<String, Object> bound = new LinkedHashMap<>();
        bound.put("lag_seconds", m.lag().toMillis() / 1000.0);
        bound.put("method", m.lastCeiling() == null ? null : m.lastCeiling().method());
        bound.put("last_poll_at", m.lastPollAt());
        bound.put("last_error", m.lastError());
        v.put("poll_bound", bound);
        return v;
    }

    static Map<String, Object> position(Watermark w) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("last_id", w.position().id());
        p.put("last_timestamp", w.position().timestampText());
        p.put("updated_at", w.updatedAt());
        p.put("updated_by", w.updatedBy());
        return p;
    }
}
