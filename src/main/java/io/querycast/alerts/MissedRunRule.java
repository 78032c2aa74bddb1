package io.querycast.alerts;

import io.querycast.job.ExportJob;
import io.querycast.job.JobCatalog;
import io.querycast.job.JobControl;
import io.querycast.run.RunHistory;
import io.querycast.run.RunRecord;
import org.quartz.CronExpression;
import org.springframework.stereotype.Component;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An enabled job did not fire when due: its schedule's first fire time after the job's last run started (the
 * run history, which survives restarts) is more than {@code grace} ago and no run started since. That is a
 * run still going when the next one was due (a job never runs twice at once), a Quartz thread pool that is
 * exhausted, or the application being down at that time. Disabled jobs are not due; a job enabled while the
 * application runs is due from the moment it was enabled; a job without any recorded run, from the
 * application's start.
 */
@Component
public final class MissedRunRule extends ConfiguredRule {

    static final String NAME = "missed-run";
    static final RuleSettings DEFAULTS = new RuleSettings(true, null, null, null, Duration.ZERO, Duration.ofMinutes(5), null);

    private final JobCatalog jobs;
    private final RunHistory history;
    private final JobControl control;
    private final Instant startedAt;
    /** Jobs whose route this rule saw start after its first evaluation, and when. */
    private final Map<String, Instant> enabledAt = new ConcurrentHashMap<>();
    private final Map<String, Boolean> seenStarted = new ConcurrentHashMap<>();

    public MissedRunRule(AlertSettings alerts, JobCatalog jobs, RunHistory history, JobControl control, java.time.Clock clock) {
        super(NAME, DEFAULTS, alerts);
        this.jobs = jobs;
        this.history = history;
        this.control = control;
        this.startedAt = clock.instant();
    }

    @Override
    public String description() {
        return "an enabled job's schedule was due more than " + Texts.duration(settings.grace()) + " ago and no run started since";
    }

    @Override
    public List<Finding> evaluate(Instant now) {
        List<Finding> out = new ArrayList<>();
        for (ExportJob job : jobs.all()) {
            boolean started = control.started(job.id());
            Boolean before = seenStarted.put(job.id(), started);
            if (!started) {
                enabledAt.remove(job.id());
                continue;
            }
            if (before != null && !before) {
                enabledAt.put(job.id(), now);
            }
            Instant lastRun = history.recent(job.id(), 1).stream().findFirst().map(RunRecord::startedAt).orElse(null);
            Instant from = lastRun != null ? lastRun : startedAt;
            Instant enabled = enabledAt.get(job.id());
            if (enabled != null && enabled.isAfter(from)) {
                from = enabled;
            }
            Instant due = nextFire(job, from);
            if (due != null && due.plus(settings.grace()).isBefore(now)) {
                out.add(Finding.job(job.id(), "due at " + due + " (schedule '" + job.schedule().original() + "', " + job.timezone().getId()
                        + ") and not fired for " + Texts.duration(Duration.between(due, now).withNanos(0)) + "; last run started "
                        + (lastRun == null ? "never" : lastRun.toString())));
            }
        }
        return out;
    }

    private static Instant nextFire(ExportJob job, Instant after) {
        try {
            CronExpression cron = new CronExpression(job.schedule().quartz());
            cron.setTimeZone(TimeZone.getTimeZone(job.timezone()));
            Date next = cron.getTimeAfter(Date.from(after));
            return next == null ? null : next.toInstant();
        } catch (ParseException e) {
            // checked when the job file was read
            throw new IllegalStateException("job " + job.id() + ": schedule '" + job.schedule().quartz() + "': " + e.getMessage(), e);
        }
    }
}
