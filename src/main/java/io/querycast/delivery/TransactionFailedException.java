package io.querycast.delivery;

/**
 * A record of an exactly-once run failed: the Kafka client makes the transaction abortable, so neither a redelivery
 * nor a dead letter can be sent in it. The delivery route passes it on (no redelivery, no dead-letter topic) and the
 * run aborts; the next run delivers the records again.
 */
public class TransactionFailedException extends RuntimeException {

    public TransactionFailedException(int failed, int tried, String topic, Throwable example) {
        super(failed + " of " + tried + " record(s) to " + topic + " failed in the run's Kafka transaction, which must now abort: "
                + describe(example), example);
    }

    /** Once the transaction is in error, later sends fail with a generic "error state": its cause is what failed first. */
    private static String describe(Throwable example) {
        Throwable root = example;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == example ? example.toString() : example + " (first failure: " + root + ")";
    }
}
