package io.querycast.history;

import io.querycast.job.JobSwitch;
import io.querycast.job.JobSwitches;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** {@link JobSwitches} in the state store's {@code querycast_job_switches} table, one row per job at most. */
public final class JdbcJobSwitches implements JobSwitches {

    private final JdbcTemplate jdbc;

    /** The schema must be in place: the run history's start brings it up to date. */
    public JdbcJobSwitches(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public Optional<JobSwitch> find(String jobId) {
        return jdbc.query("SELECT job_id, enabled, file_enabled, changed_by, changed_at FROM querycast_job_switches WHERE job_id = ?",
                (rs, i) -> new JobSwitch(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant()), jobId).stream().findFirst();
    }

    @Override
    public void save(JobSwitch decision) {
        // update, else insert: H2 and PostgreSQL spell an upsert differently; two operators switching the same
        // job at once meet on the primary key, and the later one updates
        if (update(decision) == 0) {
            try {
                jdbc.update("INSERT INTO querycast_job_switches (job_id, enabled, file_enabled, changed_by, changed_at) VALUES (?, ?, ?, ?, ?)",
                        decision.jobId(), decision.enabled(), decision.fileEnabled(), decision.changedBy(), utc(decision));
            } catch (DuplicateKeyException raced) {
                update(decision);
            }
        }
    }

    private int update(JobSwitch decision) {
        return jdbc.update("UPDATE querycast_job_switches SET enabled = ?, file_enabled = ?, changed_by = ?, changed_at = ? WHERE job_id = ?",
                decision.enabled(), decision.fileEnabled(), decision.changedBy(), utc(decision), decision.jobId());
    }

    private static OffsetDateTime utc(JobSwitch decision) {
        return OffsetDateTime.ofInstant(decision.changedAt(), ZoneOffset.UTC);
    }

    @Override
    public void clear(String jobId) {
        jdbc.update("DELETE FROM querycast_job_switches WHERE job_id = ?", jobId);
    }
}
