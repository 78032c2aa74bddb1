package io.querycast.delivery;

import org.apache.kafka.common.header.internals.RecordHeaders;

import java.util.List;

/**
 * Whom the delivery path tells what happened to each record: an export run counts its rows, the HTTP events
 * answer their callers. Every record reaches exactly one of {@link #sent}, {@link #deadLettered},
 * {@link #lost}, or {@link #undeliverable} returning false.
 */
public interface DeliveryOutcomes {

    /** Kafka acknowledged these records on the batch's topic (never sent again). */
    void sent(List<OutgoingRecord<?>> records);

    /**
     * A record failed for good (not retriable, or redeliveries used up).
     *
     * @return true to write it to the dead-letter topic; false when the caller settled it itself (a waiting HTTP caller is answered)
     */
    boolean undeliverable(OutgoingRecord<?> record, Throwable cause);

    /** The {@code dlt_job_id}, {@code dlt_export_id} (and any other) headers of this record's dead letter. */
    void letterHeaders(OutgoingRecord<?> record, RecordHeaders headers);

    /** The dead-letter topic acknowledged the record's letter. */
    void deadLettered(OutgoingRecord<?> record, String reason);

    /**
     * The dead-letter topic did not take these letters either. An export fails its run here (throws); events log
     * them at ERROR.
     */
    void lost(List<OutgoingRecord<?>> records, String reason, Throwable failure);
}
