package io.querycast.feed;

import io.querycast.config.Connections;
import io.querycast.config.DatabaseType;
import io.querycast.job.ExportJob;
import io.querycast.query.DatabasePools;
import io.querycast.query.Row;
import io.querycast.run.ExportRun;
import io.querycast.run.ExportRuns;
import org.apache.camel.Exchange;
import org.apache.camel.component.sql.SqlConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The export route's steps for incremental jobs ({@code feedRuns}); a bulk job passes through them untouched.
 * {@link #bound} (before the query): the watermark, the query-text check, the database's ceiling, and the
 * query wrapped in the bound conditions. {@link #select} (each batch as read): positions, and the rows already
 * delivered within the overlap left out. {@link #settled} (each batch delivered). {@link #advance} (run end):
 * the watermark moves to the last row of the settled prefix, never past a row whose record has no outcome.
 * An exactly-once job starts from the watermark committed to the state topic ({@link CommittedWatermarks}) and moves it
 * in its run's transaction ({@link ExactlyOnceRuns#commit}), not here.
 */
public class FeedRuns {

    static final String PROPERTY = "querycast.feed";
    private static final Logger LOG = LoggerFactory.getLogger(FeedRuns.class);

    private final WatermarkStore store;
    private final FeedMemory.All memory;
    private final DatabasePools pools;
    private final Connections connections;
    private final Clock clock;
    private final FeedMeters meters;
    private final PollBounds bounds = new PollBounds();
    private final CommittedWatermarks committed;

    /** @param stateTopic where exactly-once jobs' watermarks are committed */
    public FeedRuns(WatermarkStore store, FeedMemory.All memory, DatabasePools pools, Connections connections, Clock clock, FeedMeters meters,
                    StateTopic stateTopic) {
        this.committed = new CommittedWatermarks(stateTopic, store, clock);
        this.store = store;
        this.memory = memory;
        this.pools = pools;
        this.connections = connections;
        this.clock = clock;
        this.meters = meters;
    }

    /** Before the query: for an incremental job, the SQL and parameters become the poll's. */
    @SuppressWarnings("unchecked")
    public void bound(Exchange exchange) throws SQLException {
        ExportRun run = ExportRuns.runOf(exchange);
        ExportJob job = run.job();
        if (!job.feed().incremental()) {
            return;
        }
        FeedMemory mem = memory.of(job.id());
        meters.watch(job.id(), mem);
        String querySql = exchange.getIn().getBody(String.class);
        List<Object> queryBinds = exchange.getIn().getHeader(SqlConstants.SQL_PARAMETERS, List.class);
        queryBinds = queryBinds == null ? List.of() : queryBinds;
        String hash = QueryHash.of(querySql, job.feed());
        Watermark wm = store.find(job.id()).orElse(null);
        if (wm == null) {
            store.create(job.id(), hash, clock.instant(), "run " + run.runId());
            wm = store.find(job.id()).orElseThrow();
        }
        if (job.exactlyOnce()) {
            // the watermark committed with the records of the last run wins over the store's copy when newer
            wm = committed.startingPoint(job.kafkaConnection(), job.id(), wm);
        }
        if (!wm.sqlHash().equals(hash)) {
            String message = "job " + job.id() + ": the query " + job.queryFile() + " (or the feed's mode or columns) changed since its watermark ("
                    + wm.position() + ") was stored: rows below it may now be new to the feed. The job does not run until an operator"
                    + " confirms the watermark (POST /api/jobs/" + job.id() + "/watermark/confirm) or sets it (PUT /api/jobs/" + job.id() + "/watermark)";
            mem.failed(message);
            throw new FeedRefusedException(message);
        }
        DatabaseType type = connections.database(job.dbConnection()).orElseThrow().type();
        PollBound bound = bounds.of(job, type);
        Ceiling ceiling;
        try {
            ceiling = bound.ceiling(new PollBound.Poll(job, pools.pool(job.dbConnection()), querySql, queryBinds, wm.position(), mem.marks, clock));
        } catch (SQLException e) {
            mem.failed("the bound of the poll could not be read: " + e.getMessage());
            throw e;
        }
        Instant now = clock.instant();
        mem.polled(ceiling, now);
        boolean overlap = bound.overlaps() && (job.feed().overlap().toSeconds() > 0 || job.feed().overlapIds() > 0);
        Position readFrom = overlap ? below(wm.position(), job.feed()) : wm.position();
        FeedSql.Statement poll = FeedSql.poll(querySql, queryBinds, job.feed(), readFrom, ceiling, bound.idExpression());
        exchange.getIn().setBody(poll.sql());
        exchange.getIn().setHeader(SqlConstants.SQL_PARAMETERS, poll.binds());
        exchange.setProperty(PROPERTY, new FeedProgress(job, wm, readFrom, overlap, mem, ceiling));
        LOG.debug("Feed {}: run {} reads after {} (watermark {}) below {} by {}; bound lag {} s", job.id(), run.runId(), readFrom, wm.position(),
                ceiling.timestampBelow() != null ? ceiling.timestampBelow() : "id " + ceiling.idAtMost(), ceiling.method(), mem.lag().toSeconds());
    }

    /** The watermark moved back by the overlap: rows there are read again, and those already delivered left out. */
    static Position below(Position watermark, ExportJob.Feed feed) {
        if (feed.usesTimestamp()) {
            Object ts = watermark.timestamp();
            if (ts == null) {
                return Position.START;
            }
            Object back = ts instanceof OffsetDateTime o ? o.minus(feed.overlap()) : ((LocalDateTime) ts).minus(feed.overlap());
            return new Position(back, null);
        }
        return watermark.id() == null ? Position.START : new Position(null, watermark.id() - feed.overlapIds());
    }

    /** Split step, each batch as read: its last position; rows delivered before within the overlap are dropped. */
    @SuppressWarnings("unchecked")
    public void select(Exchange batch) {
        FeedProgress progress = batch.getProperty(PROPERTY, FeedProgress.class);
        if (progress == null) {
            return;
        }
        List<Row> rows = batch.getIn().getBody(List.class);
        int index = batch.getProperty(Exchange.SPLIT_INDEX, Integer.class);
        if (rows == null || rows.isEmpty()) {
            progress.batch(index, null, List.of(), true);
            return;
        }
        int[] c = progress.columns(rows.get(0).columns());
        List<Map.Entry<Position, String>> versions = FeedProgress.newVersions();
        List<Row> kept = progress.suppressDuplicates ? new ArrayList<>(rows.size()) : rows;
        Position last = null;
        for (Row row : rows) {
            Position p = progress.positionOf(row, c);
            last = p;
            if (progress.suppressDuplicates) {
                String key = c[2] < 0 ? "" : String.valueOf(row.value(c[2]));
                if (progress.memory.wasDelivered(p, key)) {
                    progress.suppressed.incrementAndGet();
                    continue;
                }
                versions.add(Map.entry(p, key));
                kept.add(row);
            }
        }
        // a batch left empty is settled already: the export route does not open it
        progress.batch(index, last, versions, kept.isEmpty());
        if (kept != rows) {
            batch.getIn().setBody(kept);
        }
    }

    /** Split step, after a batch was delivered: every record of it is acknowledged or dead-lettered. */
    public void settled(Exchange batch) {
        FeedProgress progress = batch.getProperty(PROPERTY, FeedProgress.class);
        if (progress != null) {
            progress.settled(batch.getProperty(Exchange.SPLIT_INDEX, Integer.class));
        }
    }

    /** Last step, on success and on failure: the watermark moves past what was delivered, and no further. */
    public void advance(Exchange exchange) {
        FeedProgress progress = exchange.getProperty(PROPERTY, FeedProgress.class);
        if (progress == null || progress.job.exactlyOnce()) {
            // exactly-once: the watermark moves with the run's transaction only (ExactlyOnceRuns.commit)
            return;
        }
        ExportRun run = ExportRuns.runOf(exchange);
        String jobId = progress.job.id();
        try {
            Position from = progress.from.position();
            Position upTo = progress.settledUpTo();
            long suppressed = progress.suppressed.get();
            if (suppressed > 0) {
                meters.suppressed(jobId, suppressed);
            }
            if (upTo == null || upTo.compareTo(from) <= 0) {
                LOG.info("Feed {}: run {} watermark stays at {} ({} batch(es) read, {} duplicate(s) in the overlap left out; bound: {}, lag {} s)",
                        jobId, run.runId(), from, progress.batchesRead(), suppressed, progress.ceiling.method(), progress.memory.lag().toSeconds());
                return;
            }
            if (store.advance(jobId, progress.from.revision(), upTo, clock.instant(), "run " + run.runId())) {
                LOG.info("Feed {}: run {} watermark {} -> {} (every record up to it acknowledged or dead-lettered; {} duplicate(s) in the overlap"
                        + " left out; bound: {}, lag {} s)", jobId, run.runId(), from, upTo, suppressed, progress.ceiling.method(),
                        progress.memory.lag().toSeconds());
            } else {
                LOG.warn("Feed {}: run {} did not move the watermark to {}: an operator changed it during the run (their value stands)",
                        jobId, run.runId(), upTo);
            }
            if (progress.suppressDuplicates) {
                progress.memory.pruneBelow(below(upTo, progress.job.feed()));
            }
        } catch (RuntimeException e) {
            // the rows after the old watermark come again on the next run: duplicates, never a loss
            LOG.error("Feed {}: run {} could not store its watermark: {}", jobId, run.runId(), e.toString());
        }
    }
}
