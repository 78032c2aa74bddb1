package io.querycast.alerts;

import io.querycast.job.ExportJob;
import io.querycast.job.JobCatalog;
import io.querycast.job.JobControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A job's runs fail: of its runs that ended in the window ({@code querycast_run_duration_seconds_count} by
 * status), more than {@code threshold} % ended {@code failed} (a query or connection error, or fewer rows
 * sent than the job's success_threshold). With {@code disable-job} the job is also disabled when the alert
 * fires, as an operator would through the API, so a broken job stops hitting its database until someone
 * enables it again.
 */
@Component
public final class ErrorRateRule extends ConfiguredRule {

    static final String NAME = "error-rate";
    static final RuleSettings DEFAULTS = new RuleSettings(true, 10.0, null, Duration.ofMinutes(1), Duration.ZERO, null, false);
    private static final Logger LOG = LoggerFactory.getLogger(ErrorRateRule.class);

    private final MeterSamples samples;
    private final JobCatalog jobs;
    private final JobControl control;

    public ErrorRateRule(AlertSettings alerts, MeterSamples samples, JobCatalog jobs, JobControl control) {
        super(NAME, DEFAULTS, alerts);
        this.samples = samples;
        this.jobs = jobs;
        this.control = control;
    }

    @Override
    public String description() {
        return "more than " + Texts.percent(settings.threshold()) + " of a job's runs that ended in the last "
                + Texts.duration(settings.window()) + " failed" + (settings.disableJob() ? "; the job is disabled when the alert fires" : "");
    }

    @Override
    public List<Finding> evaluate(Instant now) {
        List<Finding> out = new ArrayList<>();
        for (ExportJob job : jobs.all()) {
            MeterSamples.Counts c = samples.over(job.id(), settings.window());
            long ended = c.runs();
            long failed = c.runs("failed");
            if (ended > 0 && failed * 100.0 / ended > settings.threshold()) {
                out.add(Finding.job(job.id(), "error rate " + Texts.percent(failed * 100.0 / ended) + " > " + Texts.percent(settings.threshold())
                        + " over the last " + Texts.duration(settings.window()) + " (" + failed + " of " + ended + " runs failed)"));
            }
        }
        return out;
    }

    @Override
    public void fired(Alert alert) {
        if (!settings.disableJob()) {
            return;
        }
        ExportJob job = jobs.find(alert.labels().get("job")).orElse(null);
        if (job == null || !control.started(job.id())) {
            return;
        }
        try {
            control.switchTo(job, false, "alert:" + NAME);
            LOG.warn("Alert {}: job {} disabled; POST /api/jobs/{}/enable once it is fixed", NAME, job.id(), job.id());
        } catch (IllegalStateException e) {
            LOG.error("Alert {}: job {} could not be disabled: {}", NAME, job.id(), e.getMessage());
        }
    }
}
