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

    /**
     * Records the counts of a run still going, so that if the process dies they are what the history keeps (and
     * the time of the last checkpoint is when the run is recorded to have stopped). Called at each progress mark;
     * an implementation may also checkpoint its running runs on a timer.
     */
    default void checkpoint(ExportRun run) {
    }

    Optional<RunRecord> find(String runId);

    /** Newest first; {@code jobId} null means every job. */
    List<RunRecord> recent(String jobId, int limit);

    boolean exists(String runId);

    /**
     * Takes a run id for a run about to be requested or started, so no other instance sharing the history issues
     * it too: false when it is taken (by a run or by another reservation).
     */
    default boolean reserve(String runId) {
        return !exists(runId);
    }

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
