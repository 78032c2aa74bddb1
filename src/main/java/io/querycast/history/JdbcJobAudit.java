package io.querycast.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.querycast.job.JobAudit;
import io.querycast.job.JobFieldDiff;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** {@link JobAudit} in the state store's {@code querycast_job_audit} table (migration V8). */
public final class JdbcJobAudit implements JobAudit {

    /** The column's size: a longer list of changes keeps its first fields and says so. */
    static final int MAX_CHANGES_CHARS = 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;

    public JdbcJobAudit(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public void record(Entry entry) {
        jdbc.update("INSERT INTO querycast_job_audit (job_id, action, changed_by, changed_at, file, changes, instance_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                entry.jobId(), entry.action().toString(), entry.by(), OffsetDateTime.ofInstant(entry.at(), ZoneOffset.UTC), entry.file(),
                changesJson(entry.changes()), entry.instanceId());
    }

    static String changesJson(List<JobFieldDiff.Change> changes) {
        try {
            List<JobFieldDiff.Change> kept = changes;
            String json = JSON.writeValueAsString(kept);
            while (json.length() > MAX_CHANGES_CHARS && kept.size() > 1) {
                kept = kept.subList(0, kept.size() / 2);
                json = JSON.writeValueAsString(kept.stream().map(c -> new JobFieldDiff.Change(c.field(), cut(c.before()), cut(c.after()))).toList());
            }
            if (json.length() > MAX_CHANGES_CHARS) {
                json = JSON.writeValueAsString(List.of(new JobFieldDiff.Change("(file)", null, "changes too large to record")));
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cut(String v) {
        return v == null || v.length() <= 1000 ? v : v.substring(0, 1000) + "…";
    }

    @Override
    public List<Entry> of(String jobId, int limit) {
        return jdbc.query("SELECT job_id, action, changed_by, changed_at, file, changes, instance_id FROM querycast_job_audit"
                        + " WHERE job_id = ? ORDER BY changed_at DESC, id DESC FETCH FIRST " + Math.max(1, Math.min(limit, 1000)) + " ROWS ONLY",
                (rs, i) -> new Entry(rs.getString(1), Action.valueOf(rs.getString(2).toUpperCase(java.util.Locale.ROOT)), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5), parse(rs.getString(6)), rs.getString(7)),
                jobId);
    }

    private static List<JobFieldDiff.Change> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<JobFieldDiff.Change>>() { });
        } catch (JsonProcessingException e) {
            return List.of(new JobFieldDiff.Change("(unreadable)", null, null));
        }
    }
}
