package io.querycast.delivery;

import org.apache.camel.Exchange;
import org.apache.kafka.clients.producer.Producer;

/**
 * The Kafka transaction of an exactly-once run: its job's transactional producer ({@link KafkaClusters#transactionalProducer})
 * and the transaction begun on it. Set on the run's exchange as property {@value #PROPERTY} by the export route's
 * {@code exactlyOnceRuns.begin} step; the split's batches and the delivery and dead-letter routes get copies of that
 * exchange, so {@link #producerFor} is the one place {@link RecordSender} and {@link DeadLetterSender} choose the run's
 * producer over the cluster's shared one.
 */
public final class RunTransaction {

    public static final String PROPERTY = "querycast.transaction";

    private final KafkaClusters clusters;
    private final String jobId;
    private final Producer<String, byte[]> producer;
    private volatile boolean open = true;

    private RunTransaction(KafkaClusters clusters, String jobId, Producer<String, byte[]> producer) {
        this.clusters = clusters;
        this.jobId = jobId;
        this.producer = producer;
    }

    /** Begins a transaction on the job's producer; a producer left unusable by an earlier run is replaced once. */
    public static RunTransaction begin(KafkaClusters clusters, String cluster, String jobId) {
        Producer<String, byte[]> producer = clusters.transactionalProducer(cluster, jobId);
        try {
            producer.beginTransaction();
        } catch (RuntimeException e) {
            clusters.discardTransactional(jobId);
            producer = clusters.transactionalProducer(cluster, jobId);
            producer.beginTransaction();
        }
        return new RunTransaction(clusters, jobId, producer);
    }

    /** The run's transaction, if the exchange belongs to an exactly-once run. */
    public static RunTransaction of(Exchange exchange) {
        return exchange.getProperty(PROPERTY, RunTransaction.class);
    }

    /** The producer a delivery step sends with: the run's transactional one, else the cluster's shared one. */
    static Producer<String, byte[]> producerFor(Exchange exchange, KafkaClusters clusters, String cluster) {
        RunTransaction tx = of(exchange);
        return tx != null ? tx.producer : clusters.producer(cluster);
    }

    public Producer<String, byte[]> producer() {
        return producer;
    }

    /** Makes every record sent in the transaction visible to read_committed consumers; throws when it cannot. */
    public void commit() {
        producer.commitTransaction();
        open = false;
    }

    /**
     * Aborts the transaction (nothing of it becomes visible). When the producer cannot abort (fenced, fatal error),
     * it is closed: the broker aborts the transaction at the next initTransactions of the id or after its timeout.
     *
     * @return null, or why the abort itself failed
     */
    public String abort() {
        if (!open) {
            return null;
        }
        open = false;
        try {
            producer.abortTransaction();
            return null;
        } catch (RuntimeException e) {
            clusters.discardTransactional(jobId);
            return e.toString();
        }
    }

    public boolean isOpen() {
        return open;
    }
}
