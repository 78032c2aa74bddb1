package io.querycast.alerts;

import io.querycast.job.ExportJob;
import io.querycast.job.JobCatalog;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A job's records are not getting through: of the records settled in the window (sent, failed,
 * dead-lettered: {@code querycast_records_*_total}), less than {@code threshold} % were acknowledged by Kafka.
 */
@Component
public final class SuccessRateRule extends ConfiguredRule {

    static final String NAME = "success-rate";
    static final RuleSettings DEFAULTS = new RuleSettings(true, 95.0, null, Duration.ofMinutes(5), Duration.ZERO, null, null);

    private final MeterSamples samples;
    private final JobCatalog jobs;

    public SuccessRateRule(AlertSettings alerts, MeterSamples samples, JobCatalog jobs) {
        super(NAME, DEFAULTS, alerts);
        this.samples = samples;
        this.jobs = jobs;
    }

    @Override
    public String description() {
        return "less than " + Texts.percent(settings.threshold()) + " of a job's records settled in the last "
                + Texts.duration(settings.window()) + " were acknowledged by Kafka";
    }

    @Override
    public List<Finding> evaluate(Instant now) {
        List<Finding> out = new ArrayList<>();
        for (ExportJob job : jobs.all()) {
            MeterSamples.Counts c = samples.over(job.id(), settings.window());
            double settled = c.sent() + c.failed() + c.deadLettered();
            if (settled > 0 && c.sent() * 100.0 / settled < settings.threshold()) {
                out.add(Finding.job(job.id(), "success rate " + Texts.percent(c.sent() * 100.0 / settled) + " < "
                        + Texts.percent(settings.threshold()) + " over the last " + Texts.duration(settings.window()) + " ("
                        + Texts.count(c.sent()) + " of " + Texts.count(settled) + " records sent, " + Texts.count(c.failed())
                        + " failed, " + Texts.count(c.deadLettered()) + " dead-lettered)"));
            }
        }
        return out;
    }
}
