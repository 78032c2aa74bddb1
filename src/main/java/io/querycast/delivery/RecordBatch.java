package io.querycast.delivery;

import java.util.ArrayList;
import java.util.List;

/**
 * The body of the delivery routes (routes/templates/deliver-records.yaml, dead-letter.yaml): the records of one
 * batch still to be delivered, where they go, and whom to tell. {@link RecordSender} leaves in {@link #pending()}
 * only the records that failed with a retriable error, so a redelivery by Camel's error handler sends those and
 * nothing acknowledged again; records that failed for good move to {@link #deadLetters()}.
 */
public final class RecordBatch {

    private final String cluster;
    private final String topic;
    private final String deadLetterTopic;
    private final DeliveryOutcomes outcomes;
    private final List<OutgoingRecord<?>> pending;
    private final List<OutgoingRecord<?>> deadLetters = new ArrayList<>();

    /**
     * @param cluster         the Kafka connection's name: its shared producer sends the batch
     * @param deadLetterTopic where records that cannot be delivered go (same cluster)
     */
    public RecordBatch(String cluster, String topic, String deadLetterTopic, DeliveryOutcomes outcomes, int expectedSize) {
        this.cluster = cluster;
        this.topic = topic;
        this.deadLetterTopic = deadLetterTopic;
        this.outcomes = outcomes;
        this.pending = new ArrayList<>(expectedSize);
    }

    public String cluster() { return cluster; }
    public String topic() { return topic; }
    public String deadLetterTopic() { return deadLetterTopic; }
    public DeliveryOutcomes outcomes() { return outcomes; }

    /** Records to send (again). */
    public List<OutgoingRecord<?>> pending() { return pending; }

    /** Records that failed for good (or could never be sent), for the dead-letter route. */
    public List<OutgoingRecord<?>> deadLetters() { return deadLetters; }

    public void add(OutgoingRecord<?> record) {
        pending.add(record);
    }

    /** A record that can never be sent as it is: straight to the dead-letter route, with the reason. */
    public void addUnsendable(OutgoingRecord<?> record, Throwable reason) {
        record.failed(reason);
        deadLetters.add(record);
    }

    public int size() {
        return pending.size() + deadLetters.size();
    }
}
