package io.querycast.job;

import java.util.Optional;

/** The operators' enable/disable decisions per job, where they outlive the process (the state store). */
public interface JobSwitches {

    Optional<JobSwitch> find(String jobId);

    void save(JobSwitch decision);

    void clear(String jobId);
}
