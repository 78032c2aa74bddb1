package io.querycast.events;

/**
 * What happened to one event: Kafka acknowledged it (topic, partition, offset) or it failed, with the HTTP
 * status its caller is answered with and why.
 */
public record EventOutcome(String id, String topic, int partition, long offset, int status, String error) {

    public static EventOutcome acked(String id, String topic, int partition, long offset) {
        return new EventOutcome(id, topic, partition, offset, 200, null);
    }

    public static EventOutcome failed(String id, String topic, int status, String error) {
        return new EventOutcome(id, topic, -1, -1, status, error);
    }

    public boolean ok() {
        return status == 200;
    }
}
