package io.querycast.scheduler;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.jdbcjobstore.JobStoreSupport;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.simpl.CascadingClassLoadHelper;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.SchedulerSignaler;
import org.quartz.spi.TriggerFiredResult;
import org.quartz.utils.DBConnectionManager;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances' job stores on one clustered store (H2, the state store's own Quartz tables), driven step by step
 * through Quartz's job store SPI as each instance's scheduler thread drives it. The race of quartz-scheduler/quartz#674:
 * <ol>
 *   <li>B acquires the second trigger of a non-concurrent job;</li>
 *   <li>A fires the first one, which blocks B's;</li>
 *   <li>B's fire finds its trigger blocked and releases it.</li>
 * </ol>
 * With Quartz's own store the release unblocks the trigger and B runs the job beside A. With
 * {@link NonConcurrentJobStore} the trigger stays blocked until A's run completes.
 */
class NonConcurrentJobStoreTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    @DisallowConcurrentExecution
    public static class NonConcurrentJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
        }
    }

    private String dataSourceName;
    private JdbcTemplate sql;
    private final List<JobStoreSupport> stores = new java.util.ArrayList<>();

    @BeforeEach
    void store() {
        dataSourceName = "nonconcurrent-test-" + DATABASES.incrementAndGet();
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + dataSourceName + ";DB_CLOSE_DELAY=-1");
        new ResourceDatabasePopulator(new ClassPathResource("db/state/h2/V6__quartz_job_store.sql")).execute(h2);
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new StateStoreConnections(h2));
        sql = new JdbcTemplate(h2);
    }

    @AfterEach
    void shutdown() {
        stores.forEach(JobStoreSupport::shutdown);
        sql.execute("SHUTDOWN");
    }

    /** An instance's job store, clustered and acquiring within the lock as the application configures it. */
    private JobStoreSupport instance(JobStoreSupport store, String id) throws Exception {
        store.setDataSource(dataSourceName);
        store.setTablePrefix(ClusteredSchedulerFactory.TABLE_PREFIX);
        store.setInstanceName("querycast-test");
        store.setInstanceId(id);
        store.setIsClustered(true);
        store.setAcquireTriggersWithinLock(true);
        store.setDriverDelegateClass("org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        CascadingClassLoadHelper classes = new CascadingClassLoadHelper();
        classes.initialize();
        store.initialize(classes, new NoSignals());
        stores.add(store);
        return store;
    }

    private static OperableTrigger trigger(JobDetail job, String name, long startAt) {
        OperableTrigger t = (OperableTrigger) TriggerBuilder.newTrigger().withIdentity(name, "querycast").forJob(job).startAt(new Date(startAt)).build();
        t.computeFirstFireTime(null);
        return t;
    }

    /** What each store holds after A fired the first trigger and B's fire of the second found it blocked and released it. */
    private record Race(JobStoreSupport a, JobStoreSupport b, JobDetail job, OperableTrigger firing, OperableTrigger released) {
    }

    private Race race(JobStoreSupport a, JobStoreSupport b) throws Exception {
        JobDetail job = JobBuilder.newJob(NonConcurrentJob.class).withIdentity("slow", "querycast").storeDurably().build();
        long now = System.currentTimeMillis();
        a.storeJob(job, false);
        // two manual runs of one job asked of two instances at once
        a.storeTrigger(trigger(job, "run-a", now - 2_000), false);
        b.storeTrigger(trigger(job, "run-b", now - 1_000), false);

        List<OperableTrigger> acquiredByA = a.acquireNextTriggers(now + 1_000, 1, 0L);
        List<OperableTrigger> acquiredByB = b.acquireNextTriggers(now + 1_000, 1, 0L);
        assertThat(acquiredByA).extracting(t -> t.getKey().getName()).containsExactly("run-a");
        assertThat(acquiredByB).extracting(t -> t.getKey().getName()).containsExactly("run-b");

        List<TriggerFiredResult> firedByA = a.triggersFired(acquiredByA);
        assertThat(firedByA.get(0).getTriggerFiredBundle()).as("A runs the job").isNotNull();
        assertThat(b.getTriggerState(TriggerKey.triggerKey("run-b", "querycast"))).isEqualTo(Trigger.TriggerState.BLOCKED);
        List<TriggerFiredResult> firedByB = b.triggersFired(acquiredByB);
        assertThat(firedByB.get(0).getTriggerFiredBundle()).as("B's trigger is blocked: not fired").isNull();
        // what Quartz's scheduler thread does with a trigger it could not fire
        b.releaseAcquiredTrigger(acquiredByB.get(0));
        return new Race(a, b, job, acquiredByA.get(0), acquiredByB.get(0));
    }

    @Test
    void aTriggerReleasedWhileItsJobRunsElsewhereStaysBlockedUntilTheRunCompletes() throws Exception {
        Race r = race(instance(new NonConcurrentJobStore(), "a"), instance(new NonConcurrentJobStore(), "b"));
        TriggerKey runB = r.released().getKey();

        assertThat(r.b().getTriggerState(runB)).as("A's run is in progress").isEqualTo(Trigger.TriggerState.BLOCKED);
        assertThat(r.b().acquireNextTriggers(System.currentTimeMillis() + 1_000, 1, 0L)).as("nothing B may fire meanwhile").isEmpty();

        r.a().triggeredJobComplete(r.firing(), r.job(), Trigger.CompletedExecutionInstruction.NOOP);
        assertThat(r.b().getTriggerState(runB)).as("A's run completed").isEqualTo(Trigger.TriggerState.NORMAL);
        List<OperableTrigger> next = r.b().acquireNextTriggers(System.currentTimeMillis() + 1_000, 1, 0L);
        assertThat(next).extracting(t -> t.getKey().getName()).containsExactly("run-b");
        assertThat(r.b().triggersFired(next).get(0).getTriggerFiredBundle()).as("B runs the job after A").isNotNull();
    }

    @Test
    void quartzsOwnStoreUnblocksItAndTheJobRunsTwiceAtOnce() throws Exception {
        // why NonConcurrentJobStore exists; once this fails, Quartz fixed its release and the subclass can go
        Race r = race(instance(new JobStoreTX(), "a"), instance(new JobStoreTX(), "b"));
        assertThat(r.b().getTriggerState(r.released().getKey())).isEqualTo(Trigger.TriggerState.NORMAL);
        List<OperableTrigger> again = r.b().acquireNextTriggers(System.currentTimeMillis() + 1_000, 1, 0L);
        assertThat(r.b().triggersFired(again).get(0).getTriggerFiredBundle()).as("B fires while A's run is in progress").isNotNull();
    }

    @Test
    void aTriggerBlockedWithNothingRunningIsReleasedToWaiting() throws Exception {
        // quartz-scheduler/quartz#145, what Quartz's release of BLOCKED triggers is for: the fire that blocked it is
        // gone without completing (its record lost), so nothing would ever unblock the trigger
        Race r = race(instance(new NonConcurrentJobStore(), "a"), instance(new NonConcurrentJobStore(), "b"));
        TriggerKey runB = r.released().getKey();
        assertThat(r.b().getTriggerState(runB)).isEqualTo(Trigger.TriggerState.BLOCKED);

        sql.update("DELETE FROM " + ClusteredSchedulerFactory.TABLE_PREFIX + "FIRED_TRIGGERS WHERE TRIGGER_NAME = 'run-a'");
        r.b().releaseAcquiredTrigger(r.released());
        assertThat(r.b().getTriggerState(runB)).as("released with no run of the job in progress").isEqualTo(Trigger.TriggerState.NORMAL);
        assertThat(r.b().acquireNextTriggers(System.currentTimeMillis() + 1_000, 1, 0L)).extracting(t -> t.getKey().getName()).containsExactly("run-b");
    }

    /** The scheduler's callbacks; the stores are driven without a scheduler. */
    private static final class NoSignals implements SchedulerSignaler {
        @Override
        public void notifyTriggerListenersMisfired(Trigger trigger) {
        }

        @Override
        public void notifySchedulerListenersFinalized(Trigger trigger) {
        }

        @Override
        public void notifySchedulerListenersJobDeleted(org.quartz.JobKey jobKey) {
        }

        @Override
        public void signalSchedulingChange(long candidateNewNextFireTime) {
        }

        @Override
        public void notifySchedulerListenersError(String string, SchedulerException jpe) {
        }
    }
}
