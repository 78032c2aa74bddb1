package io.querycast.job;

import java.util.Optional;

/**
 * Whether a job is enabled now: its file's {@code enabled}, unless an operator switched it through the API
 * since the file last said so. The decision is read from the shared state store at every fire and request, so
 * an enable or disable on any instance applies to every instance at once.
 */
public final class JobEnablement {

    private final JobSwitches switches;

    public JobEnablement(JobSwitches switches) {
        this.switches = switches;
    }

    public boolean enabled(ExportJob job) {
        return decision(job).map(JobSwitch::enabled).orElse(job.enabled());
    }

    /** The API decision in force for the job, if any: one the job file has since overruled does not count. */
    public Optional<JobSwitch> decision(ExportJob job) {
        return switches.find(job.id()).filter(d -> d.appliesTo(job.enabled()));
    }
}
