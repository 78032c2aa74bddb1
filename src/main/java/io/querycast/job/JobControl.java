package io.querycast.job;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;

/**
 * Enables or disables a job while the application runs: the decision goes to the state store, which every
 * instance's scheduler reads at each fire ({@link JobEnablement}), so it applies to every instance sharing the
 * store at once and outlives restarts ({@link JobRoutes} reads it back). Routes stay started: a fire may land on
 * any instance. The API's enable/disable and the error-rate alert use it.
 */
public final class JobControl {

    private static final Logger LOG = LoggerFactory.getLogger(JobControl.class);

    private final CamelContext camel;
    private final JobCatalog jobs;
    private final JobSwitches switches;
    private final JobEnablement enablement;
    private final Clock clock;

    public JobControl(CamelContext camel, JobCatalog jobs, JobSwitches switches, Clock clock) {
        this.camel = camel;
        this.jobs = jobs;
        this.switches = switches;
        this.enablement = new JobEnablement(switches);
        this.clock = clock;
    }

    /** @param by who decided: a user name, or {@code alert:<rule>} */
    public void switchTo(ExportJob job, boolean enabled, String by) {
        switches.save(new JobSwitch(job.id(), enabled, job.enabled(), by, clock.instant()));
        LOG.info("Job {} {} by {} (on every instance sharing the state store)", job.id(), enabled ? "enabled" : "disabled", by);
    }

    /** Whether the job fires: enabled (the decision in the state store, else its file) and its route up here. */
    public boolean started(String jobId) {
        return jobs.find(jobId).map(job -> enablement.enabled(job)
                && camel.getRouteController().getRouteStatus(jobId) == ServiceStatus.Started).orElse(false);
    }

    /** The API decision in force for the job, if any. */
    public Optional<JobSwitch> decision(ExportJob job) {
        return enablement.decision(job);
    }
}
