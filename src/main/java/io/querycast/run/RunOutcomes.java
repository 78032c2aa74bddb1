package io.querycast.run;

import io.querycast.delivery.DeadLetterWriteException;
import io.querycast.delivery.DeadLetters;
import io.querycast.delivery.DeliveryOutcomes;
import io.querycast.delivery.OutgoingRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.util.List;

/** What the delivery path tells a run: each record counted once as sent, dead-lettered or failed. */
final class RunOutcomes implements DeliveryOutcomes {

    private final ExportRun run;

    RunOutcomes(ExportRun run) {
        this.run = run;
    }

    @Override
    public void sent(List<OutgoingRecord<?>> records) {
        long bytes = 0;
        for (OutgoingRecord<?> r : records) {
            bytes += r.valueSize();
        }
        run.addSent(records.size(), bytes);
    }

    @Override
    public boolean undeliverable(OutgoingRecord<?> record, Throwable cause) {
        return true;
    }

    @Override
    public void letterHeaders(OutgoingRecord<?> record, RecordHeaders headers) {
        DeadLetters.add(headers, DeadLetters.JOB_ID, run.jobId());
        DeadLetters.add(headers, DeadLetters.EXPORT_ID, run.runId());
    }

    @Override
    public void deadLettered(OutgoingRecord<?> record, String reason) {
        run.addDeadLettered(reason);
    }

    /** The run fails rather than lose records silently. */
    @Override
    public void lost(List<OutgoingRecord<?>> records, String reason, Throwable failure) {
        String why = failure == null ? "not acknowledged" : failure.toString();
        for (int i = 0; i < records.size(); i++) {
            run.addFailed(reason + "; not written to the dead-letter topic: " + why);
        }
        throw new DeadLetterWriteException(records.size() + " record(s) could not be written to dead-letter topic '"
                + run.job().delivery().deadLetterTopic() + "' on Kafka connection '" + run.job().kafkaConnection() + "': " + why);
    }
}
