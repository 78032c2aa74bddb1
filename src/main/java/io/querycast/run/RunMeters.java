package io.querycast.run;

import io.querycast.job.ExportJob;

import java.time.Duration;

/**
 * What a run reports as it goes, for metrics: every count {@link ExportRun} takes is passed on here at the
 * moment it is taken, so the meters count in the one place where outcomes are settled.
 */
public interface RunMeters {

    RunMeters NONE = new RunMeters() {
    };

    default void rowsRead(long rows) {
    }

    default void sent(long records, long bytes) {
    }

    /** Records Kafka (and the dead-letter topic) did not take. */
    default void failed(long records) {
    }

    /**
     * Records counted failed because their outcome is unknown: a batch in flight when the run stopped on
     * another error or a shutdown. Failed for the counts; no sign of the producer's health.
     */
    default void failedUnknown(long records) {
        failed(records);
    }

    default void deadLettered(long records) {
    }

    /** Rows a job step dropped on purpose (docs/configuration.md#record-steps). */
    default void skipped(long records) {
    }

    /** One batch handed to Kafka and settled (acknowledged, retried, dead-lettered): the time that took. */
    default void batchDelivered(Duration kafkaTime) {
    }

    /** The run ended with this status after this long. */
    default void finished(RunStatus status, Duration duration) {
    }

    /** Opens the meters of one run of a job. */
    interface Factory {
        Factory NONE = job -> RunMeters.NONE;

        RunMeters open(ExportJob job);
    }
}
