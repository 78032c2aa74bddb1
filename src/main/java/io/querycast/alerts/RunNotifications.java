package io.querycast.alerts;

import io.querycast.job.EmailNotification;
import io.querycast.job.JobCatalog;
import io.querycast.run.RunListener;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import org.apache.camel.ProducerTemplate;

/**
 * Per-job {@code email_notification}: when a run ends, queues its summary mail for the route
 * querycast-notifications, so the run's thread never waits for the mail server.
 */
public final class RunNotifications implements RunListener {

    private final JobCatalog jobs;
    private final ProducerTemplate producer;

    public RunNotifications(JobCatalog jobs, ProducerTemplate producer) {
        this.jobs = jobs;
        this.producer = producer;
    }

    @Override
    public void runFinished(RunRecord run) {
        EmailNotification wanted = jobs.find(run.jobId()).map(j -> j.emailNotification()).orElse(EmailNotification.NONE);
        if (wanted.wanted(run.status() == RunStatus.SUCCESS)) {
            producer.sendBody(Notifications.QUEUE, new RunSummary(run, wanted.recipients()));
        }
    }
}
