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
 * @param instanceId the instance that ran it ({@code querycast.state.instance-id}); null for a run not recorded yet
 * @param skipped    rows a job step (docs/configuration.md#record-steps) dropped, or dead letters a replay left out
 *                   (truncated values); {@code rowsRead = sent + failed + deadLettered + skipped}
 * @param dueAt      the schedule's fire time the run stands for (the missed one for a catch-up); null for a run
 *                   started on request
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
        String exportMode,
        String instanceId,
        Instant dueAt,
        long skipped) {

    public RunRecord {
        // declaration order, as the query file lists them
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** A run none of whose rows a job step skipped. */
    public RunRecord(String runId, String jobId, String queryFile, String dbConnection, Trigger trigger, Map<String, String> parameters,
                     Instant startedAt, Instant finishedAt, RunStatus status, String error, long rowsRead, long sent, long failed,
                     long deadLettered, long bytes, Duration duration, Duration kafkaDuration, String topic, String kafkaConnection,
                     String exportMode, String instanceId, Instant dueAt) {
        this(runId, jobId, queryFile, dbConnection, trigger, parameters, startedAt, finishedAt, status, error, rowsRead, sent, failed,
                deadLettered, bytes, duration, kafkaDuration, topic, kafkaConnection, exportMode, instanceId, dueAt, 0);
    }

    /** A run whose instance is not known yet (still in the process that runs it) and that no schedule fire is due for. */
    public RunRecord(String runId, String jobId, String queryFile, String dbConnection, Trigger trigger, Map<String, String> parameters,
                     Instant startedAt, Instant finishedAt, RunStatus status, String error, long rowsRead, long sent, long failed,
                     long deadLettered, long bytes, Duration duration, Duration kafkaDuration, String topic, String kafkaConnection,
                     String exportMode) {
        this(runId, jobId, queryFile, dbConnection, trigger, parameters, startedAt, finishedAt, status, error, rowsRead, sent, failed,
                deadLettered, bytes, duration, kafkaDuration, topic, kafkaConnection, exportMode, null, null);
    }

    /** This record as run by {@code instance}. */
    public RunRecord onInstance(String instance) {
        return new RunRecord(runId, jobId, queryFile, dbConnection, trigger, parameters, startedAt, finishedAt, status, error, rowsRead,
                sent, failed, deadLettered, bytes, duration, kafkaDuration, topic, kafkaConnection, exportMode, instance, dueAt, skipped);
    }
}
