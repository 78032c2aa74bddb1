package io.querycast.history;

import io.querycast.config.HistorySettings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.querycast.run.ExportRun;
import io.querycast.run.RunHistory;
import io.querycast.run.RunOutput;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.run.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The run history in the state store's {@code querycast_runs} table, one row per run: inserted as
 * {@code running} when the run starts, its counts checkpointed while it runs (at each progress mark and every
 * {@code checkpoint-interval} for every run of this instance), completed with its counts when it ends. A run
 * still going in this process is answered from memory, so queries show its live counts.
 * <p>
 * Instances may share the store. A run whose instance stopped checkpointing it for {@code orphan-after} was
 * left by a process that died (killed, crashed, power lost): any instance closes it as {@code interrupted}, at
 * the time of its last checkpoint and with its counts as of then, the records without a known outcome counted
 * failed. At start an instance also closes its own earlier process's runs at once.
 */
public final class JdbcRunHistory implements RunHistory {

    static final String FOUND_RUNNING = "application stopped during the run (found running at start)";
    static final String ORPHANED = "instance %s stopped during the run: no checkpoint since %s (closed by instance %s);"
            + " counts as of that checkpoint, records without a known outcome counted failed";
    static final int ERROR_LENGTH = 4000;

    private static final Logger LOG = LoggerFactory.getLogger(JdbcRunHistory.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> PARAMETERS = new TypeReference<>() {
    };
    private static final String SELECT = "SELECT export_id, job_id, query_file, db_connection, kafka_connection, topic, export_mode,"
            + " trigger_type, parameters, status, started_at, finished_at, rows_read, sent, failed, dead_lettered, bytes,"
            + " duration_ms, kafka_ms, error_text, instance_id, due_at, skipped, output_file, output_message_id FROM querycast_runs";

    private final NamedParameterJdbcTemplate jdbc;
    private final String instanceId;
    private final Duration retention;
    private final Clock clock;
    private final Duration checkpointInterval;
    private final Duration orphanAfter;
    private final Map<String, ExportRun> active = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    public JdbcRunHistory(DataSource dataSource, String instanceId, Duration retention, Clock clock) {
        this(dataSource, instanceId, HistorySettings.STANDARD.withRetention(retention), clock);
    }

    public JdbcRunHistory(DataSource dataSource, String instanceId, HistorySettings settings, Clock clock) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.instanceId = instanceId;
        this.retention = settings.retention();
        this.checkpointInterval = settings.checkpointInterval();
        this.orphanAfter = settings.orphanAfter();
        this.clock = clock;
    }

    /**
     * Closes the runs this instance's earlier process and dead instances left running, prunes old runs, and
     * starts checkpointing this instance's runs (and looking for other instances' orphans) on a timer.
     */
    public void start() {
        int own = closeLeftRunning(true);
        int orphans = closeLeftRunning(false);
        int pruned = prune();
        LOG.info("Run history: {} run(s) left running by this instance's earlier process and {} by stopped instances closed as interrupted;"
                        + " {} run(s) older than {} days deleted; checkpoints every {} s, runs without one for {} s are closed as interrupted",
                own, orphans, pruned, retention.toDays(), checkpointInterval.toSeconds(), orphanAfter.toSeconds());
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "querycast-run-checkpoints");
            t.setDaemon(true);
            return t;
        });
        long every = checkpointInterval.toMillis();
        timer.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    /** Stops the checkpoint timer; the runs still going record their own end. */
    public void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void tick() {
        try {
            active.values().forEach(this::checkpoint);
            closeLeftRunning(false);
        } catch (RuntimeException e) {
            // the state store may be away for a while: the next tick tries again
            LOG.warn("Run history: checkpoint failed: {}", e.getMessage());
        }
    }

    /**
     * Closes as interrupted the rows still {@code running} that no live process will end: this instance's own
     * (at start, its earlier process is gone), or any whose last checkpoint is older than {@code orphan-after}.
     * The update repeats the condition, so a run checkpointed meanwhile, or closed by another instance, is left.
     */
    private int closeLeftRunning(boolean ownEarlierProcess) {
        Instant now = clock.instant();
        Instant staleBefore = now.minus(orphanAfter);
        String condition = ownEarlierProcess ? "instance_id = :me"
                : "COALESCE(checkpointed_at, started_at) < :staleBefore AND instance_id <> :me";
        MapSqlParameterSource params = new MapSqlParameterSource("running", RunStatus.RUNNING.toString())
                .addValue("me", instanceId).addValue("staleBefore", timestamp(staleBefore));
        List<LeftRunning> left = jdbc.query("SELECT export_id, instance_id, started_at, checkpointed_at FROM querycast_runs"
                        + " WHERE status = :running AND " + condition, params,
                (rs, n) -> new LeftRunning(rs.getString("export_id"), rs.getString("instance_id"), instant(rs, "started_at"),
                        instant(rs, "checkpointed_at")));
        int closed = 0;
        for (LeftRunning run : left) {
            if (active.containsKey(run.id())) {
                continue;
            }
            Instant stoppedAt = run.checkpointedAt() == null ? run.startedAt() : run.checkpointedAt();
            String error = ownEarlierProcess && run.checkpointedAt() == null ? FOUND_RUNNING
                    : String.format(Locale.ROOT, ORPHANED, run.instance(), stoppedAt, instanceId);
            int n = jdbc.update("UPDATE querycast_runs SET status = :interrupted, finished_at = :stoppedAt, duration_ms = :ms,"
                            + " failed = rows_read - sent - dead_lettered - skipped, error_text = :error"
                            + " WHERE export_id = :id AND status = :running AND " + condition,
                    new MapSqlParameterSource(params.getValues())
                            .addValue("id", run.id())
                            .addValue("interrupted", RunStatus.INTERRUPTED.toString())
                            .addValue("stoppedAt", timestamp(stoppedAt))
                            .addValue("ms", Math.max(0, Duration.between(run.startedAt(), stoppedAt).toMillis()))
                            .addValue("error", error));
            if (n > 0) {
                closed++;
                LOG.warn("Run {} of instance {} was still running when its process stopped (last checkpoint {}): recorded as interrupted",
                        run.id(), run.instance(), stoppedAt);
            }
        }
        return closed;
    }

    private record LeftRunning(String id, String instance, Instant startedAt, Instant checkpointedAt) {
    }

    /** Deletes the finished runs that started longer ago than the retention; called at start and daily. */
    int prune() {
        Instant cutoff = clock.instant().minus(retention);
        int deleted = jdbc.update("DELETE FROM querycast_runs WHERE started_at < :cutoff AND status <> :running",
                new MapSqlParameterSource("cutoff", timestamp(cutoff)).addValue("running", RunStatus.RUNNING.toString()));
        jdbc.update("DELETE FROM querycast_run_ids WHERE reserved_at < :cutoff", Map.of("cutoff", timestamp(cutoff)));
        if (deleted > 0) {
            LOG.info("Run history: {} run(s) that started before {} deleted (retention {} days)", deleted, cutoff, retention.toDays());
        }
        return deleted;
    }

    @Override
    public void started(ExportRun run) {
        RunRecord r = run.snapshot();
        jdbc.update("INSERT INTO querycast_runs (export_id, job_id, instance_id, query_file, db_connection, kafka_connection, topic,"
                        + " export_mode, trigger_type, parameters, status, started_at, rows_read, sent, failed, dead_lettered, bytes, kafka_ms,"
                        + " checkpointed_at, due_at, skipped)"
                        + " VALUES (:id, :job, :instance, :query, :db, :kafka, :topic, :mode, :trigger, :parameters, :status, :startedAt,"
                        + " :rowsRead, :sent, :failed, :deadLettered, :bytes, :kafkaMs, :startedAt, :dueAt, :skipped)",
                counts(r).addValue("job", r.jobId())
                        .addValue("instance", instanceId)
                        .addValue("query", r.queryFile())
                        .addValue("db", r.dbConnection())
                        .addValue("kafka", r.kafkaConnection())
                        .addValue("topic", r.topic())
                        .addValue("mode", r.exportMode())
                        .addValue("trigger", r.trigger().toString())
                        .addValue("parameters", toJson(r.parameters()))
                        .addValue("startedAt", timestamp(r.startedAt()))
                        .addValue("dueAt", r.dueAt() == null ? null : timestamp(r.dueAt()), Types.TIMESTAMP_WITH_TIMEZONE));
        active.put(run.runId(), run);
    }

    /** Writes the run's counts so far; a run another instance already closed (it took this one for dead) stays closed. */
    @Override
    public void checkpoint(ExportRun run) {
        if (run.status() != RunStatus.RUNNING) {
            return;
        }
        RunRecord r = run.snapshot();
        try {
            jdbc.update("UPDATE querycast_runs SET rows_read = :rowsRead, sent = :sent, failed = :failed, dead_lettered = :deadLettered,"
                            + " bytes = :bytes, kafka_ms = :kafkaMs, skipped = :skipped, checkpointed_at = :now WHERE export_id = :id AND status = :running",
                    counts(r).addValue("now", timestamp(clock.instant())).addValue("running", RunStatus.RUNNING.toString()));
        } catch (DataAccessException e) {
            LOG.warn("Run history: checkpoint of run {} failed, the next one tries again: {}", r.runId(), e.getMessage());
        }
    }

    /**
     * A failure to write the end is logged, not thrown: the run is over and its summary line has its
     * outcome; an exception here would only reach the route's error handling of a run that already ended.
     */
    @Override
    public void finished(ExportRun run) {
        RunRecord r = run.snapshot();
        try {
            jdbc.update("UPDATE querycast_runs SET status = :status, finished_at = :finishedAt, error_text = :error, rows_read = :rowsRead,"
                            + " sent = :sent, failed = :failed, dead_lettered = :deadLettered, bytes = :bytes, duration_ms = :durationMs,"
                            + " kafka_ms = :kafkaMs, skipped = :skipped, checkpointed_at = :finishedAt, output_file = :outputFile,"
                            + " output_message_id = :messageId WHERE export_id = :id",
                    counts(r).addValue("finishedAt", timestamp(r.finishedAt()))
                            .addValue("outputFile", clip(r.output().file(), 1000), Types.VARCHAR)
                            .addValue("messageId", clip(r.output().messageId(), 300), Types.VARCHAR)
                            .addValue("error", truncate(r.error()), Types.VARCHAR)
                            .addValue("durationMs", r.duration().toMillis()));
        } catch (DataAccessException e) {
            LOG.error("Run history: the end of run {} ({}) could not be recorded, its row stays running until the next start: {}",
                    r.runId(), r.status(), e.getMessage());
        } finally {
            active.remove(run.runId());
        }
    }

    @Override
    public Optional<RunRecord> find(String runId) {
        ExportRun live = active.get(runId);
        if (live != null) {
            return Optional.of(live.snapshot().onInstance(instanceId));
        }
        return jdbc.query(SELECT + " WHERE export_id = :id", Map.of("id", runId), this::record).stream().findFirst();
    }

    @Override
    public List<RunRecord> recent(String jobId, int limit) {
        MapSqlParameterSource params = new MapSqlParameterSource("limit", limit).addValue("job", jobId);
        String where = jobId == null ? "" : " WHERE job_id = :job";
        Map<String, ExportRun> live = Map.copyOf(active);
        return withLiveCounts(live, jdbc.query(SELECT + where + " ORDER BY started_at DESC, export_id DESC FETCH FIRST :limit ROWS ONLY", params, this::record));
    }

    @Override
    public List<RunRecord> search(RunQuery q) {
        MapSqlParameterSource params = new MapSqlParameterSource("limit", q.limit()).addValue("offset", q.offset());
        List<String> where = new java.util.ArrayList<>();
        if (q.jobId() != null) {
            where.add("job_id = :job");
            params.addValue("job", q.jobId());
        }
        if (q.status() != null) {
            where.add("status = :status");
            params.addValue("status", q.status().toString());
        }
        if (q.exportMode() != null) {
            where.add("export_mode = :mode");
            params.addValue("mode", q.exportMode());
        }
        if (q.from() != null) {
            where.add("started_at >= :from");
            params.addValue("from", timestamp(q.from()));
        }
        if (q.to() != null) {
            where.add("started_at < :to");
            params.addValue("to", timestamp(q.to()));
        }
        String sql = SELECT + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY started_at DESC, export_id DESC OFFSET :offset ROWS FETCH FIRST :limit ROWS ONLY";
        Map<String, ExportRun> live = Map.copyOf(active);
        return withLiveCounts(live, jdbc.query(sql, params, this::record));
    }

    /**
     * Rows of runs in progress replaced by their live counts. {@code live} must be taken before the rows
     * are read: a run that ends in between is then either in it (its final counts, from memory) or already
     * complete in the rows, never a row read before its end whose run has left memory since.
     */
    private List<RunRecord> withLiveCounts(Map<String, ExportRun> live, List<RunRecord> rows) {
        return rows.stream()
                .map(r -> {
                    ExportRun run = live.get(r.runId());
                    return run == null ? r : run.snapshot().onInstance(instanceId);
                })
                .toList();
    }

    @Override
    public boolean exists(String runId) {
        return active.containsKey(runId)
                || jdbc.queryForObject("SELECT COUNT(*) FROM querycast_runs WHERE export_id = :id", Map.of("id", runId), Integer.class) > 0;
    }

    @Override
    public boolean reserve(String runId) {
        if (exists(runId)) {
            return false;
        }
        try {
            jdbc.update("INSERT INTO querycast_run_ids (export_id, instance_id, reserved_at) VALUES (:id, :instance, :at)",
                    new MapSqlParameterSource("id", runId).addValue("instance", instanceId).addValue("at", timestamp(clock.instant())));
            return true;
        } catch (org.springframework.dao.DuplicateKeyException taken) {
            return false;
        }
    }

    private static MapSqlParameterSource counts(RunRecord r) {
        return new MapSqlParameterSource("id", r.runId())
                .addValue("status", r.status().toString())
                .addValue("rowsRead", r.rowsRead())
                .addValue("sent", r.sent())
                .addValue("failed", r.failed())
                .addValue("deadLettered", r.deadLettered())
                .addValue("bytes", r.bytes())
                .addValue("kafkaMs", r.kafkaDuration().toMillis())
                .addValue("skipped", r.skipped());
    }

    private RunRecord record(ResultSet rs, int rowNum) throws SQLException {
        Instant startedAt = instant(rs, "started_at");
        Instant finishedAt = instant(rs, "finished_at");
        // a run still going (in a process that stopped, or later another instance) has no duration yet
        Duration duration = finishedAt == null ? Duration.between(startedAt, clock.instant()) : Duration.ofMillis(rs.getLong("duration_ms"));
        return new RunRecord(
                rs.getString("export_id"),
                rs.getString("job_id"),
                rs.getString("query_file"),
                rs.getString("db_connection"),
                Trigger.valueOf(rs.getString("trigger_type").toUpperCase(Locale.ROOT)),
                fromJson(rs.getString("parameters")),
                startedAt,
                finishedAt,
                RunStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                rs.getString("error_text"),
                rs.getLong("rows_read"),
                rs.getLong("sent"),
                rs.getLong("failed"),
                rs.getLong("dead_lettered"),
                rs.getLong("bytes"),
                duration,
                Duration.ofMillis(rs.getLong("kafka_ms")),
                rs.getString("topic"),
                rs.getString("kafka_connection"),
                rs.getString("export_mode"),
                rs.getString("instance_id"),
                instant(rs, "due_at"),
                rs.getLong("skipped"),
                new RunOutput(rs.getString("output_file"), rs.getString("output_message_id")));
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static String clip(String text, int length) {
        return text == null || text.length() <= length ? text : text.substring(0, length - 1) + "…";
    }

    private static String truncate(String error) {
        return error == null || error.length() <= ERROR_LENGTH ? error : error.substring(0, ERROR_LENGTH - 1) + "…";
    }

    private static String toJson(Map<String, String> parameters) {
        try {
            return JSON.writeValueAsString(parameters);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("parameters cannot be written as JSON", e);
        }
    }

    private static Map<String, String> fromJson(String json) {
        try {
            return JSON.readValue(json, PARAMETERS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("parameters column is not a JSON object of strings: " + json, e);
        }
    }
}
