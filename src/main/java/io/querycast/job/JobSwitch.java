package io.querycast.job;

import java.time.Instant;

/**
 * An operator's decision to enable or disable a job through the API, kept in the state store so a restart
 * does not undo it. {@code fileEnabled} is the job file's {@code enabled} when the decision was taken: once
 * the file says otherwise, the file is the newer decision and wins.
 */
public record JobSwitch(String jobId, boolean enabled, boolean fileEnabled, String changedBy, Instant changedAt) {

    /** Whether this decision still applies to a job whose file now says {@code fileEnabledNow}. */
    public boolean appliesTo(boolean fileEnabledNow) {
        return fileEnabled == fileEnabledNow;
    }
}
