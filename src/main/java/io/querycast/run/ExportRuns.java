package io.querycast.run;

import io.querycast.job.ExportJob;
import io.querycast.job.JobCatalog;
import io.querycast.job.RunParameters;
import io.querycast.message.ExportMetadata;
import io.querycast.query.QueryFile;
import io.querycast.query.QueryLibrary;
import org.apache.camel.Exchange;
import org.apache.camel.component.sql.SqlConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The run lifecycle steps the export route calls by bean name ({@code exportRuns}): start a run and
 * prepare its query, count each batch's delivery outcomes, and close the run with a one-line summary.
 */
public class ExportRuns {

    public static final String PROPERTY_RUN = "querycast.run";
    public static final String PROPERTY_SEND_STARTED = "querycast.sendStartedNanos";
    /** On a batch: the run's rows read once this batch was read (batches are read while others are in flight). */
    public static final String PROPERTY_ROWS_READ_AFTER = "querycast.rowsReadAfter";
    public static final String PROPERTY_ROWS_READ_BEFORE = "querycast.rowsReadBefore";
    /** Keys a manual trigger puts into the Quartz job data map. */
    public static final String TRIGGER_KEY = "querycast.trigger";
    public static final String OVERRIDES_KEY = "querycast.overrides";
    public static final String RUN_ID_KEY = "querycast.runId";
    /**
     * Key the scheduler puts into a fire's merged job data map: the schedule's fire time the run stands for
     * (epoch milliseconds), the missed one for a catch-up or a recovery. Date parameters resolve against it.
     */
    public static final String DUE_AT_KEY = "querycast.dueAt";

    private static final Logger LOG = LoggerFactory.getLogger(ExportRuns.class);
    /**
     * How long a closing run waits for its batches in flight: longer than the producer's default
     * delivery.timeout.ms (120 s), after which Kafka itself gives every record an outcome.
     */
    static final Duration BATCH_DRAIN_TIMEOUT = Duration.ofMinutes(3);
    private static final DateTimeFormatter EXPORT_TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

    private final JobCatalog jobs;
    private final QueryLibrary queries;
    private final RunHistory history;
    private final RunIdGenerator runIds;
    private final Clock clock;
    private final RunMeters.Factory meters;
    private final List<RunListener> listeners;
    private final ErrorRedaction redaction;

    public ExportRuns(JobCatalog jobs, QueryLibrary queries, RunHistory history, RunIdGenerator runIds, Clock clock) {
        this(jobs, queries, history, runIds, clock, RunMeters.Factory.NONE);
    }

    public ExportRuns(JobCatalog jobs, QueryLibrary queries, RunHistory history, RunIdGenerator runIds, Clock clock, RunMeters.Factory meters) {
        this(jobs, queries, history, runIds, clock, meters, List.of());
    }

    public ExportRuns(JobCatalog jobs, QueryLibrary queries, RunHistory history, RunIdGenerator runIds, Clock clock, RunMeters.Factory meters,
                      List<RunListener> listeners) {
        this(jobs, queries, history, runIds, clock, meters, listeners, ErrorRedaction.NONE);
    }

    public ExportRuns(JobCatalog jobs, QueryLibrary queries, RunHistory history, RunIdGenerator runIds, Clock clock, RunMeters.Factory meters,
                      List<RunListener> listeners, ErrorRedaction redaction) {
        this.meters = meters;
        this.listeners = List.copyOf(listeners);
        this.redaction = redaction;
        this.jobs = jobs;
        this.queries = queries;
        this.history = history;
        this.runIds = runIds;
        this.clock = clock;
    }

    /** The facts every record of a run carries ({@code _metadata}, headers), for a run starting at {@code local}. */
    public static ExportMetadata metadataFor(ExportJob job, String runId, LocalDateTime local) {
        return new ExportMetadata(job.id(), job.queryFile(), job.dbConnection(), EXPORT_TS.format(local), runId);
    }

    public static ExportRun runOf(Exchange exchange) {
        ExportRun run = exchange.getProperty(PROPERTY_RUN, ExportRun.class);
        if (run == null) {
            throw new IllegalStateException("no export run on exchange " + exchange.getExchangeId());
        }
        return run;
    }

    /** First step of a run: records it as running, resolves its parameters and sets the SQL and its bound values. */
    public void start(Exchange exchange) {
        ExportJob job = jobs.require(exchange.getFromRouteId());
        Map<?, ?> data = exchange.getIn().getHeader("mergedJobDataMap", Map.class);
        Trigger trigger = triggerOf(data);
        Map<String, String> overrides = overridesOf(data);

        Instant now = clock.instant();
        Instant due = dueAtOf(data);
        // a catch-up of yesterday's missed fire exports yesterday's {date}
        LocalDateTime local = LocalDateTime.ofInstant(due == null ? now : due, job.timezone());
        Object requestedId = data == null ? null : data.get(RUN_ID_KEY);
        String runId = requestedId != null ? requestedId.toString() : runIds.next(job.queryFile(), local);
        ExportMetadata metadata = metadataFor(job, runId, local);
        RunLogContext.put(runId, job.id());
        QueryFile query;
        RunParameters params;
        try {
            query = queries.load(job.queryFile());
            params = RunParameters.resolve(job, query, overrides, local.toLocalDate());
        } catch (RuntimeException e) {
            // recorded as a run, so a broken query file or a missing value shows in history, not only in the log
            ExportRun failed = new ExportRun(runId, job, trigger, overrides, now, metadata, meters.open(job));
            failed.dueAt(due);
            history.started(failed);
            exchange.setProperty(PROPERTY_RUN, failed);
            throw e;
        }
        ExportRun run = new ExportRun(runId, job, trigger, params.values(), now, metadata, meters.open(job));
        run.dueAt(due);
        history.started(run);
        exchange.setProperty(PROPERTY_RUN, run);
        exchange.setProperty(ExportMessages.PROPERTY_BUILDER, new AtomicReference<>());
        exchange.getIn().setBody(query.jdbcSql());
        exchange.getIn().setHeader(SqlConstants.SQL_PARAMETERS, params.bindValues());
        LOG.info("Export started: job={} run={} trigger={} query={} db={} parameters={} -> topic={} on kafka={}",
                job.id(), runId, trigger, job.queryFile(), job.dbConnection(), redaction.redact(String.valueOf(run.parameters())), job.topic(),
                job.kafkaConnection());
    }

    /** Split step: a batch starts, unless the run is already closing (the split's filter then skips it). */
    public boolean openBatch(Exchange exchange) {
        // an incremental run's batch may be left empty by the overlap's duplicate suppression: nothing to send
        if (exchange.getIn().getBody() instanceof List<?> rows && rows.isEmpty()) {
            return false;
        }
        return runOf(exchange).openBatch();
    }

    /** Split step (doFinally): the batch is settled or failed; the run may close once none is in flight. */
    public void closeBatch(Exchange exchange) {
        runOf(exchange).closeBatch();
    }

    /**
     * Waits for the batches still in flight: their records get their true outcome (sent, dead-lettered,
     * failed) before the run counts what is left as failed. Bounded by {@link #BATCH_DRAIN_TIMEOUT}.
     */
    private static void awaitBatches(ExportRun run) {
        try {
            int left = run.awaitBatches(BATCH_DRAIN_TIMEOUT);
            if (left > 0) {
                LOG.warn("Export closing: job={} run={} {} batch(es) still unsettled after {} s; their records count as failed",
                        run.jobId(), run.runId(), left, BATCH_DRAIN_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * After each batch was delivered (or dead-lettered): adds the time Kafka took, logs progress on long
     * runs, and stops the run between two batches when the application is shutting down.
     */
    public void batchDone(Exchange exchange) {
        ExportRun run = runOf(exchange);
        Long started = exchange.getProperty(PROPERTY_SEND_STARTED, Long.class);
        if (started != null) {
            run.batchDelivered(System.nanoTime() - started);
        }
        Long before = exchange.getProperty(PROPERTY_ROWS_READ_BEFORE, Long.class);
        Long after = exchange.getProperty(PROPERTY_ROWS_READ_AFTER, Long.class);
        if (before != null && after != null && crossedProgressMark(run, before, after)) {
            logProgress(run, after);
            // what the history keeps should the process die now (kill -9): the counts as of this mark
            history.checkpoint(run);
        }
        if (exchange.getContext().isStopping()) {
            throw new RunInterruptedException("interrupted by application shutdown after " + fmt(run.rowsRead()) + " rows");
        }
    }

    /** Whether this batch's rows crossed a multiple of the job's progress_every. */
    private static boolean crossedProgressMark(ExportRun run, long before, long read) {
        long every = run.job().progressEvery();
        return read / every > before / every;
    }

    private static void logProgress(ExportRun run, long read) {
        double seconds = Math.max(run.duration().toMillis(), 1) / 1000.0;
        LOG.info("Export progress: job={} run={} rows={} sent={} failed={} rate={} rows/s",
                run.jobId(), run.runId(), fmt(read), fmt(run.sent()), fmt(run.failed()), fmt((long) (read / seconds)));
    }

    /**
     * Last step of a run that got through its query: the status follows from the share of rows sent —
     * all of them: success; at least the job's success_threshold: partial; fewer: failed.
     */
    public void finish(Exchange exchange) {
        finishRun(runOf(exchange));
    }

    /**
     * A run of its own for re-sending a job's dead letters (trigger {@code replay}): recorded as running now,
     * with {@code description} (the replay's filters) as its parameters. Its rows are the letters chosen; the
     * caller counts them ({@link ExportRun#addRowsRead}), hands them to the job's delivery route and ends the run
     * with {@link #finishRun(ExportRun)} or {@link #failReplay(ExportRun, Exception)}. Named apart from the route's
     * steps ({@code finish}, {@code failed}): the templates call those by bare name, which an overload makes ambiguous.
     */
    public ExportRun startReplay(ExportJob job, Map<String, String> description) {
        Instant now = clock.instant();
        LocalDateTime local = LocalDateTime.ofInstant(now, job.timezone());
        String runId = runIds.next(job.queryFile(), local);
        ExportRun run = new ExportRun(runId, job, Trigger.REPLAY, description, now, metadataFor(job, runId, local), meters.open(job));
        history.started(run);
        LOG.info("Replay started: job={} run={} dead-letter topic={} filters={}", job.id(), runId, job.delivery().deadLetterTopic(),
                redaction.redact(String.valueOf(description)));
        return run;
    }

    /**
     * Ends a replay that stopped on an error (the dead-letter topic could not be read, a letter could not be re-sent).
     * Not an overload of {@link #failed(Exchange)}: the export route calls that one by name, and Camel finds two
     * methods of one name ambiguous when a run fails.
     */
    public void failReplay(ExportRun run, Exception cause) {
        run.settleRemainingAsFailed(redaction.redact(describe(cause)));
        complete(run, RunStatus.FAILED, String.format(Locale.ROOT, "Replay failed after %s letters: %s sent, %s dead-lettered, %s failed; cause: %s",
                fmt(run.rowsRead()), fmt(run.sent()), fmt(run.deadLettered()), fmt(run.failed()), describe(cause)));
    }

    /** Ends a run whose batches are all handed over: its status from the share of rows sent. */
    public void finishRun(ExportRun run) {
        awaitBatches(run);
        run.settleRemainingAsFailed("delivery outcome unknown");
        // rows a job step skipped were meant not to be sent: the share is of the rows to send
        long read = run.rowsRead() - run.skipped();
        double percent = read == 0 ? 100.0 : run.sent() * 100.0 / read;
        RunStatus status = run.sent() == read ? RunStatus.SUCCESS
                : percent >= run.job().delivery().successThreshold() ? RunStatus.PARTIAL : RunStatus.FAILED;
        String error = status == RunStatus.SUCCESS ? null : String.format(Locale.ROOT,
                "Kafka export %s: %s/%s sent (%.1f %%), %s dead-lettered, %s failed; first error: %s",
                status == RunStatus.FAILED ? "failed" : "partly failed", fmt(run.sent()), fmt(read), percent,
                fmt(run.deadLettered()), fmt(run.failed()), run.firstRecordError());
        complete(run, status, error);
    }

    /** Called by the error handler when a run stops on an exception (query, connection, dead-letter topic, shutdown). */
    public void failed(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (cause == null) {
            cause = exchange.getException();
        }
        String message = redaction.redact(describe(cause));
        ExportRun run = exchange.getProperty(PROPERTY_RUN, ExportRun.class);
        if (run == null) {
            // the message only: a stack trace would repeat the driver's text unmasked
            LOG.error("Export could not start: route={} error={}", exchange.getFromRouteId(), message);
            return;
        }
        boolean interrupted = causedBy(cause, RunInterruptedException.class);
        awaitBatches(run);
        run.settleRemainingAsFailed(interrupted ? "run interrupted" : message);
        String summary = String.format(Locale.ROOT, "%s after %s rows: %s sent, %s dead-lettered, %s failed",
                interrupted ? "Run interrupted" : "Run failed", fmt(run.rowsRead()), fmt(run.sent()), fmt(run.deadLettered()), fmt(run.failed()))
                + abortedNote(run);
        complete(run, interrupted ? RunStatus.INTERRUPTED : RunStatus.FAILED, summary + (interrupted ? "" : "; cause: " + message));
    }

    /** Exactly-once: how many records the run's aborted transaction held (counted failed, never visible). */
    private static String abortedNote(ExportRun run) {
        return !run.transactionWasAborted() ? "" : String.format(Locale.ROOT,
                " (exactly-once: transaction aborted, %s record(s) written in it are not visible to read_committed consumers;"
                        + " the next run delivers them again)", fmt(run.aborted()));
    }

    /**
     * Waits for the run's batches in flight (bounded), for a step that must act only once none is left: an
     * exactly-once run's abort.
     */
    public static void awaitSettled(ExportRun run) {
        awaitBatches(run);
    }

    private void complete(ExportRun run, RunStatus status, String text) {
        // the history and the log get the text with every configured secret masked
        String error = redaction.redact(text);
        if (!run.complete(status, error, clock.instant())) {
            return;
        }
        try {
            run.meters().finished(status, run.duration());
        } catch (RuntimeException e) {
            // metrics never decide a run's fate: the history still gets its end
            LOG.warn("Metrics: the end of run {} could not be counted: {}", run.runId(), e.toString());
        }
        history.finished(run);
        long millis = Math.max(run.duration().toMillis(), 1);
        String line = String.format(Locale.ROOT,
                "Export finished: job=%s run=%s status=%s rows=%s sent=%s failed=%s dead_lettered=%s skipped=%s duration=%.1fs rate=%s msg/s topic=%s",
                run.jobId(), run.runId(), status, fmt(run.rowsRead()), fmt(run.sent()), fmt(run.failed()), fmt(run.deadLettered()), fmt(run.skipped()),
                millis / 1000.0, fmt(run.sent() * 1000 / millis), run.job().topic());
        if (status == RunStatus.SUCCESS) {
            LOG.info(line);
        } else {
            LOG.error("{} error={}", line, error);
        }
        RunRecord record = run.snapshot();
        for (RunListener listener : listeners) {
            try {
                listener.runFinished(record);
            } catch (RuntimeException e) {
                LOG.warn("Run {}: a listener of its end failed: {}", run.runId(), e.toString());
            }
        }
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        StringBuilder sb = new StringBuilder();
        Throwable c = t;
        int depth = 0;
        while (c != null && depth++ < 5) {
            // Camel's wrappers ("Multicast processing failed for number 19 ...") only repeat their cause
            if (!(c instanceof org.apache.camel.CamelExchangeException) || c.getCause() == null) {
                if (sb.length() > 0) {
                    sb.append(" <- ");
                }
                sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
            }
            if (c.getCause() == c) {
                break;
            }
            c = c.getCause();
        }
        return sb.toString();
    }

    private static Trigger triggerOf(Map<?, ?> data) {
        Object t = data == null ? null : data.get(TRIGGER_KEY);
        return t == null ? Trigger.CRON : Trigger.valueOf(t.toString().toUpperCase(Locale.ROOT));
    }

    private static Instant dueAtOf(Map<?, ?> data) {
        Object due = data == null ? null : data.get(DUE_AT_KEY);
        if (due instanceof Number n) {
            return Instant.ofEpochMilli(n.longValue());
        }
        return due == null ? null : Instant.ofEpochMilli(Long.parseLong(due.toString()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> overridesOf(Map<?, ?> data) {
        Object o = data == null ? null : data.get(OVERRIDES_KEY);
        return o instanceof Map<?, ?> m ? (Map<String, String>) m : Map.of();
    }

    static String fmt(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
