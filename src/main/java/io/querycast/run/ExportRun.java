package io.querycast.run;

import io.querycast.job.ExportJob;
import io.querycast.message.ExportMetadata;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One execution of an export job, from trigger to summary: what ran, with which parameters, and the
 * counts of what happened to its rows. Counters are updated from Kafka callback threads, hence atomic.
 * The invariant at the end of a run: {@code rowsRead = sent + failed + deadLettered + skipped}.
 */
public final class ExportRun {

    private final String runId;
    private final ExportJob job;
    private final Trigger trigger;
    private final Map<String, String> parameters;
    private final Instant startedAt;
    private final ExportMetadata metadata;
    private final String exportMode;
    /** The file (and mail) a file export wrote; set once written. */
    private volatile RunOutput output = RunOutput.NONE;
    /** The schedule's fire time this run stands for; null for a run started on request. */
    private volatile Instant dueAt;

    private final AtomicLong rowsRead = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong kafkaNanos = new AtomicLong();

    /** Exactly-once: between the run's transaction's begin and its commit or abort; its records are not visible yet. */
    private volatile boolean inTransaction;
    /** Exactly-once: the records (sent and dead letters) an aborted transaction held. */
    private volatile long aborted;
    private volatile boolean transactionAborted;

    private volatile RunStatus status = RunStatus.RUNNING;
    private volatile Instant finishedAt;
    private volatile String error;
    private volatile String firstRecordError;
    private final RunMeters meters;
    private final RunOutcomes outcomes = new RunOutcomes(this);
    /** The metadata as Kafka headers, made once: every record of the run shares them. */
    private final org.apache.kafka.common.header.Header[] kafkaHeaders;

    /** Batches of the run between {@link #openBatch} and {@link #closeBatch}; guarded by {@code batchLock}. */
    private final Object batchLock = new Object();
    private int batchesInFlight;
    private boolean closing;

    ExportRun(String runId, ExportJob job, Trigger trigger, Map<String, String> parameters, Instant startedAt, ExportMetadata metadata) {
        this(runId, job, trigger, parameters, startedAt, metadata, RunMeters.NONE);
    }

    ExportRun(String runId, ExportJob job, Trigger trigger, Map<String, String> parameters, Instant startedAt, ExportMetadata metadata,
              RunMeters meters) {
        this.meters = meters;
        this.runId = runId;
        this.job = job;
        this.trigger = trigger;
        // declaration order, as the query file lists them
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.startedAt = startedAt;
        this.metadata = metadata;
        this.exportMode = job.output().mode().toString();
        this.kafkaHeaders = metadata == null ? new org.apache.kafka.common.header.Header[0] : ExportMessages.headersOf(this);
    }

    /** Whom the delivery path tells each record's outcome (the run's counts). */
    public io.querycast.delivery.DeliveryOutcomes outcomes() {
        return outcomes;
    }

    org.apache.kafka.common.header.Header[] kafkaHeaders() {
        return kafkaHeaders;
    }

    /** Records where a file export's rows went. */
    public void output(RunOutput output) {
        this.output = output == null ? RunOutput.NONE : output;
    }

    public RunOutput output() {
        return output;
    }

    synchronized boolean complete(RunStatus status, String error, Instant at) {
        if (this.status != RunStatus.RUNNING) {
            return false;
        }
        this.status = status;
        this.error = error;
        this.finishedAt = at;
        return true;
    }

    /** @return the rows read so far, these included */
    public long addRowsRead(long n) {
        long total = rowsRead.addAndGet(n);
        meters.rowsRead(n);
        return total;
    }

    public void addSent(long records, long valueBytes) {
        sent.addAndGet(records);
        bytes.addAndGet(valueBytes);
        meters.sent(records, valueBytes);
    }

    /** A record that was not delivered; the first reason is kept for the run's summary. */
    public void addFailed(String reason) {
        failed.incrementAndGet();
        meters.failed(1);
        if (firstRecordError == null) {
            firstRecordError = reason;
        }
    }

    /** A record the dead-letter topic took instead of the job's topic. */
    public void addDeadLettered(String reason) {
        deadLettered.incrementAndGet();
        meters.deadLettered(1);
        if (firstRecordError == null) {
            firstRecordError = reason;
        }
    }

    /** A row a job step dropped (or a dead letter a replay cannot send): never sent, on purpose. */
    public void addSkipped() {
        skipped.incrementAndGet();
        meters.skipped(1);
    }

    /**
     * Counts as failed every row read that got no outcome: the records of a batch in flight when the run
     * stopped on an error or a shutdown. Their delivery is unknown, so they are not counted as sent.
     *
     * @return how many were added
     */
    long settleRemainingAsFailed(String reason) {
        long open = rowsRead.get() - sent.get() - failed.get() - deadLettered.get() - skipped.get();
        if (open > 0) {
            failed.addAndGet(open);
            meters.failedUnknown(open);
            if (firstRecordError == null) {
                firstRecordError = reason;
            }
        }
        return Math.max(open, 0);
    }

    /**
     * A batch starts: counted in flight until {@link #closeBatch}. Refused once the run is closing, so no
     * batch starts after {@link #awaitBatches} saw none in flight.
     */
    public boolean openBatch() {
        synchronized (batchLock) {
            if (closing) {
                return false;
            }
            batchesInFlight++;
            return true;
        }
    }

    /** A batch is settled (every record has its outcome) or failed as a whole. */
    public void closeBatch() {
        synchronized (batchLock) {
            batchesInFlight--;
            batchLock.notifyAll();
        }
    }

    /**
     * Closes the run to new batches and waits until those in flight are settled, so the run's counts are
     * final when it is recorded: batches run concurrently, and when one fails (stopOnException) or the
     * application stops, the others still get their acknowledgements.
     *
     * @return the batches still in flight when the wait ended (0 unless it timed out)
     */
    int awaitBatches(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (batchLock) {
            closing = true;
            long left;
            while (batchesInFlight > 0 && (left = deadline - System.nanoTime()) > 0) {
                batchLock.wait(Math.max(1, left / 1_000_000));
            }
            return batchesInFlight;
        }
    }

    /** Exactly-once: the run's Kafka transaction began; checkpoints count nothing as sent until it commits. */
    public void transactionBegun() {
        inTransaction = true;
    }

    /** Exactly-once: the transaction committed; what was acknowledged in it is visible, and counted so. */
    public void transactionCommitted() {
        inTransaction = false;
    }

    /**
     * Exactly-once: the transaction was aborted, so nothing it held is visible. The records acknowledged and the
     * letters written in it count as failed from now on (the invariant holds); {@link #aborted()} says how many.
     *
     * @return that number
     */
    public synchronized long transactionAborted(String reason) {
        long n = sent.getAndSet(0) + deadLettered.getAndSet(0);
        failed.addAndGet(n);
        aborted += n;
        inTransaction = false;
        transactionAborted = true;
        if (firstRecordError == null) {
            firstRecordError = reason;
        }
        return n;
    }

    public long aborted() { return aborted; }

    /** Exactly-once: whether the run's transaction was aborted. */
    public boolean transactionWasAborted() { return transactionAborted; }

    public boolean inTransaction() { return inTransaction; }

    public void addKafkaTime(long nanos) {
        kafkaNanos.addAndGet(nanos);
    }

    /** The time one batch took to be delivered: added to the run's Kafka time and reported to the meters. */
    void batchDelivered(long nanos) {
        addKafkaTime(nanos);
        meters.batchDelivered(Duration.ofNanos(nanos));
    }

    RunMeters meters() {
        return meters;
    }

    void dueAt(Instant due) {
        this.dueAt = due;
    }

    public Instant dueAt() { return dueAt; }

    public String runId() { return runId; }
    public ExportJob job() { return job; }
    public String jobId() { return job.id(); }
    public Trigger trigger() { return trigger; }
    public Map<String, String> parameters() { return parameters; }
    public Instant startedAt() { return startedAt; }
    public Instant finishedAt() { return finishedAt; }
    public RunStatus status() { return status; }
    public String error() { return error; }
    public String firstRecordError() { return firstRecordError; }
    public ExportMetadata metadata() { return metadata; }
    public String exportMode() { return exportMode; }
    public long rowsRead() { return rowsRead.get(); }
    public long sent() { return sent.get(); }
    public long failed() { return failed.get(); }
    public long deadLettered() { return deadLettered.get(); }
    public long skipped() { return skipped.get(); }
    public long bytes() { return bytes.get(); }
    public Duration kafkaDuration() { return Duration.ofNanos(kafkaNanos.get()); }

    public Duration duration() {
        Instant end = finishedAt == null ? Instant.now() : finishedAt;
        return Duration.between(startedAt, end);
    }

    /**
     * The run as it stands now; synchronized with {@link #complete} so status, end and error agree. An exactly-once run's
     * records are not visible before its transaction commits: until then it shows none sent or dead-lettered, so a
     * checkpoint a killed process leaves (its transaction aborted by the broker) counts nothing delivered.
     */
    public synchronized RunRecord snapshot() {
        boolean hidden = inTransaction;
        return new RunRecord(runId, job.id(), job.queryFile(), job.dbConnection(), trigger, parameters, startedAt, finishedAt,
                status, error, rowsRead(), hidden ? 0 : sent(), failed(), hidden ? 0 : deadLettered(), bytes(), duration(), kafkaDuration(),
                job.topic(), job.kafkaConnection(), exportMode, null, dueAt, skipped(), output);
    }

    @Override
    public String toString() {
        return "ExportRun[" + runId + " job=" + job.id() + " status=" + status + " read=" + rowsRead + " sent=" + sent
                + " failed=" + failed + " deadLettered=" + deadLettered + " skipped=" + skipped + "]";
    }
}
