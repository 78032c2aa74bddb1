package io.querycast.feed;

import io.querycast.delivery.KafkaClusters;
import io.querycast.delivery.RunTransaction;
import io.querycast.job.ExportJob;
import io.querycast.run.ExportRun;
import io.querycast.run.ExportRuns;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * The export route's steps of a job with {@code exactly_once} ({@code exactlyOnceRuns}); other jobs pass through
 * untouched. A run is one Kafka transaction on the job's transactional producer: {@link #begin} once the run started
 * and its topics are checked (the exchange then carries the {@link RunTransaction}, which the delivery path sends
 * with); {@link #commit} once every batch is settled: an incremental job's new watermark goes to the state topic in
 * the same transaction, then the transaction commits, then the state store's copy is updated; {@link #abort} on any
 * failure, once no batch is in flight: nothing of the run becomes visible, and its counts say so.
 */
public class ExactlyOnceRuns {

    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceRuns.class);

    private final KafkaClusters clusters;
    private final StateTopic stateTopic;
    private final WatermarkStore store;
    private final Clock clock;

    public ExactlyOnceRuns(KafkaClusters clusters, StateTopic stateTopic, WatermarkStore store, Clock clock) {
        this.clusters = clusters;
        this.stateTopic = stateTopic;
        this.store = store;
        this.clock = clock;
    }

    public void begin(Exchange exchange) {
        ExportRun run = ExportRuns.runOf(exchange);
        ExportJob job = run.job();
        if (!job.exactlyOnce()) {
            return;
        }
        if (job.feed().incremental()) {
            stateTopic.ensure(job.kafkaConnection());
        }
        // initTransactions on the job's first run here: a killed process's open transaction of this id is aborted
        RunTransaction tx = RunTransaction.begin(clusters, job.kafkaConnection(), job.id());
        exchange.setProperty(RunTransaction.PROPERTY, tx);
        run.transactionBegun();
        LOG.info("Exactly-once: job={} run={} transaction begun (transactional.id={})", job.id(), run.runId(),
                clusters.exactlyOnce().transactionalId(job.id()));
    }

    public void commit(Exchange exchange) {
        RunTransaction tx = RunTransaction.of(exchange);
        if (tx == null) {
            return;
        }
        ExportRun run = ExportRuns.runOf(exchange);
        ExportJob job = run.job();
        FeedProgress progress = exchange.getProperty(FeedRuns.PROPERTY, FeedProgress.class);
        Position upTo = progress == null ? null : progress.settledUpTo();
        boolean moves = upTo != null && upTo.compareTo(progress.from.position()) > 0;
        if (moves) {
            stateTopic.send(tx.producer(), job.id(), new StateRecord(upTo, progress.from.sqlHash(), run.runId(), progress.from.revision() + 1));
        }
        tx.commit();
        run.transactionCommitted();
        LOG.info("Exactly-once: job={} run={} transaction committed: {} record(s) sent, {} dead-lettered{}", job.id(), run.runId(),
                run.sent(), run.deadLettered(), moves ? ", watermark " + progress.from.position() + " -> " + upTo : "");
        if (!moves) {
            return;
        }
        try {
            if (!store.advance(job.id(), progress.from.revision(), upTo, clock.instant(), "run " + run.runId())) {
                LOG.warn("Feed {}: run {} committed watermark {}, but an operator changed the state store's meanwhile (their value stands)",
                        job.id(), run.runId(), upTo);
            }
        } catch (RuntimeException e) {
            // the state topic has it: the next run starts from there and brings the store up to date
            LOG.warn("Feed {}: run {} committed watermark {} to {}; the state store's copy could not be updated: {}", job.id(), run.runId(),
                    upTo, stateTopic.name(), e.toString());
        }
        if (progress.suppressDuplicates) {
            progress.memory.pruneBelow(FeedRuns.below(upTo, job.feed()));
        }
    }

    public void abort(Exchange exchange) {
        RunTransaction tx = RunTransaction.of(exchange);
        if (tx == null || !tx.isOpen()) {
            return;
        }
        ExportRun run = ExportRuns.runOf(exchange);
        // the batches still in flight get their outcome first: nothing may be sent after the abort
        ExportRuns.awaitSettled(run);
        String abortFailure;
        try {
            abortFailure = tx.abort();
        } catch (RuntimeException e) {
            abortFailure = e.toString();
        }
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        long aborted = run.transactionAborted("transaction aborted: " + (cause == null ? "run failed" : cause.getMessage()));
        FeedProgress progress = exchange.getProperty(FeedRuns.PROPERTY, FeedProgress.class);
        if (progress != null) {
            // rows this run marked delivered (overlap suppression) were not: forget them
            progress.memory.reset();
        }
        LOG.warn("Exactly-once: job={} run={} transaction aborted: {} record(s) written in it are not visible to read_committed consumers;"
                        + " the next run delivers them again{}", run.jobId(), run.runId(), aborted,
                abortFailure == null ? "" : " (the abort itself failed, the producer is closed and the broker aborts it: " + abortFailure + ")");
    }
}
