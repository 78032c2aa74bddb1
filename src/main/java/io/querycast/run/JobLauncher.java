package io.querycast.run;

import io.querycast.job.ExportJob;
import io.querycast.job.JobCatalog;
import io.querycast.job.JobEnablement;
import io.querycast.job.JobRoutes;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.JobDataMap;
import org.quartz.JobKey;
import org.quartz.SchedulerException;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Map;

/**
 * Starts a job now, outside its schedule, through Quartz itself: the run goes through the same route
 * and the same "one run at a time" rule as a scheduled fire, and waits if one is in progress. With a
 * clustered scheduler the request is a one-shot trigger in the shared job store: exactly one instance runs
 * it, whichever asked, and a run of the job in progress on any instance makes it wait.
 */
public final class JobLauncher {


    private final CamelContext camel;
    private final JobCatalog jobs;
    private final JobEnablement enablement;
    private final RunIdGenerator runIds;
    private final Clock clock;

    public JobLauncher(CamelContext camel, JobCatalog jobs, JobEnablement enablement, RunIdGenerator runIds, Clock clock) {
        this.camel = camel;
        this.jobs = jobs;
        this.enablement = enablement;
        this.runIds = runIds;
        this.clock = clock;
    }

    /**
     * @param overrides parameter values for this run only (bound as JDBC values like any other)
     * @return the run id the run will have
     */
    public String runNow(String jobId, Trigger trigger, Map<String, String> overrides) {
        ExportJob job = jobs.require(jobId);
        // the scheduler refuses a disabled job's fires (on whichever instance it lands): say so now instead
        if (!enablement.enabled(job)) {
            throw new IllegalStateException("job " + job.id() + " is disabled");
        }
        String runId = runIds.next(job.queryFile(), LocalDateTime.now(clock.withZone(job.timezone())));
        JobDataMap data = new JobDataMap();
        data.put(ExportRuns.RUN_ID_KEY, runId);
        data.put(ExportRuns.TRIGGER_KEY, trigger.name());
        data.put(ExportRuns.OVERRIDES_KEY, Map.copyOf(overrides));
        try {
            QuartzComponent quartz = camel.getComponent("quartz", QuartzComponent.class);
            JobKey key = JobKey.jobKey(job.id(), JobRoutes.QUARTZ_GROUP);
            if (!quartz.getScheduler().checkExists(key)) {
                throw new IllegalStateException("job " + job.id() + " is not scheduled (disabled or its route is stopped)");
            }
            quartz.getScheduler().triggerJob(key, data);
            return runId;
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start job " + job.id() + ": " + e.getMessage(), e);
        }
    }
}
