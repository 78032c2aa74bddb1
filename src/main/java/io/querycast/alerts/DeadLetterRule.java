package io.querycast.alerts;

import io.querycast.job.ExportJob;
import io.querycast.job.JobCatalog;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A job's dead-letter topic is growing: records were written to it in the window
 * ({@code querycast_records_dead_lettered_total}). They wait there for someone to fix the data and replay them.
 */
@Component
public final class DeadLetterRule extends ConfiguredRule {

    static final String NAME = "dead-letters";
    static final RuleSettings DEFAULTS = new RuleSettings(true, null, null, Duration.ofMinutes(15), Duration.ZERO, null, null);

    private final MeterSamples samples;
    private final JobCatalog jobs;

    public DeadLetterRule(AlertSettings alerts, MeterSamples samples, JobCatalog jobs) {
        super(NAME, DEFAULTS, alerts);
        this.samples = samples;
        this.jobs = jobs;
    }

    @Override
    public String description() {
        return "records of a job were written to its dead-letter topic in the last " + Texts.duration(settings.window());
    }

    @Override
    public List<Finding> evaluate(Instant now) {
        List<Finding> out = new ArrayList<>();
        for (ExportJob job : jobs.all()) {
            double dead = samples.over(job.id(), settings.window()).deadLettered();
            if (dead > 0) {
                out.add(Finding.job(job.id(), Texts.count(dead) + " record(s) written to dead-letter topic " + job.delivery().deadLetterTopic()
                        + " in the last " + Texts.duration(settings.window())));
            }
        }
        return out;
    }
}
