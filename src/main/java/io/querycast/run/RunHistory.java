package io.querycast.run;

import java.util.List;
import java.util.Optional;

/**
 * Where runs are recorded: written as {@code running} when they start and completed when they end, so a
 * crash leaves a visible trace. The persistent, queryable store comes with the history issue; the
 * lifecycle calls are already the ones it needs.
 */
public interface RunHistory {

    void started(ExportRun run);

    void finished(ExportRun run);

    Optional<ExportRun> find(String runId);

    /** Newest first. */
    List<ExportRun> recent(String jobId, int limit);

    boolean exists(String runId);
}
