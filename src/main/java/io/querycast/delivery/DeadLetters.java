package io.querycast.delivery;

import io.querycast.run.ExportRun;
import io.querycast.run.ExportRuns;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;
import org.apache.kafka.common.errors.RecordTooLargeException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Dead-letter route steps ({@code deadLetters}): turn the records that cannot be delivered into records
 * for the dead-letter topic (original key, value and headers plus the {@code dlt_*} headers that say
 * why), then confirm Kafka took each of them. A dead letter that is not acknowledged fails the run.
 */
public class DeadLetters {

    public static final String ORIGINAL_TOPIC = "dlt_original_topic";
    public static final String ERROR_CLASS = "dlt_error_class";
    public static final String ERROR_MESSAGE = "dlt_error_message";
    public static final String JOB_ID = "dlt_job_id";
    public static final String EXPORT_ID = "dlt_export_id";
    public static final String ATTEMPTS = "dlt_attempts";
    public static final String FAILED_AT = "dlt_failed_at";
    public static final String VALUE_TRUNCATED = "dlt_value_truncated";
    public static final String ORIGINAL_SIZE = "dlt_original_size";

    /** A value too large for the topic is cut to this size on the dead-letter topic, so it fits there. */
    static final int TRUNCATED_VALUE_BYTES = 64 * 1024;
    /** The records behind the dead letters of a batch, in the same order as the letters. */
    private static final String SOURCES = "querycastDeadLetterSources";

    /** Body: the batch's records. Settles the acknowledged ones as sent; the body becomes the dead letters. */
    @SuppressWarnings("unchecked")
    public void prepare(Exchange batch) {
        ExportRun run = ExportRuns.runOf(batch);
        List<Exchange> pending = new ArrayList<>();
        List<Exchange> body = batch.getIn().getBody(List.class);
        if (body != null) {
            for (Exchange record : body) {
                if (Records.acked(record)) {
                    Records.settle(run, record, RecordOutcome.SENT, null);
                } else if (!Records.settled(record)) {
                    pending.add(record);
                }
            }
        }
        for (Exchange record : Records.deadLetters(batch)) {
            if (!Records.settled(record) && !pending.contains(record)) {
                pending.add(record);
            }
        }
        Records.deadLetters(batch).clear();
        List<Message> letters = new ArrayList<>(pending.size());
        for (Exchange record : pending) {
            letters.add(letterFor(record, batch, run));
        }
        batch.setProperty(SOURCES, pending);
        batch.getIn().setBody(letters);
    }

    /** A message the splitter of the dead-letter route sends as it is (a split part that is a Message is used as the part's message). */
    private static Message letterFor(Exchange record, Exchange batch, ExportRun run) {
        return letter(record, Records.causeOf(record, batch), run.job().topic(), run.jobId(), run.runId());
    }

    /**
     * The dead letter of one record: its value (cut to {@value #TRUNCATED_VALUE_BYTES} bytes when Kafka refused it
     * as too large), key, headers (neither {@code kafka.*} nor {@code Camel*}) and the {@code dlt_*} headers of
     * docs/reliability.md. Exports and HTTP events ({@code io.querycast.events}) share this contract.
     */
    public static Message letter(Exchange record, Throwable cause, String originalTopic, String jobId, String exportId) {
        Message letter = new DefaultMessage(record.getContext());
        byte[] value = record.getMessage().getBody(byte[].class);
        Map<String, Object> headers = letter.getHeaders();
        record.getMessage().getHeaders().forEach((name, v) -> {
            if (!name.startsWith("kafka.") && !name.startsWith("Camel")) {
                headers.put(name, v);
            }
        });
        if (value != null && cause instanceof RecordTooLargeException && value.length > TRUNCATED_VALUE_BYTES) {
            headers.put(VALUE_TRUNCATED, "true");
            headers.put(ORIGINAL_SIZE, Integer.toString(value.length));
            value = Arrays.copyOf(value, TRUNCATED_VALUE_BYTES);
        }
        letter.setBody(value);
        Object key = record.getMessage().getHeader(KafkaConstants.KEY);
        if (key != null) {
            letter.setHeader(KafkaConstants.KEY, key);
        }
        headers.put(ORIGINAL_TOPIC, originalTopic);
        headers.put(ERROR_CLASS, cause == null ? "unknown" : cause.getClass().getName());
        headers.put(ERROR_MESSAGE, cause == null ? "unknown" : String.valueOf(cause.getMessage()));
        headers.put(JOB_ID, jobId);
        headers.put(EXPORT_ID, exportId);
        headers.put(ATTEMPTS, Integer.toString(Records.attempts(record)));
        headers.put(FAILED_AT, Instant.now().toString());
        return letter;
    }

    /**
     * After the dead-letter sends: each letter Kafka acknowledged settles its record as dead-lettered; any
     * other (the send failed, or the split stopped at the first failure) settles as failed and fails the run.
     */
    @SuppressWarnings("unchecked")
    public void confirm(Exchange batch) {
        ExportRun run = ExportRuns.runOf(batch);
        List<Message> letters = batch.getIn().getBody(List.class);
        List<Exchange> sources = batch.getProperty(SOURCES, List.class);
        Throwable failure = batch.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int lost = 0;
        for (int i = 0; i < letters.size(); i++) {
            Message letter = letters.get(i);
            String reason = letter.getHeader(ERROR_CLASS, String.class) + ": " + letter.getHeader(ERROR_MESSAGE, String.class);
            if (Records.acked(letter)) {
                Records.settle(run, sources.get(i), RecordOutcome.DEAD_LETTERED, reason);
            } else {
                Records.settle(run, sources.get(i), RecordOutcome.FAILED, reason + "; not written to the dead-letter topic: " + failure);
                lost++;
            }
        }
        if (lost > 0) {
            throw new DeadLetterWriteException(lost + " record(s) could not be written to dead-letter topic '"
                    + run.job().delivery().deadLetterTopic() + "' on Kafka connection '" + run.job().kafkaConnection() + "': " + failure);
        }
    }
}
