package io.querycast.job;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Enables or disables a job while the application runs: starts or stops its route (a stopped route's Quartz
 * trigger is paused, so it never fires) and keeps the decision in the state store, so a restart does not
 * undo it ({@link JobRoutes} reads it back). The API's enable/disable and the error-rate alert use it.
 */
public final class JobControl {

    private static final Logger LOG = LoggerFactory.getLogger(JobControl.class);

    private final CamelContext camel;
    private final JobSwitches switches;
    private final Clock clock;

    public JobControl(CamelContext camel, JobSwitches switches, Clock clock) {
        this.camel = camel;
        this.switches = switches;
        this.clock = clock;
    }

    /**
     * @param by who decided: a user name, or {@code alert:<rule>}
     * @throws IllegalStateException when the route cannot be started or stopped
     */
    public void switchTo(ExportJob job, boolean enabled, String by) {
        try {
            if (enabled) {
                camel.getRouteController().startRoute(job.id());
            } else {
                camel.getRouteController().stopRoute(job.id());
            }
        } catch (Exception ex) {
            throw new IllegalStateException("could not " + (enabled ? "start" : "stop") + " the route of job '" + job.id() + "': "
                    + ex.getMessage(), ex);
        }
        switches.save(new JobSwitch(job.id(), enabled, job.enabled(), by, clock.instant()));
        LOG.info("Job {} {} by {}", job.id(), enabled ? "enabled (route started)" : "disabled (route stopped)", by);
    }

    public boolean started(String jobId) {
        return camel.getRouteController().getRouteStatus(jobId) == ServiceStatus.Started;
    }
}
