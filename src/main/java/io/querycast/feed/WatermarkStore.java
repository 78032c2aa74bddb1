package io.querycast.feed;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** The watermarks in the state store ({@code querycast_watermarks}) and the audit of operators' changes. */
public final class WatermarkStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public WatermarkStore(DataSource stateStore) {
        this.jdbc = new JdbcTemplate(stateStore);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(stateStore));
    }

    public Optional<Watermark> find(String jobId) {
        return jdbc.query("SELECT job_id, last_id, last_ts, sql_hash, revision, updated_at, updated_by FROM querycast_watermarks WHERE job_id = ?",
                WatermarkStore::watermark, jobId).stream().findFirst();
    }

    private static Watermark watermark(ResultSet rs, int i) throws SQLException {
        long id = rs.getLong(2);
        Long lastId = rs.wasNull() ? null : id;
        return new Watermark(rs.getString(1), new Position(Position.parseTimestamp(rs.getString(3)), lastId), rs.getString(4), rs.getLong(5),
                rs.getObject(6, OffsetDateTime.class).toInstant(), rs.getString(7));
    }

    /** A job's first watermark: the start, for this query. @return false when another instance made it first */
    public boolean create(String jobId, String sqlHash, Instant at, String by) {
        try {
            jdbc.update("INSERT INTO querycast_watermarks (job_id, last_id, last_ts, sql_hash, revision, updated_at, updated_by)"
                    + " VALUES (?, NULL, NULL, ?, 0, ?, ?)", jobId, sqlHash, utc(at), by);
            return true;
        } catch (DuplicateKeyException raced) {
            return false;
        }
    }

    /**
     * A run moves the watermark it started from. @return false when it changed meanwhile (an operator set it):
     * the operator's value wins, the run's rows past it come again
     */
    public boolean advance(String jobId, long fromRevision, Position to, Instant at, String by) {
        return jdbc.update("UPDATE querycast_watermarks SET last_id = ?, last_ts = ?, revision = revision + 1, updated_at = ?, updated_by = ?"
                + " WHERE job_id = ? AND revision = ?", nullableLong(to.id()), text(to.timestampText()), utc(at), by, jobId, fromRevision) == 1;
    }

    /**
     * Exactly-once: the state store's copy catches up with the watermark a run committed to the state topic (the
     * process stopped between the commit and the store's update). @return false when the copy changed meanwhile
     */
    public boolean restore(String jobId, long fromRevision, Position to, long revision, Instant at, String by) {
        return jdbc.update("UPDATE querycast_watermarks SET last_id = ?, last_ts = ?, revision = ?, updated_at = ?, updated_by = ?"
                + " WHERE job_id = ? AND revision = ?", nullableLong(to.id()), text(to.timestampText()), revision, utc(at), by, jobId, fromRevision) == 1;
    }

    /** An operator's change (set, rewind, reset, confirm): the new position and hash, and its audit record, in one transaction. */
    public Watermark change(String jobId, String action, Position to, String newHash, Instant at, String by) {
        return tx.execute(status -> {
            Optional<Watermark> old = find(jobId);
            if (old.isEmpty()) {
                create(jobId, newHash, at, by);
            }
            jdbc.update("UPDATE querycast_watermarks SET last_id = ?, last_ts = ?, sql_hash = ?, revision = revision + 1, updated_at = ?, updated_by = ?"
                    + " WHERE job_id = ?", nullableLong(to.id()), text(to.timestampText()), newHash, utc(at), by, jobId);
            Position before = old.map(Watermark::position).orElse(Position.START);
            jdbc.update("INSERT INTO querycast_watermark_changes (job_id, action, changed_by, changed_at, old_id, old_ts, new_id, new_ts, old_hash, new_hash)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", jobId, action, by, utc(at), nullableLong(before.id()), text(before.timestampText()),
                    nullableLong(to.id()), text(to.timestampText()), text(old.map(Watermark::sqlHash).orElse(null)), newHash);
            return find(jobId).orElseThrow();
        });
    }

    /** The latest operators' changes of a job, newest first. */
    public List<WatermarkChange> changes(String jobId, int limit) {
        return jdbc.query("SELECT job_id, action, changed_by, changed_at, old_id, old_ts, new_id, new_ts, old_hash, new_hash"
                + " FROM querycast_watermark_changes WHERE job_id = ? ORDER BY changed_at DESC, change_id DESC", (rs, i) -> {
            long oldId = rs.getLong(5);
            Long o = rs.wasNull() ? null : oldId;
            long newId = rs.getLong(7);
            Long n = rs.wasNull() ? null : newId;
            return new WatermarkChange(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class).toInstant(),
                    new Position(Position.parseTimestamp(rs.getString(6)), o), new Position(Position.parseTimestamp(rs.getString(8)), n),
                    rs.getString(9), rs.getString(10));
        }, jobId).stream().limit(limit).toList();
    }

    private static Object nullableLong(Long v) {
        return v == null ? new org.springframework.jdbc.core.SqlParameterValue(Types.BIGINT, null) : v;
    }

    private static Object text(String v) {
        return v == null ? new org.springframework.jdbc.core.SqlParameterValue(Types.VARCHAR, null) : v;
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
