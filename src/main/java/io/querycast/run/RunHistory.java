package io.querycast.run;

import java.util.List;
import java.util.Optional;

/**
 * Where runs are recorded: written as {@code running} when they start and completed when they end, so a
 * crash leaves a visible trace. Queries answer with {@link RunRecord}s; a run still going in this process
 * shows its live counts.
 */
public interface RunHistory {

    void started(ExportRun run);

    void finished(ExportRun run);

    Optional<RunRecord> find(String runId);

    /** Newest first; {@code jobId} null means every job. */
    List<RunRecord> recent(String jobId, int limit);

    boolean exists(String runId);

    /** Newest first, the runs matching every criterion given (null criteria match all). */
    List<RunRecord> search(RunQuery query);

    /**
     * @param from  runs that started at or after
     * @param to    runs that started before
     * @param limit  at most this many runs
     * @param offset skip this many of the newest matching runs first (a page further down)
     */
    record RunQuery(String jobId, RunStatus status, String exportMode, java.time.Instant from, java.time.Instant to, int limit, int offset) {
        public RunQuery(String jobId, RunStatus status, String exportMode, java.time.Instant from, java.time.Instant to, int limit) {
            this(jobId, status, exportMode, from, to, limit, 0);
        }
    }
}
