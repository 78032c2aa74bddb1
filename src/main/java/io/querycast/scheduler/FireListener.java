package io.querycast.scheduler;

import io.querycast.job.ExportJob;
import io.querycast.job.JobCatalog;
import io.querycast.job.JobEnablement;
import io.querycast.run.ExportRuns;
import io.querycast.run.Trigger;
import org.apache.camel.component.quartz.QuartzConstants;
import org.quartz.CronTrigger;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.Trigger.CompletedExecutionInstruction;
import org.quartz.TriggerListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * Decides each fire of an export job, on whichever instance Quartz gives it to: what kind of fire it is
 * (schedule, catch-up of a missed fire, recovery of a dead instance's run) and when it was due, written into
 * the fire's data for {@link ExportRuns}; whether it runs at all (a disabled job's or, with
 * {@code misfire_policy: skip}, one later than the grace period do not, and the log says so).
 * <p>
 * Misfires are Quartz's own: a fire more than {@code misfire-threshold} late (the application was stopped, every
 * instance was down, or a long run held the job) is handled by the trigger's misfire instruction, camel-quartz's
 * "fire once now", whatever the number of fires missed. Such a catch-up is recognised by the schedule having a
 * fire between the trigger's previous fire and this one.
 */
final class FireListener implements TriggerListener {

    static final String NAME = "querycast-fires";
    private static final Logger LOG = LoggerFactory.getLogger(FireListener.class);

    private final JobCatalog jobs;
    private final JobEnablement enablement;

    FireListener(JobCatalog jobs, JobEnablement enablement) {
        this.jobs = jobs;
        this.enablement = enablement;
    }

    @Override
    public String getName() {
        return NAME;
    }

    /** What a fire stands for: its kind and the schedule's time it was due at (null for a request). */
    record Fire(Trigger kind, Instant due, Instant at) {
        Duration lateness() {
            return due == null ? Duration.ZERO : Duration.between(due, at);
        }
    }

    static Fire classify(org.quartz.Trigger trigger, JobExecutionContext context) {
        Instant at = context.getFireTime().toInstant();
        if (context.isRecovering()) {
            String original = context.getMergedJobDataMap().getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_FIRETIME_IN_MILLISECONDS);
            return new Fire(Trigger.RECOVERY, original == null ? null : Instant.ofEpochMilli(Long.parseLong(original)), at);
        }
        if (!(trigger instanceof CronTrigger)) {
            return new Fire(null, null, at);
        }
        Date scheduled = context.getScheduledFireTime();
        Date previous = context.getPreviousFireTime();
        Date firstAfterPrevious = previous == null ? null : trigger.getFireTimeAfter(previous);
        if (firstAfterPrevious != null && firstAfterPrevious.before(scheduled)) {
            // Quartz moved the trigger's fire time to "now": the schedule's fire(s) since the previous one were missed
            return new Fire(Trigger.MISFIRE, firstAfterPrevious.toInstant(), at);
        }
        return new Fire(Trigger.CRON, scheduled.toInstant(), at);
    }

    @Override
    public void triggerFired(org.quartz.Trigger trigger, JobExecutionContext context) {
        if (!isExport(context)) {
            return;
        }
        Fire fire = classify(trigger, context);
        JobDataMap data = context.getMergedJobDataMap();
        thisInstancesCamelContext(context, data);
        if (fire.kind() == Trigger.RECOVERY) {
            // a recovered request keeps its parameters, not its run id: the dead instance's run keeps that one
            data.remove(ExportRuns.RUN_ID_KEY);
        }
        if (fire.kind() == Trigger.RECOVERY || fire.kind() == Trigger.MISFIRE) {
            data.put(ExportRuns.TRIGGER_KEY, fire.kind().name());
        }
        if (fire.due() != null) {
            data.put(ExportRuns.DUE_AT_KEY, Long.toString(fire.due().toEpochMilli()));
        }
    }

    @Override
    public boolean vetoJobExecution(org.quartz.Trigger trigger, JobExecutionContext context) {
        if (!isExport(context)) {
            return false;
        }
        String jobId = context.getJobDetail().getKey().getName();
        Optional<ExportJob> found = jobs.find(jobId);
        if (found.isEmpty()) {
            LOG.warn("Export job {}: fired on this instance, which has no job file for it: not run (every instance needs the same job files)", jobId);
            return true;
        }
        ExportJob job = found.get();
        if (!enablement.enabled(job)) {
            LOG.info("Export job {}: fire at {} not run: the job is disabled{}", jobId, context.getScheduledFireTime().toInstant(),
                    enablement.decision(job).map(d -> " (by " + d.changedBy() + " at " + d.changedAt() + ")").orElse(" (its file says enabled: false)"));
            return true;
        }
        Fire fire = classify(trigger, context);
        ExportJob.Scheduling scheduling = job.scheduling();
        if (fire.kind() != Trigger.RECOVERY && fire.due() != null && scheduling.misfirePolicy() == ExportJob.MisfirePolicy.SKIP
                && fire.lateness().compareTo(scheduling.misfireGrace()) > 0) {
            LOG.warn("Export job {}: the fire due at {} starts {} s late, beyond its misfire grace of {} s: skipped (misfire_policy: skip);"
                            + " next fire at {}", jobId, fire.due(), fire.lateness().toSeconds(), scheduling.misfireGrace().toSeconds(),
                    Optional.ofNullable(trigger.getNextFireTime()).map(Date::toInstant).orElse(null));
            return true;
        }
        if (fire.kind() == Trigger.MISFIRE) {
            LOG.info("Export job {}: catching up the fire due at {} ({} s late, misfire_policy: {})", jobId, fire.due(),
                    fire.lateness().toSeconds(), scheduling.misfirePolicy());
        } else if (fire.kind() == Trigger.RECOVERY) {
            LOG.warn("Export job {}: recovering the run of an instance that died during it (fire due at {})", jobId, fire.due());
        }
        return false;
    }

    @Override
    public void triggerMisfired(org.quartz.Trigger trigger) {
        if (!ClusteredSchedulerFactory.GROUP.equals(trigger.getJobKey().getGroup())) {
            return;
        }
        LOG.info("Export job {}: the fire due at {} was missed by more than the misfire threshold (no instance ran it on time)",
                trigger.getJobKey().getName(), Optional.ofNullable(trigger.getNextFireTime()).map(Date::toInstant).orElse(null));
    }

    @Override
    public void triggerComplete(org.quartz.Trigger trigger, JobExecutionContext context, CompletedExecutionInstruction instruction) {
        // the run records its own end
    }

    /**
     * camel-quartz finds the Camel context to run a fire in by the name the job was stored with, by whichever
     * instance stored it first, under whichever name its context had then. The fire runs here: in this
     * scheduler's own (only) Camel context.
     */
    private static void thisInstancesCamelContext(JobExecutionContext context, JobDataMap data) {
        try {
            String prefix = QuartzConstants.QUARTZ_CAMEL_CONTEXT + "-";
            context.getScheduler().getContext().keySet().stream().filter(k -> k.startsWith(prefix)).findFirst()
                    .ifPresent(k -> data.put(QuartzConstants.QUARTZ_CAMEL_CONTEXT_NAME, k.substring(prefix.length())));
        } catch (org.quartz.SchedulerException e) {
            LOG.warn("Scheduler: cannot read the scheduler context: {}", e.getMessage());
        }
    }

    private static boolean isExport(JobExecutionContext context) {
        return ClusteredSchedulerFactory.GROUP.equals(context.getJobDetail().getKey().getGroup());
    }
}
