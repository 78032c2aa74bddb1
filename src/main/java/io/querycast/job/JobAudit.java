package io.querycast.job;

import java.time.Instant;
import java.util.List;

/** Who changed which job file, when, and which fields (the state store keeps them). */
public interface JobAudit {

    /** What happened to the job's file. */
    enum Action {
        /** written by {@code POST /api/jobs} */
        CREATE,
        /** written by {@code PUT /api/jobs/{id}} */
        REPLACE,
        /** removed by {@code DELETE /api/jobs/{id}} */
        DELETE,
        /** edited on disk and picked up by live reload (or {@code POST /api/reload}) */
        RELOAD;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param by      the user, or {@code file} for an edit on disk
     * @param changes field by field, values as written in the file
     */
    record Entry(String jobId, Action action, String by, Instant at, String file, List<JobFieldDiff.Change> changes, String instanceId) {
        public Entry {
            changes = List.copyOf(changes);
        }
    }

    void record(Entry entry);

    /** Newest first. */
    List<Entry> of(String jobId, int limit);
}
