package io.querycast.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the run history holds about one run: a finished run as recorded, or a running one as it stands.
 * The accessors are named as {@link ExportRun}'s, so code reading a run does not care which it has.
 *
 * @param finishedAt null while the run is running
 * @param error      why the run did not fully succeed; null on success and while running
 * @param duration   from start to end; for a running run, to now
 */
public record RunRecord(
        String runId,
        String jobId,
        String queryFile,
        String dbConnection,
        Trigger trigger,
        Map<String, String> parameters,
        Instant startedAt,
        Instant finishedAt,
        RunStatus status,
        String error,
        long rowsRead,
        long sent,
        long failed,
        long deadLettered,
        long bytes,
        Duration duration,
        Duration kafkaDuration,
        String topic,
        String kafkaConnection,
        String exportMode) {

    public RunRecord {
        // declaration order, as the query file lists them
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }
}
