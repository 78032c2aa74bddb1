package io.querycast.scheduler;

import org.quartz.JobKey;
import org.quartz.JobPersistenceException;
import org.quartz.impl.jdbcjobstore.FiredTriggerRecord;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.spi.OperableTrigger;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Quartz's JDBC job store ({@code JobStoreTX}), except that releasing an acquired trigger leaves it
 * {@code BLOCKED} while a run of its job is in progress. This is what keeps a job's runs one at a time across
 * the cluster.
 *
 * <p>Quartz 2.5.0 puts a released trigger back to {@code WAITING} even when it is {@code BLOCKED}
 * (quartz-scheduler/quartz#146, for triggers left blocked with nothing running, #145). Between instances that
 * races:
 * <ol>
 *   <li>Instance B acquires a trigger of a non-concurrent job.</li>
 *   <li>Instance A fires another trigger of the same job, which blocks B's trigger.</li>
 *   <li>B's fire finds its trigger blocked and releases it, and the release makes it {@code WAITING} again.</li>
 *   <li>B acquires and fires it while A's run is still going (quartz-scheduler/quartz#674).</li>
 * </ol>
 * Two manual runs of one job asked of two instances at once ran side by side that way (ClusterTest).
 *
 * <p>Here a released trigger is unblocked only when no fire of its job that disallows concurrent execution is
 * recorded as in progress. Quartz writes that record when it fires, under the same {@code TRIGGER_ACCESS} lock
 * this release runs in. A trigger whose blocker is gone (#145's case) is still released to {@code WAITING}.
 * Otherwise it stays {@code BLOCKED} until the run in progress completes, and Quartz then unblocks every trigger
 * of the job, or until the cluster's recovery of a failed instance does.
 */
public class NonConcurrentJobStore extends JobStoreTX {

    @Override
    protected void releaseAcquiredTrigger(Connection conn, OperableTrigger trigger) throws JobPersistenceException {
        try {
            getDelegate().updateTriggerStateFromOtherState(conn, trigger.getKey(), STATE_WAITING, STATE_ACQUIRED);
            getDelegate().deleteFiredTrigger(conn, trigger.getFireInstanceId());
            if (!runInProgress(conn, trigger.getJobKey())) {
                getDelegate().updateTriggerStateFromOtherState(conn, trigger.getKey(), STATE_WAITING, STATE_BLOCKED);
            }
        } catch (SQLException e) {
            throw new JobPersistenceException("Couldn't release acquired trigger: " + e.getMessage(), e);
        }
    }

    /** A fire of the job is recorded and marks it non-concurrent: Quartz sets that flag when the fire starts executing. */
    private boolean runInProgress(Connection conn, JobKey job) throws SQLException, JobPersistenceException {
        for (FiredTriggerRecord r : getDelegate().selectFiredTriggerRecordsByJob(conn, job.getName(), job.getGroup())) {
            if (r.isJobDisallowsConcurrentExecution()) {
                return true;
            }
        }
        return false;
    }
}
