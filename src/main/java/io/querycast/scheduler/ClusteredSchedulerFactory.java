package io.querycast.scheduler;

import io.querycast.config.ConfigException;
import io.querycast.job.ExportJob;
import io.querycast.job.JobCatalog;
import org.quartz.CronTrigger;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SchedulerFactory;
import org.quartz.Trigger;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Quartz scheduler camel-quartz uses (it asks this factory, and starts and stops what it gets): a JDBC job
 * store in the state store, clustered, with the instance id of {@code querycast.state.instance-id}. Before
 * Camel schedules the jobs, the shared store is brought in line with this instance's job files, and the
 * scheduler gets the {@link FireListener} that decides each fire.
 */
final class ClusteredSchedulerFactory implements SchedulerFactory {

    /** The group of the export routes' {@code quartz:querycast/<job>} endpoints. */
    static final String GROUP = "querycast";
    static final String TABLE_PREFIX = "QUERYCAST_QRTZ_";
    private static final Logger LOG = LoggerFactory.getLogger(ClusteredSchedulerFactory.class);
    private static final AtomicInteger PROVIDERS = new AtomicInteger();
    /** Quartz keeps schedulers in a JVM-wide repository by name; several applications in one JVM (tests) must not meet there. */
    private static final Object REPOSITORY = new Object();

    private final SchedulerSettings settings;
    private final String instanceId;
    private final String product;
    private final DataSource pool;
    private final JobCatalog jobs;
    private final FireListener listener;
    private Scheduler scheduler;

    ClusteredSchedulerFactory(SchedulerSettings settings, String instanceId, String product, DataSource pool, JobCatalog jobs,
                              FireListener listener) {
        this.settings = settings;
        this.instanceId = instanceId;
        this.product = product;
        this.pool = pool;
        this.jobs = jobs;
        this.listener = listener;
    }

    Properties quartzProperties(String dataSourceName) {
        Properties p = new Properties();
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, settings.name());
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, instanceId);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        // Camel's MBeans are what the console shows; Quartz's would clash between applications sharing a JVM
        p.setProperty("org.quartz.scheduler.jmx.export", "false");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(settings.threadCount()));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "querycast-run");
        // JobStoreTX whose release of an acquired trigger keeps a job's runs one at a time across instances
        p.setProperty("org.quartz.jobStore.class", NonConcurrentJobStore.class.getName());
        p.setProperty("org.quartz.jobStore.driverDelegateClass", product.equals("postgresql")
                ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        p.setProperty("org.quartz.jobStore.tablePrefix", TABLE_PREFIX);
        p.setProperty("org.quartz.jobStore.isClustered", Boolean.toString(settings.clustered()));
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(settings.checkinInterval().toMillis()));
        p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(settings.misfireThreshold().toMillis()));
        // one instance at a time takes the next due trigger, under the store's TRIGGER_ACCESS row lock
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        settings.properties().forEach(p::setProperty);
        return p;
    }

    @Override
    public synchronized Scheduler getScheduler() throws SchedulerException {
        if (scheduler != null && !scheduler.isShutdown()) {
            return scheduler;
        }
        String dataSourceName = "querycast-state-" + PROVIDERS.incrementAndGet();
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new StateStoreConnections(pool));
        synchronized (REPOSITORY) {
            scheduler = new StdSchedulerFactory(quartzProperties(dataSourceName)).getScheduler();
            // the name must stay the cluster's (it keys the rows of the job store), so free it for the next application
            SchedulerRepository.getInstance().remove(scheduler.getSchedulerName());
        }
        new InstanceIdGuard(pool, settings, instanceId).check();
        scheduler.getListenerManager().addTriggerListener(listener);
        reconcile(scheduler);
        LOG.info("Scheduler: Quartz {} job store in the state store ({}), schedule '{}', instance '{}', {} threads, check-in every {} ms,"
                        + " misfire threshold {} ms", settings.clustered() ? "clustered JDBC" : "JDBC", product, settings.name(), instanceId,
                settings.threadCount(), settings.checkinInterval().toMillis(), settings.misfireThreshold().toMillis());
        return scheduler;
    }

    @Override
    public Scheduler getScheduler(String name) throws SchedulerException {
        Scheduler s = getScheduler();
        return s.getSchedulerName().equals(name) ? s : null;
    }

    @Override
    public synchronized Collection<Scheduler> getAllSchedulers() {
        return scheduler == null ? List.of() : List.of(scheduler);
    }

    /**
     * The shared store holds the jobs of every instance's job files: a job this instance has no file for is
     * removed (a fire of it landing here could not run), and one whose recovery or time zone changed is
     * removed so that its route schedules it anew (camel-quartz only compares the cron expression).
     */
    private void reconcile(Scheduler s) throws SchedulerException {
        for (JobKey key : s.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
            ExportJob job = jobs.find(key.getName()).orElse(null);
            if (job == null) {
                LOG.warn("Scheduler: job '{}' is in the shared schedule but has no job file here: removed. Every instance must have the same"
                        + " job files (docs/deployment.md#several-instances)", key.getName());
                s.deleteJob(key);
                continue;
            }
            JobDetail detail = s.getJobDetail(key);
            String changed = null;
            if (detail != null && detail.requestsRecovery() != job.scheduling().recover()) {
                changed = "recover is now " + job.scheduling().recover();
            }
            for (Trigger t : s.getTriggersOfJob(key)) {
                if (t instanceof CronTrigger cron && !cron.getTimeZone().getID().equals(job.timezone().getId())) {
                    changed = "timezone is now " + job.timezone().getId();
                }
            }
            if (changed != null) {
                LOG.info("Scheduler: job '{}': {}: scheduled anew", key.getName(), changed);
                s.deleteJob(key);
            }
        }
    }

    /** For the API: the next fire time of each trigger of the job, from the shared store. */
    static List<? extends Trigger> triggersOf(Scheduler s, String jobId) throws SchedulerException {
        return s.getTriggersOfJob(JobKey.jobKey(jobId, GROUP));
    }

    /**
     * Two live instances with one instance id would take each other's fires for their own: refuse to start when
     * the id's check-in row is being written by someone else. A row that stays still is a dead process's (this
     * instance restarting after a kill), which Quartz recovers at the first check-in.
     */
    record InstanceIdGuard(DataSource pool, SchedulerSettings settings, String instanceId) {

        void check() {
            if (!settings.clustered()) {
                return;
            }
            Long first = lastCheckin();
            if (first == null || System.currentTimeMillis() - first > 2 * settings.checkinInterval().toMillis() + 7_500) {
                return;
            }
            try {
                Thread.sleep(settings.checkinInterval().toMillis() + 1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Long second = lastCheckin();
            if (second != null && second > first) {
                throw new ConfigException("querycast.state.instance-id: '" + instanceId + "' is in use by another running instance of schedule '"
                        + settings.name() + "' (it checked in " + (System.currentTimeMillis() - second) + " ms ago): give each instance its own id");
            }
        }

        private Long lastCheckin() {
            Collection<Map<String, Object>> rows = new JdbcTemplate(pool).queryForList(
                    "SELECT LAST_CHECKIN_TIME FROM " + TABLE_PREFIX + "SCHEDULER_STATE WHERE SCHED_NAME = ? AND INSTANCE_NAME = ?",
                    settings.name(), instanceId);
            return rows.stream().map(r -> ((Number) r.values().iterator().next()).longValue()).findFirst().orElse(null);
        }
    }
}
