package io.querycast.delivery;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One record on its way to Kafka: key, value, headers, and what happened to it so far. A plain object, not a
 * Camel exchange: a batch of them is one exchange ({@link RecordBatch}). {@link #settle} makes sure each record
 * is given exactly one outcome, whichever path (send, redelivery, dead letter) it took.
 *
 * @param <T> what the caller needs to know the record by when its outcome comes (an event's id; nothing for rows)
 */
public final class OutgoingRecord<T> {

    private final String key;
    private final byte[] value;
    private final Header[] headers;
    private final T source;
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile int attempts;
    private volatile Throwable error;
    private volatile RecordMetadata metadata;

    /** @param headers shared between records is fine: Kafka only reads them */
    public OutgoingRecord(String key, byte[] value, Header[] headers, T source) {
        this.key = key;
        this.value = value;
        this.headers = headers;
        this.source = source;
    }

    public String key() { return key; }
    public byte[] value() { return value; }
    public Header[] headers() { return headers; }
    public T source() { return source; }
    public int attempts() { return attempts; }
    /** The error of its last attempt (or why it could never be sent); null when acknowledged or not tried yet. */
    public Throwable error() { return error; }
    /** Where Kafka stored it; null until acknowledged. */
    public RecordMetadata metadata() { return metadata; }

    public int valueSize() {
        return value == null ? 0 : value.length;
    }

    public boolean acknowledged() {
        return metadata != null && error == null;
    }

    /** @return true when this call gave the record its outcome; false when it already had one */
    public boolean settle() {
        return settled.compareAndSet(false, true);
    }

    public boolean settled() {
        return settled.get();
    }

    void attempting() {
        attempts++;
        error = null;
        metadata = null;
    }

    void acknowledged(RecordMetadata m) {
        metadata = m;
    }

    /** A record that failed, or one that can never be sent as it is (NULL key, unreadable value). */
    public void failed(Throwable t) {
        error = t;
    }
}
