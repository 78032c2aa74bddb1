package io.querycast.delivery;

import io.querycast.run.ExportRun;
import io.querycast.run.ExportRuns;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultExchange;
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
    private static final String SOURCE = "querycastDeadLetterSource";

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
        List<Exchange> letters = new ArrayList<>(pending.size());
        for (Exchange record : pending) {
            letters.add(letterFor(record, batch, run));
        }
        batch.getIn().setBody(letters);
    }

    private static Exchange letterFor(Exchange record, Exchange batch, ExportRun run) {
        Throwable cause = Records.causeOf(record, batch);
        Exchange letter = new DefaultExchange(batch.getContext());
        letter.setProperty(SOURCE, record);
        byte[] value = record.getMessage().getBody(byte[].class);
        Map<String, Object> headers = letter.getIn().getHeaders();
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
        letter.getIn().setBody(value);
        Object key = record.getMessage().getHeader(KafkaConstants.KEY);
        if (key != null) {
            letter.getIn().setHeader(KafkaConstants.KEY, key);
        }
        headers.put(ORIGINAL_TOPIC, run.job().topic());
        headers.put(ERROR_CLASS, cause == null ? "unknown" : cause.getClass().getName());
        headers.put(ERROR_MESSAGE, cause == null ? "unknown" : String.valueOf(cause.getMessage()));
        headers.put(JOB_ID, run.jobId());
        headers.put(EXPORT_ID, run.runId());
        headers.put(ATTEMPTS, Integer.toString(Records.attempts(record)));
        headers.put(FAILED_AT, Instant.now().toString());
        return letter;
    }

    /** After the dead-letter send: each letter acknowledged settles its record; any other fails the run. */
    @SuppressWarnings("unchecked")
    public void confirm(Exchange batch) {
        ExportRun run = ExportRuns.runOf(batch);
        int lost = 0;
        Throwable example = null;
        for (Exchange letter : (List<Exchange>) batch.getIn().getBody(List.class)) {
            Exchange record = letter.getProperty(SOURCE, Exchange.class);
            String reason = letter.getIn().getHeader(ERROR_CLASS, String.class) + ": " + letter.getIn().getHeader(ERROR_MESSAGE, String.class);
            if (Records.acked(letter)) {
                Records.settle(run, record, RecordOutcome.DEAD_LETTERED, reason);
            } else {
                Throwable cause = Records.causeOf(letter, batch);
                example = example == null ? cause : example;
                Records.settle(run, record, RecordOutcome.FAILED, reason + "; dead-letter topic refused it: " + cause);
                lost++;
            }
        }
        if (lost > 0) {
            throw new DeadLetterWriteException(lost + " record(s) could not be written to dead-letter topic '"
                    + run.job().delivery().deadLetterTopic() + "' on Kafka connection '" + run.job().kafkaConnection() + "': " + example);
        }
    }
}
